package dev.modelregistry.api.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where route groups register their routes, and the list of documented routes the OpenAPI
 * document is checked against. Model ids contain a slash ({@code provider/slug}), so every
 * {@code /v1/models/{id}...} route shares one Javalin route that picks the handler by the
 * path's suffix ({@code /history}, {@code /diff}...).
 */
public final class RouteTable {

    /** A route whose path names one model. */
    @FunctionalInterface
    public interface ModelHandler {
        /**
         * @param name the model id or alias as given in the path
         */
        void handle(Context ctx, String name) throws Exception;
    }

    /** One documented route: method and OpenAPI path. */
    public record Route(String method, String path) {
    }

    private static final String MODELS = "/v1/models/";

    private final JavalinConfig config;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, ModelHandler> modelGets = new LinkedHashMap<>();
    private final Map<String, ModelHandler> modelPosts = new LinkedHashMap<>();
    private volatile List<String> getSuffixes = List.of();
    private volatile List<String> postSuffixes = List.of();

    RouteTable(JavalinConfig config) {
        this.config = config;
        // First, so that the most asked route is the first Javalin tries; the handlers come later.
        config.routes.get(MODELS + "<id>", ctx -> dispatch(ctx, modelGets, getSuffixes));
        config.routes.post(MODELS + "<id>", ctx -> dispatch(ctx, modelPosts, postSuffixes));
    }

    /** Adds a GET route; {@code path} uses {@code {name}} for path parameters. */
    public void get(String path, Handler handler) {
        routes.add(new Route("GET", path));
        config.routes.get(path, handler);
    }

    /** Adds a POST route. */
    public void post(String path, Handler handler) {
        routes.add(new Route("POST", path));
        config.routes.post(path, handler);
    }

    /** Adds a server-sent events route. */
    public void sse(String path, Consumer<SseClient> handler) {
        routes.add(new Route("GET", path));
        config.routes.sse(path, handler);
    }

    /** Adds {@code GET /v1/models/{id}<suffix>}; suffix "" is the model itself. */
    public void modelGet(String suffix, ModelHandler handler) {
        routes.add(new Route("GET", "/v1/models/{id}" + suffix));
        modelGets.put(suffix, handler);
    }

    /** Adds {@code POST /v1/models/{id}<suffix>}. */
    public void modelPost(String suffix, ModelHandler handler) {
        routes.add(new Route("POST", "/v1/models/{id}" + suffix));
        modelPosts.put(suffix, handler);
    }

    /** Makes the per-model routes answer; call once, after every group registered. */
    void install() {
        getSuffixes = longestFirst(modelGets);
        postSuffixes = longestFirst(modelPosts);
    }

    /** Longest suffix first, so "" (the model itself) is the last resort. */
    private static List<String> longestFirst(Map<String, ModelHandler> handlers) {
        List<String> suffixes = new ArrayList<>(handlers.keySet());
        suffixes.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(suffixes);
    }

    private static void dispatch(Context ctx, Map<String, ModelHandler> handlers, List<String> suffixes) throws Exception {
        String rest = ctx.pathParam("id");
        for (String suffix : suffixes) {
            if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
                handlers.get(suffix).handle(ctx, rest.substring(0, rest.length() - suffix.length()));
                return;
            }
        }
        throw ApiException.notFound("no route " + ctx.method() + " " + ctx.path());
    }

    /** @return every route registered, in order */
    public List<Route> routes() {
        return List.copyOf(routes);
    }
}
