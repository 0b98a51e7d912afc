package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.cache.AnswerCache;
import dev.modelregistry.api.cluster.ClusterReads;
import dev.modelregistry.api.cluster.ModelRead;
import dev.modelregistry.api.http.ApiException;
import dev.modelregistry.api.http.Replies;
import dev.modelregistry.api.http.RequestParams;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.diff.SpecDiff;
import dev.modelregistry.schemas.history.ModelHistories;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /v1/models/{id}/history} (every version, paged, optionally within a time range) and
 * {@code GET /v1/models/{id}/diff} (field changes between two versions or instants). A plain page
 * reads one key range of the history store (only its versions are decoded); a time range and a
 * diff read the model's whole history once, so both ends of a diff come from the same position.
 */
public final class HistoryRoutes implements RouteGroup {

    private final ClusterReads reads;
    private final ModelViews views;

    /** @param cache rendered answers of this instance's models, or null to render every answer */
    public HistoryRoutes(ClusterReads reads, AnswerCache cache) {
        this.reads = reads;
        this.views = new ModelViews(cache);
    }

    @Override
    public void addTo(RouteTable table) {
        table.modelGet("/history", this::history);
        table.modelGet("/diff", this::diff);
    }

    private void history(Context ctx, String name) {
        RequestParams params = RequestParams.of(ctx);
        Instant from = params.instant("from");
        Instant to = params.instant("to");
        int limit = params.limit(100);
        long start = params.text("cursor") == null ? 1 : cursorVersion(params.text("cursor"));
        boolean withSpec = params.text("with_spec") != null;
        ConsistencyToken min = params.minPosition();
        String view = "history?v=" + start + "&limit=" + limit + (withSpec ? "&with_spec" : "")
                + (from == null ? "" : "&from=" + from) + (to == null ? "" : "&to=" + to);
        Function<String, ApiException> unknown = id -> ApiException.notFound("unknown model '" + id + "'");
        if (from == null && to == null) {
            // A plain page: read one version more than asked, by key range, to know the next cursor.
            views.serve(ctx, name, view, min, () -> reads.historyPage(name, start, limit + 1, min), unknown, page -> {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                out.put("id", page.isEmpty() ? pageOwner(name, min) : page.get(0).getModelId());
                ArrayNode items = out.putArray("items");
                page.stream().limit(limit).forEach(c -> items.add(SpecJson.change(c, withSpec)));
                out.put("next_cursor", page.size() > limit ? "v" + page.get(limit).getVersion() : null);
                return out;
            });
            return;
        }
        views.serve(ctx, name, view, min, () -> reads.history(name, min), unknown, all -> {
            List<ModelChange> inRange = all.stream()
                    .filter(c -> c.getVersion() >= start)
                    .filter(c -> from == null || !c.getRecordedAt().isBefore(from))
                    .filter(c -> to == null || c.getRecordedAt().isBefore(to)).toList();
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("id", all.get(0).getModelId());
            ArrayNode items = out.putArray("items");
            inRange.stream().limit(limit).forEach(c -> items.add(SpecJson.change(c, withSpec)));
            out.put("next_cursor", inRange.size() > limit ? "v" + inRange.get(limit).getVersion() : null);
            return out;
        });
    }

    /** The canonical id of a model whose page past its last version came back empty (a rare, hand-made cursor). */
    private String pageOwner(String name, ConsistencyToken min) {
        ModelRead<List<ModelChange>> first = reads.historyPage(name, 1, 1, min);
        if (first instanceof ModelRead.Found<List<ModelChange>> found && !found.value().isEmpty()) {
            return found.value().get(0).getModelId();
        }
        throw ApiException.notFound("unknown model '" + name + "'");
    }

    private static long cursorVersion(String cursor) {
        if (!cursor.matches("v\\d{1,18}")) {
            throw ApiException.badRequest("cursor '" + cursor + "' is not one this API gave out");
        }
        return Long.parseLong(cursor.substring(1));
    }

    private void diff(Context ctx, String name) {
        RequestParams params = RequestParams.of(ctx);
        String fromText = params.required("from", "a version number or an instant");
        String toText = params.text("to");
        Pick from = Pick.parse(fromText, "from");
        Pick to = toText == null ? null : Pick.parse(toText, "to");
        ModelRead<List<ModelChange>> read = reads.history(name, params.minPosition());
        List<ModelChange> all = Replies.found(ctx, read, id -> ApiException.notFound("unknown model '" + id + "'"));
        ModelChange a = from.in(all);
        ModelChange b = to == null ? all.get(all.size() - 1) : to.in(all);
        if (a == null || b == null) {
            throw ApiException.notFound(all.get(0).getModelId() + " has no version at " + (a == null ? fromText : toText));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", all.get(0).getModelId());
        out.putObject("from").put("version", a.getVersion()).put("recordedAt", a.getRecordedAt().toString());
        out.putObject("to").put("version", b.getVersion()).put("recordedAt", b.getRecordedAt().toString());
        out.set("changes", SpecJson.changes(SpecDiff.diff(a.getSpec(), b.getSpec())));
        ctx.json(Replies.resolved(out, read));
    }

    /** One end of a diff: a version number or an instant. */
    private record Pick(Long version, Instant at) {
        static Pick parse(String text, String name) {
            if (text.matches("\\d{1,18}")) {
                return new Pick(Long.parseLong(text), null);
            }
            try {
                return new Pick(null, Instant.parse(text));
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(name + " must be a version number or an ISO-8601 instant, got '" + text + "'");
            }
        }

        /** @return the version picked from a history (oldest first), or null if none */
        ModelChange in(List<ModelChange> history) {
            if (version == null) {
                return ModelHistories.validAt(history, at).orElse(null);
            }
            return history.stream().filter(c -> c.getVersion() == version).findFirst().orElse(null);
        }
    }
}
