package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.cluster.ClusterReads;
import dev.modelregistry.api.cluster.Gathered;
import dev.modelregistry.api.cluster.ModelRead;
import dev.modelregistry.api.cluster.Selection;
import dev.modelregistry.api.http.ApiException;
import dev.modelregistry.api.http.Replies;
import dev.modelregistry.api.http.RequestParams;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.api.query.ModelFilter;
import dev.modelregistry.api.query.ModelQueries;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.history.ModelHistories;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import io.javalin.http.Context;
import java.time.Instant;

/** {@code GET /v1/models} (filter, sort, page) and {@code GET /v1/models/{id}} (now, as of, or one version). */
public final class ModelRoutes implements RouteGroup {

    private final ClusterReads reads;

    public ModelRoutes(ClusterReads reads) {
        this.reads = reads;
    }

    @Override
    public void addTo(RouteTable table) {
        table.get("/v1/models", this::list);
        table.modelGet("", this::one);
    }

    private void list(Context ctx) {
        RequestParams params = RequestParams.of(ctx);
        ModelFilter filter = params.filter();
        int limit = params.limit(50);
        String sort = params.text("sort");
        ModelQueries.comparatorCheck(sort);
        Gathered all = reads.states(Selection.filtering(filter, params.filterParams()), params.instant("as_of"), params.minPosition());
        ModelQueries.Page page = ModelQueries.page(all.states(), filter, sort, limit, params.text("cursor"));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray("items");
        page.items().forEach(s -> items.add(SpecJson.state(s)));
        out.put("total", page.total());
        out.put("next_cursor", page.nextCursor());
        Replies.token(ctx, all.token());
        ctx.json(out);
    }

    private void one(Context ctx, String name) {
        RequestParams params = RequestParams.of(ctx);
        Instant asOf = params.instant("as_of");
        Long version = params.whole("version", 1);
        if (asOf != null && version != null) {
            throw ApiException.badRequest("give as_of or version, not both");
        }
        ConsistencyToken min = params.minPosition();
        if (version != null) {
            ModelRead<ModelChange> read = reads.version(name, version, min);
            ModelChange c = Replies.found(ctx, read, id -> ApiException.notFound(id + " has no version " + version));
            ctx.json(Replies.resolved(SpecJson.state(ModelHistories.stateOf(c)), read));
            return;
        }
        ModelRead<ModelState> read = asOf != null ? reads.asOf(name, asOf, min) : reads.current(name, min);
        ModelState state = Replies.found(ctx, read, id -> ApiException.notFound(asOf == null ? "unknown model '" + id + "'"
                : id + " has no version valid at " + asOf));
        ctx.json(Replies.resolved(SpecJson.state(state), read));
    }
}
