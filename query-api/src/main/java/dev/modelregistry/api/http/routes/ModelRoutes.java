package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.cache.AnswerCache;
import dev.modelregistry.api.cache.RenderedAnswer;
import dev.modelregistry.api.cluster.ClusterReads;
import dev.modelregistry.api.cluster.Gathered;
import dev.modelregistry.api.cluster.Selection;
import dev.modelregistry.api.http.ApiException;
import dev.modelregistry.api.http.Replies;
import dev.modelregistry.api.http.RequestParams;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.api.query.ModelFilter;
import dev.modelregistry.api.query.ModelQueries;
import dev.modelregistry.schemas.history.ModelHistories;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import io.javalin.http.Context;
import java.time.Instant;

/** {@code GET /v1/models} (filter, sort, page) and {@code GET /v1/models/{id}} (now, as of, or one version). */
public final class ModelRoutes implements RouteGroup {

    private final ClusterReads reads;
    private final AnswerCache cache;
    private final ModelViews views;

    /** @param cache rendered answers of this instance's models and lists, or null to render every answer */
    public ModelRoutes(ClusterReads reads, AnswerCache cache) {
        this.reads = reads;
        this.cache = cache;
        this.views = new ModelViews(cache);
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
        Instant asOf = params.instant("as_of");
        ConsistencyToken min = params.minPosition();
        boolean cacheable = cache != null && asOf == null && min == null;
        String query = ctx.queryString() == null ? "" : ctx.queryString();
        if (cacheable) {
            RenderedAnswer hit = cache.page(query);
            if (hit != null) {
                Replies.send(ctx, hit);
                return;
            }
        }
        long changeCount = cacheable ? cache.changeCount() : 0;
        Gathered all = reads.states(Selection.filtering(filter, params.filterParams()), asOf, min);
        ModelQueries.Page page = ModelQueries.page(all.states(), filter, sort, limit, params.text("cursor"));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray("items");
        page.items().forEach(s -> items.add(SpecJson.state(s)));
        out.put("total", page.total());
        out.put("next_cursor", page.nextCursor());
        RenderedAnswer answer = RenderedAnswer.of(out, all.token() == null ? null : all.token().encode(), null);
        if (cacheable && all.localOnly()) {
            cache.offerPage(changeCount, query, answer);
        }
        Replies.send(ctx, answer);
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
            views.serve(ctx, name, "version=" + version, min, () -> reads.version(name, version, min),
                    id -> ApiException.notFound(id + " has no version " + version), c -> SpecJson.state(ModelHistories.stateOf(c)));
        } else if (asOf != null) {
            views.serve(ctx, name, "as_of=" + asOf, min, () -> reads.asOf(name, asOf, min),
                    id -> ApiException.notFound(id + " has no version valid at " + asOf), SpecJson::state);
        } else {
            views.serve(ctx, name, AnswerCache.CURRENT, min, () -> reads.current(name, min),
                    id -> ApiException.notFound("unknown model '" + id + "'"), SpecJson::state);
        }
    }
}
