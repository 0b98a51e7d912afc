package dev.modelregistry.api.http.routes;

import dev.modelregistry.api.http.ApiException;
import dev.modelregistry.api.http.OpenApiDocument;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import io.javalin.http.Context;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.catalogs.source.SourceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Health (live, ready), Prometheus metrics and the OpenAPI document. */
public final class OperationsRoutes implements RouteGroup {

    private final Supplier<Optional<String>> notReady;
    private final Supplier<String> metrics;
    private final Supplier<List<SourceStatus>> sources;
    private final Clock clock;

    /**
     * @param notReady why this instance cannot answer yet, or empty when it can
     * @param metrics the Prometheus text exposition
     */
    public OperationsRoutes(Supplier<Optional<String>> notReady, Supplier<String> metrics) {
        this(notReady, metrics, List::of, Clock.systemUTC());
    }

    /**
     * @param sources the sources' statuses: a failing source leaves the instance ready (its data
     *     is older, not wrong) and the ready answer says how stale each source is
     */
    public OperationsRoutes(Supplier<Optional<String>> notReady, Supplier<String> metrics, Supplier<List<SourceStatus>> sources, Clock clock) {
        this.notReady = notReady;
        this.metrics = metrics;
        this.sources = sources;
        this.clock = clock;
    }

    @Override
    public void addTo(RouteTable table) {
        table.get("/health/live", ctx -> ctx.json(Map.of("status", "live")));
        table.get("/health/ready", this::ready);
        table.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.get()));
        String document = OpenApiDocument.json(); // built once: the resource plus the schemas derived from Avro
        table.get("/openapi.json", ctx -> ctx.contentType("application/json").result(document));
    }

    private void ready(Context ctx) {
        Optional<String> why = notReady.get();
        if (why.isPresent()) {
            throw new ApiException(503, "not_ready", why.get(), 1);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("status", "ready");
        Instant now = clock.instant();
        List<SourceStatus> all = sources.get();
        if (!all.isEmpty()) {
            ObjectNode bySource = body.putObject("sources");
            for (SourceStatus s : all) {
                ObjectNode o = bySource.putObject(s.source());
                Duration age = s.age(now);
                if (age == null) {
                    o.putNull("catalog_age_seconds");
                } else {
                    o.put("catalog_age_seconds", age.toSeconds());
                }
                o.put("outcome", s.outcome()).put("consecutive_failures", s.consecutiveFailures()).put("stale", SourceRoutes.stale(s, now));
            }
        }
        ctx.contentType("application/json").result(body.toString());
    }
}
