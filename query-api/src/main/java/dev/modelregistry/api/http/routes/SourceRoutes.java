package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import dev.modelregistry.catalogs.source.SourceStatus;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** {@code GET /v1/sources}: each catalog source's freshness, as the polling instance last published it. */
public final class SourceRoutes implements RouteGroup {

    private final Supplier<List<SourceStatus>> statuses;
    private final Clock clock;

    /**
     * @param statuses every configured source's latest status, in precedence order
     */
    public SourceRoutes(Supplier<List<SourceStatus>> statuses, Clock clock) {
        this.statuses = statuses;
        this.clock = clock;
    }

    @Override
    public void addTo(RouteTable table) {
        table.get("/v1/sources", this::sources);
    }

    private void sources(Context ctx) {
        Instant now = clock.instant();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("now", now.toString());
        ArrayNode list = body.putArray("sources");
        for (SourceStatus s : statuses.get()) {
            list.add(s.toJson(now).put("stale", stale(s, now)));
        }
        ctx.contentType("application/json").result(body.toString());
    }

    /**
     * @return true if a polled source's last poll failed or its copy is older than two of its
     *     intervals: the registry still answers, but with older data than it should
     */
    public static boolean stale(SourceStatus s, Instant now) {
        if (s.notPolledBecause() != null || s.interval() == null) {
            return false;
        }
        Duration age = s.age(now);
        return "failed".equals(s.outcome()) || age == null || age.compareTo(s.interval().multipliedBy(2)) > 0;
    }
}
