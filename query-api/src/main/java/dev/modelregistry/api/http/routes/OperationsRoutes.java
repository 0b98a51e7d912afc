package dev.modelregistry.api.http.routes;

import dev.modelregistry.api.http.ApiException;
import dev.modelregistry.api.http.OpenApiDocument;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Health (live, ready), Prometheus metrics and the OpenAPI document. */
public final class OperationsRoutes implements RouteGroup {

    private final Supplier<Optional<String>> notReady;
    private final Supplier<String> metrics;

    /**
     * @param notReady why this instance cannot answer yet, or empty when it can
     * @param metrics the Prometheus text exposition
     */
    public OperationsRoutes(Supplier<Optional<String>> notReady, Supplier<String> metrics) {
        this.notReady = notReady;
        this.metrics = metrics;
    }

    @Override
    public void addTo(RouteTable table) {
        table.get("/health/live", ctx -> ctx.json(Map.of("status", "live")));
        table.get("/health/ready", this::ready);
        table.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.get()));
        table.get("/openapi.json", ctx -> ctx.contentType("application/json").result(OpenApiDocument.json()));
    }

    private void ready(Context ctx) {
        Optional<String> why = notReady.get();
        if (why.isPresent()) {
            throw new ApiException(503, "not_ready", why.get(), 1);
        }
        ctx.json(Map.of("status", "ready"));
    }
}
