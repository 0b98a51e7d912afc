package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.modelregistry.api.cache.CurrentModelCache;
import dev.modelregistry.api.cache.RenderedAnswer;
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
import java.util.Locale;
import java.util.Map;

/** {@code GET /v1/models} (filter, sort, page) and {@code GET /v1/models/{id}} (now, as of, or one version). */
public final class ModelRoutes implements RouteGroup {

    private final ClusterReads reads;
    private final CurrentModelCache cache;

    /** @param cache current answers of this instance's models, or null to render every answer */
    public ModelRoutes(ClusterReads reads, CurrentModelCache cache) {
        this.reads = reads;
        this.cache = cache;
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
        RenderedAnswer answer = render(out, all.token() == null ? null : all.token().encode(), null);
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
            ModelRead<ModelChange> read = reads.version(name, version, min);
            ModelChange c = Replies.found(ctx, read, id -> ApiException.notFound(id + " has no version " + version));
            Replies.send(ctx, render(SpecJson.state(ModelHistories.stateOf(c)), read));
            return;
        }
        if (asOf == null && min == null && cache != null) {
            current(ctx, name);
            return;
        }
        ModelRead<ModelState> read = asOf != null ? reads.asOf(name, asOf, min) : reads.current(name, min);
        ModelState state = Replies.found(ctx, read, id -> ApiException.notFound(asOf == null ? "unknown model '" + id + "'"
                : id + " has no version valid at " + asOf));
        Replies.send(ctx, render(SpecJson.state(state), read));
    }

    /** The current state, from memory when this instance owns the model and rendered it since its last change. */
    private void current(Context ctx, String name) {
        String id = name.toLowerCase(Locale.ROOT);
        RenderedAnswer hit = cache.get(id);
        if (hit != null) {
            Replies.send(ctx, hit);
            return;
        }
        long generation = cache.generation();
        ModelRead<ModelState> read = reads.current(name, null);
        ModelState state = Replies.found(ctx, read, unknown -> ApiException.notFound("unknown model '" + unknown + "'"));
        RenderedAnswer answer = render(SpecJson.state(state), read);
        // Only this instance's own, direct answers: a relayed or standby answer is not kept up to
        // date by this instance's fold, and an alias may come to name another model.
        if (read instanceof ModelRead.Found<ModelState> found && found.origin() == ModelRead.Origin.HERE
                && found.resolvedFrom() == null && state.getModelId().equals(id)
                && found.token() != null && found.token().offsets().size() == 1) {
            Map.Entry<Integer, Long> at = found.token().offsets().entrySet().iterator().next();
            cache.offer(generation, id, at.getKey(), at.getValue(), answer);
        }
        Replies.send(ctx, answer);
    }

    private static RenderedAnswer render(ObjectNode body, ModelRead<?> read) {
        return render(Replies.resolved(body, read), read.token() == null ? null : read.token().encode(), read.answeredBy());
    }

    private static RenderedAnswer render(ObjectNode body, String token, String answeredBy) {
        try {
            return new RenderedAnswer(SpecJson.MAPPER.writeValueAsBytes(body), token, answeredBy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not serialize", e);
        }
    }
}
