package dev.modelregistry.api.http.routes;

import dev.modelregistry.api.cache.RenderedAnswer;
import dev.modelregistry.api.http.ApiException;
import dev.modelregistry.api.http.Replies;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web UI: {@code GET /} (its page) and {@code GET /ui/{asset}} (its script and style
 * sheet). The files ship in the jar under {@code ui/}; they are read once, at construction, and
 * sent from memory with an ETag (gzipped when the browser accepts it). The page reads the
 * registry through the public JSON API only, so it shows nothing the API does not answer.
 */
public final class UiRoutes implements RouteGroup {

    /** The UI's files in the jar, by the name they are served under, with their media types. */
    public static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    private final Map<String, RenderedAnswer> assets = new LinkedHashMap<>();

    /** @throws UncheckedIOException if a UI file is missing from the jar (a broken build) */
    public UiRoutes() {
        ASSETS.keySet().forEach(name -> assets.put(name, new RenderedAnswer(read(name), null, null)));
    }

    private static byte[] read(String name) {
        try (InputStream in = UiRoutes.class.getResourceAsStream("/ui/" + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("the web UI's ui/" + name + " is not on the class path"));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void addTo(RouteTable table) {
        table.get("/", ctx -> send(ctx, "index.html"));
        table.get("/ui/{asset}", ctx -> {
            String name = ctx.pathParam("asset");
            if (name.equals("index.html") || !assets.containsKey(name)) {
                throw ApiException.notFound("no UI asset '" + name + "'");
            }
            send(ctx, name);
        });
    }

    private void send(Context ctx, String name) {
        // Revalidated on every load (a 304 costs one round trip), so a new version shows at once.
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        if (name.equals("index.html")) {
            // The page runs only its own script and style and talks only to this origin.
            ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'");
        }
        Replies.send(ctx, assets.get(name), ASSETS.get(name));
    }
}
