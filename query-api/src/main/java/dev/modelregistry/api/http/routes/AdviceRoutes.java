package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.cluster.ClusterReads;
import dev.modelregistry.api.cluster.Gathered;
import dev.modelregistry.api.cluster.ModelRead;
import dev.modelregistry.api.cluster.Selection;
import dev.modelregistry.api.codex.CodexModelList;
import dev.modelregistry.schemas.cost.CallCost;
import dev.modelregistry.api.http.ApiException;
import dev.modelregistry.api.http.Replies;
import dev.modelregistry.api.http.RequestParams;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.api.ollama.OllamaDetails;
import dev.modelregistry.schemas.params.ParameterAdvice;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.diff.SpecFields;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Answers a client builds a call from: request parameters for a model, the cost of a call at the
 * prices valid then, the Codex CLI's model list for an auth mode, and Ollama model details.
 */
public final class AdviceRoutes implements RouteGroup {

    private final ClusterReads reads;
    private final OllamaDetails ollama;

    /**
     * @param ollama details of a local Ollama server's models, or null to answer from the registry alone
     */
    public AdviceRoutes(ClusterReads reads, OllamaDetails ollama) {
        this.reads = reads;
        this.ollama = ollama;
    }

    @Override
    public void addTo(RouteTable table) {
        table.modelGet("/params", this::params);
        table.get("/v1/cost", this::cost);
        table.get("/v1/codex/models", this::codexModels);
        table.get("/v1/ollama/models/{name}", this::ollamaModel);
    }

    private void params(Context ctx, String name) {
        RequestParams params = RequestParams.of(ctx);
        Double temperature = null;
        String t = params.text("temperature");
        if (t != null) {
            try {
                temperature = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("temperature must be a number, got '" + t + "'");
            }
            if (!(temperature >= 0 && temperature <= 2)) {
                throw ApiException.badRequest("temperature must be between 0 and 2");
            }
        }
        ModelRead<ModelState> read = reads.current(name, params.minPosition());
        Replies.token(ctx, read.token());
        // An unknown model still gets advice, inferred from its name (and marked so).
        ParameterAdvice.Advice advice = read instanceof ModelRead.Found<ModelState> f
                ? ParameterAdvice.advise(f.value().getModelId(), f.value().getSpec(), temperature)
                : ParameterAdvice.advise(((ModelRead.Unknown<ModelState>) read).id(), null, temperature);
        ctx.json(SpecJson.MAPPER.valueToTree(advice));
    }

    private void cost(Context ctx) {
        RequestParams params = RequestParams.of(ctx);
        String model = params.required("model", "a model id or alias");
        long input = Optional.ofNullable(params.whole("input_tokens", 0)).orElse(0L);
        long output = Optional.ofNullable(params.whole("output_tokens", 0)).orElse(0L);
        Instant at = Optional.ofNullable(params.instant("at")).orElse(Instant.now());
        ConsistencyToken min = params.minPosition();
        ModelRead<ModelState> now = reads.current(model, min);
        ModelState current = Replies.found(ctx, now, id -> ApiException.notFound("unknown model '" + model + "'"));
        ModelRead<ModelState> thenRead = reads.asOf(current.getModelId(), at, min);
        Replies.token(ctx, ConsistencyToken.covering(now.token(), thenRead.token()));
        if (!(thenRead instanceof ModelRead.Found<ModelState> then)) {
            throw ApiException.notFound(current.getModelId() + " did not exist at " + at);
        }
        CallCost.Cost cost;
        try {
            cost = CallCost.of(then.value(), input, output);
        } catch (IllegalStateException e) {
            throw new ApiException(409, "no_price", e.getMessage() + " (as of " + at + ")");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", cost.id());
        out.put("version", cost.version());
        out.put("at", at.toString());
        out.put("pricesValidFrom", cost.pricesValidFrom().toString());
        out.put("currency", cost.currency());
        out.put("inputTokens", input);
        out.put("outputTokens", output);
        out.put("inputPerMillion", SpecFields.plain(cost.inputPerMillion()));
        out.put("outputPerMillion", SpecFields.plain(cost.outputPerMillion()));
        out.put("inputCost", SpecFields.plain(cost.inputCost()));
        out.put("outputCost", SpecFields.plain(cost.outputCost()));
        out.put("total", SpecFields.plain(cost.total()));
        ctx.json(out);
    }

    private void codexModels(Context ctx) {
        RequestParams params = RequestParams.of(ctx);
        String auth = params.required("auth", "api_key or chatgpt");
        boolean remote = Boolean.TRUE.equals(params.flag("remote_models"));
        Gathered all = reads.states(Selection.ALL, params.instant("as_of"), params.minPosition());
        Replies.token(ctx, all.token());
        List<CodexModelList.Entry> list = CodexModelList.list(all.states(), auth, remote);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("auth", auth);
        out.put("remote_models", remote);
        out.set("models", SpecJson.MAPPER.valueToTree(list));
        ctx.json(out);
    }

    private void ollamaModel(Context ctx) {
        ConsistencyToken min = RequestParams.of(ctx).minPosition();
        OllamaDetails.Details d = ollama.details(ctx.pathParam("name"), id -> {
            ModelRead<ModelState> read = reads.current(id, min);
            Replies.token(ctx, read.token());
            return read instanceof ModelRead.Found<ModelState> f ? f.value().getSpec() : null;
        });
        ctx.json(SpecJson.MAPPER.valueToTree(d));
    }
}
