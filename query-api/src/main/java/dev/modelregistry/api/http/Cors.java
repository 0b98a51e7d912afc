package dev.modelregistry.api.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin reads: a page on an allowed origin may call every GET route from the browser
 * (preflight included) and read the registry's headers; writes stay same-origin. Origins are
 * exact ({@code https://tools.example.com}) or {@code *} for any.
 */
public final class Cors {

    static final String EXPOSED = "ETag, X-Consistency-Token, X-Registry-Answered-By, Retry-After";
    static final String ALLOWED_REQUEST_HEADERS = "If-None-Match, X-Min-Position, Last-Event-ID, Accept, Accept-Encoding";

    private final Set<String> origins;
    private final boolean any;

    /**
     * @param origins allowed origins; {@code *} allows any; empty turns CORS off
     */
    public Cors(List<String> origins) {
        this.origins = Set.copyOf(origins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList());
        this.any = this.origins.contains("*");
    }

    /** @return true if no origin is allowed */
    public boolean off() {
        return origins.isEmpty();
    }

    void install(JavalinConfig config) {
        if (off()) {
            return;
        }
        config.routes.before(this::apply);
    }

    private void apply(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || !(any || origins.contains(origin))) {
            return;
        }
        String method = ctx.method().name();
        boolean preflight = method.equals("OPTIONS");
        String wanted = preflight ? ctx.header("Access-Control-Request-Method") : method;
        if (wanted == null || !(wanted.equals("GET") || wanted.equals("HEAD"))) {
            return; // writes are not offered across origins
        }
        ctx.header("Access-Control-Allow-Origin", any ? "*" : origin);
        ctx.header("Vary", "Origin");
        ctx.header("Access-Control-Expose-Headers", EXPOSED);
        if (preflight) {
            ctx.header("Access-Control-Allow-Methods", "GET, HEAD");
            ctx.header("Access-Control-Allow-Headers", ALLOWED_REQUEST_HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
            ctx.skipRemainingHandlers();
        }
    }
}
