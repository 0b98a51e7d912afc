package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.cache.AnswerCache;
import dev.modelregistry.api.cache.RenderedAnswer;
import dev.modelregistry.api.cluster.ClusterReads;
import dev.modelregistry.api.cluster.Gathered;
import dev.modelregistry.api.cluster.Selection;
import dev.modelregistry.api.export.CatalogExports;
import dev.modelregistry.api.http.Replies;
import dev.modelregistry.api.http.RequestParams;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The registry in other tools' formats, now or {@code as_of} any instant:
 * {@code /v1/export/litellm} (LiteLLM's cost map, for {@code LITELLM_MODEL_COST_MAP_URL}),
 * {@code /v1/export/models.dev} and {@code /v1/export/openrouter}. Each answer is rendered once
 * per registry position and served from memory with its ETag (304 on a match), gzip, and
 * {@code Cache-Control}, so many proxies polling every minute cost a lookup each.
 */
public final class ExportRoutes implements RouteGroup {

    /** How long a client or proxy may reuse an answer of "now" without asking (s). */
    static final int MAX_AGE_NOW = 60;
    /** An answer as of a past instant only changes if that past is corrected, which is rare. */
    static final int MAX_AGE_PAST = 3600;

    /**
     * @param changeCount the fold's change counter when it was rendered from this instance's
     *     stores alone, else -1 (then only an equal position, learnt by gathering, reuses it)
     */
    private record Rendered(String key, RenderedAnswer answer, long changeCount) {
    }

    private final ClusterReads reads;
    private final AnswerCache changes;
    /** The last answer per format and instant kind; replaced when the registry moves on. */
    private final Map<String, Rendered> last = new ConcurrentHashMap<>();

    /**
     * @param changes the fold's change signal: while it stands still, an answer of "now" read
     *     from this instance's stores alone is still current and is sent without gathering the
     *     states again (the gather was nearly all of a cached answer's cost); null: always gather
     */
    public ExportRoutes(ClusterReads reads, AnswerCache changes) {
        this.reads = reads;
        this.changes = changes;
    }

    @Override
    public void addTo(RouteTable table) {
        table.get("/v1/export/litellm", ctx -> export(ctx, "litellm", CatalogExports::liteLlm));
        table.get("/v1/export/models.dev", ctx -> export(ctx, "models.dev", CatalogExports::modelsDev));
        table.get("/v1/export/openrouter", ctx -> export(ctx, "openrouter", CatalogExports::openRouter));
    }

    private void export(Context ctx, String format, Function<Collection<ModelSpec>, ObjectNode> render) {
        RequestParams params = RequestParams.of(ctx);
        Instant asOf = params.instant("as_of");
        boolean now = asOf == null && params.minPosition() == null && changes != null;
        long changeCount = now ? changes.changeCount() : -1;
        if (now) {
            Rendered current = last.get(format + "|now");
            if (current != null && current.changeCount() >= 0 && current.changeCount() == changeCount) {
                send(ctx, current.answer(), false);
                return;
            }
        }
        Gathered all = reads.states(Selection.ALL, asOf, params.minPosition());
        String token = all.token() == null ? null : all.token().encode();
        // Equal positions (and instant) mean equal states: the rendering can be reused.
        String key = format + "|" + asOf + "|" + token + "|" + all.states().size();
        Rendered cached = last.get(format + "|" + (asOf == null ? "now" : "past"));
        RenderedAnswer answer;
        if (cached != null && cached.key().equals(key)) {
            answer = cached.answer();
        } else {
            List<ModelSpec> specs = all.states().stream().map(ModelState::getSpec).toList();
            answer = RenderedAnswer.of(render.apply(specs), token, null);
            last.put(format + "|" + (asOf == null ? "now" : "past"), new Rendered(key, answer, now && all.localOnly() ? changeCount : -1));
        }
        send(ctx, answer, asOf != null);
    }

    private static void send(Context ctx, RenderedAnswer answer, boolean past) {
        ctx.header("Cache-Control", "public, max-age=" + (past ? MAX_AGE_PAST : MAX_AGE_NOW));
        Replies.send(ctx, answer);
    }
}
