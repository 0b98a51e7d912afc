package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.diff.SpecFields;
import dev.modelregistry.schemas.semantics.NameResolution;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Views across models: providers and one provider, coverage stats, a side-by-side comparison,
 * and every provider's offering of one model. Each gathers the states it needs from every
 * instance, now or {@code as_of}.
 */
public final class CatalogRoutes implements RouteGroup {

    private final ClusterReads reads;

    public CatalogRoutes(ClusterReads reads) {
        this.reads = reads;
    }

    @Override
    public void addTo(RouteTable table) {
        table.get("/v1/providers", this::providers);
        table.get("/v1/providers/{provider}", this::provider);
        table.get("/v1/stats", this::stats);
        table.get("/v1/compare", this::compare);
        table.modelGet("/offerings", this::offerings);
    }

    private Gathered gather(Context ctx, Selection selection) {
        RequestParams params = RequestParams.of(ctx);
        Gathered all = reads.states(selection, params.instant("as_of"), params.minPosition());
        Replies.token(ctx, all.token());
        return all;
    }

    private void providers(Context ctx) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        ModelQueries.providers(gather(ctx, Selection.ALL).states()).forEach(p -> out.add(SpecJson.MAPPER.valueToTree(p)));
        ctx.json(out);
    }

    private void provider(Context ctx) {
        String provider = ctx.pathParam("provider").toLowerCase(Locale.ROOT);
        List<ModelState> mine = gather(ctx, Selection.ALL).states().stream().filter(s -> s.getSpec().getProvider().equals(provider)).toList();
        if (mine.isEmpty()) {
            throw ApiException.notFound("unknown provider '" + provider + "'");
        }
        ObjectNode out = SpecJson.MAPPER.valueToTree(ModelQueries.providers(mine).get(0));
        ArrayNode models = out.putArray("model_ids");
        mine.stream().map(ModelState::getModelId).sorted().forEach(models::add);
        ctx.json(out);
    }

    private void stats(Context ctx) {
        ctx.json(SpecJson.MAPPER.valueToTree(ModelQueries.stats(gather(ctx, Selection.ALL).states())));
    }

    private void compare(Context ctx) {
        String ids = RequestParams.of(ctx).required("ids", "a comma-separated list of model ids or aliases");
        List<String> names = Arrays.stream(ids.split(",")).map(String::strip).toList();
        List<ModelState> all = gather(ctx, Selection.resolving(names)).states();
        List<ModelState> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(NameResolution.resolve(all, name).orElseThrow(() -> ApiException.notFound("unknown model '" + name + "'")));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode models = out.putArray("models");
        chosen.forEach(s -> models.add(SpecJson.state(s)));
        Map<String, Map<String, String>> byPath = new TreeMap<>();
        for (ModelState s : chosen) {
            SpecFields.flatten(s.getSpec()).forEach((path, v) -> {
                if (!path.startsWith("provenance.") && !path.startsWith("extras.") && !path.equals("id") && !path.equals("provider")) {
                    byPath.computeIfAbsent(path, k -> new LinkedHashMap<>()).put(s.getModelId(), v);
                }
            });
        }
        ObjectNode differing = out.putObject("differing");
        byPath.forEach((path, values) -> {
            boolean allSame = values.size() == chosen.size() && new TreeSet<>(values.values()).size() == 1;
            if (!allSame) {
                ObjectNode n = differing.putObject(path);
                for (ModelState s : chosen) {
                    n.set(s.getModelId(), values.containsKey(s.getModelId()) ? parse(values.get(s.getModelId())) : JsonNodeFactory.instance.nullNode());
                }
            }
        });
        ctx.json(out);
    }

    private static JsonNode parse(String json) {
        try {
            return SpecJson.MAPPER.readTree(json);
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(json);
        }
    }

    /**
     * The canonical model (the asked one's base model, or itself) and every model whose base
     * model it is, each with its prices and limits.
     */
    private void offerings(Context ctx, String name) {
        RequestParams params = RequestParams.of(ctx);
        Instant asOf = params.instant("as_of");
        ConsistencyToken min = params.minPosition();
        Gathered candidates = reads.states(Selection.resolving(List.of(name)), asOf, min);
        ModelState asked = NameResolution.resolve(candidates.states(), name)
                .orElseThrow(() -> ApiException.notFound(asOf == null ? "unknown model '" + name + "'" : name + " did not exist at " + asOf));
        String root = asked.getSpec().getBaseModel() != null ? asked.getSpec().getBaseModel() : asked.getModelId();
        ModelFilter sameModel = new ModelFilter(null, List.of(), null, null, null, null, null, null, null, root, null);
        Gathered offerings = reads.states(Selection.filtering(sameModel, Map.of("base_model", List.of(root))), asOf, min);
        Replies.token(ctx, ConsistencyToken.covering(candidates.token(), offerings.token()));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("model", root);
        if (!asked.getModelId().equals(root)) {
            out.put("resolvedFrom", asked.getModelId());
        }
        if (asOf != null) {
            out.put("asOf", asOf.toString());
        }
        ArrayNode items = out.putArray("offerings");
        offerings.states().stream().sorted(Comparator.comparing((ModelState st) -> !st.getModelId().equals(root))
                        .thenComparing(ModelState::getModelId))
                .forEach(st -> items.add(SpecJson.offering(st, root)));
        out.put("total", items.size());
        ctx.json(out);
    }
}
