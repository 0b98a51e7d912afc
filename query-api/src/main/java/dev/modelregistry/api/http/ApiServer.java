package dev.modelregistry.api.http;

import io.javalin.Javalin;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Javalin on Jetty, the given route groups, and every error as JSON. Knows
 * nothing of Kafka; what the routes read and write comes with the groups.
 */
public final class ApiServer implements AutoCloseable {

    /** The largest request body accepted. */
    static final long MAX_REQUEST_BYTES = 8L << 20;

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** Longest a stop waits for requests in flight, so shutdown never hangs on a slow client. */
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final List<RouteGroup> groups;
    private final Javalin javalin;
    private final RouteTable table;

    /**
     * Starts listening.
     *
     * @param host address to bind
     * @param port port to bind; 0 for any free port
     * @param self this instance's {@code host:port} for {@code X-Registry-Answered-By}, or null
     * @param groups the routes, registered in order
     */
    public ApiServer(String host, int port, String self, List<RouteGroup> groups) {
        this(host, port, self, groups, new Cors(List.of()));
    }

    /**
     * @param cors which other origins may read from a browser
     */
    public ApiServer(String host, int port, String self, List<RouteGroup> groups, Cors cors) {
        this.groups = List.copyOf(groups);
        RouteTable[] registered = new RouteTable[1];
        this.javalin = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.startup.showJavalinBanner = false;
            // POST /v1/cost takes up to 50,000 usage lines (about 100 bytes each); Javalin's default is 1 MB.
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jetty.modifyServer(server -> server.setStopTimeout(STOP_TIMEOUT_MS));
            if (self != null) {
                config.routes.before(ctx -> ctx.header(Replies.ANSWERED_BY, self));
            }
            cors.install(config);
            RouteTable t = new RouteTable(config);
            this.groups.forEach(g -> g.addTo(t));
            t.install();
            registered[0] = t;
            JsonErrors.install(config);
        }).start();
        this.table = registered[0];
        log.info("query API listening on {}:{}", host, javalin.port());
    }

    /** @return the bound port */
    public int port() {
        return javalin.port();
    }

    /** @return every route with the path the OpenAPI document uses */
    public List<RouteTable.Route> routes() {
        return table.routes();
    }

    /** Ends the groups' open streams, then stops the server. */
    @Override
    public void close() {
        groups.forEach(RouteGroup::close);
        try {
            javalin.stop();
        } catch (RuntimeException e) {
            log.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
    }
}
