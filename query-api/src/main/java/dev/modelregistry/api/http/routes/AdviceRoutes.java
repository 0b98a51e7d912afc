package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.cluster.ClusterReads;
import dev.modelregistry.api.cluster.Gathered;
import dev.modelregistry.api.cluster.ModelRead;
import dev.modelregistry.api.cluster.Selection;
import dev.modelregistry.api.codex.CodexModelList;
import dev.modelregistry.schemas.cost.Bill;
import dev.modelregistry.api.http.ApiException;
import dev.modelregistry.api.http.Replies;
import dev.modelregistry.api.http.RequestParams;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.api.ollama.OllamaDetails;
import dev.modelregistry.schemas.params.ParameterAdvice;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.history.ModelHistories;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
        table.post("/v1/cost", this::costs);
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
        Bill.Usage usage;
        try {
            String tier = params.text(Bill.Usage.SERVICE_TIER_FIELD);
            usage = Bill.Usage.of(name -> count(params, name), tier == null ? Bill.ServiceTier.STANDARD : Bill.ServiceTier.parse(tier));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Instant at = Optional.ofNullable(params.instant("at")).orElse(Instant.now());
        ConsistencyToken min = params.minPosition();
        ModelRead<ModelState> now = reads.current(model, min);
        ModelState current = Replies.found(ctx, now, id -> ApiException.notFound("unknown model '" + model + "'"));
        ModelRead<ModelState> thenRead = reads.asOf(current.getModelId(), at, min);
        Replies.token(ctx, ConsistencyToken.covering(now.token(), thenRead.token()));
        if (!(thenRead instanceof ModelRead.Found<ModelState> then)) {
            throw ApiException.notFound(current.getModelId() + " did not exist at " + at);
        }
        Bill.Priced bill;
        try {
            bill = Bill.of(then.value(), usage);
        } catch (IllegalStateException e) {
            throw new ApiException(409, "no_price", e.getMessage() + " (as of " + at + ")");
        }
        ctx.json(CostJson.of(bill, usage, at));
    }

    /** Many usage lines, each at the price valid at its own time; a line that cannot be priced is listed, not fatal. */
    private void costs(Context ctx) {
        ConsistencyToken min = RequestParams.of(ctx).minPosition();
        List<UsageBatch.Line> lines;
        try {
            lines = UsageBatch.parse(SpecJson.MAPPER.readTree(ctx.body()), Instant.now());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        UsageBatch.Summary summary = new UsageBatch.Summary();
        // A log names few models at many instants: resolve each name once and read each model's
        // history once, then find the version valid at each line's instant in memory (one as-of
        // read per line cost several store reads each and dominated the request).
        Map<String, ModelRead<ModelState>> current = new HashMap<>();
        Map<String, List<ModelChange>> histories = new HashMap<>();
        Map<ModelChange, ModelState> states = new IdentityHashMap<>();
        ConsistencyToken token = null;
        for (int i = 0; i < lines.size(); i++) {
            UsageBatch.Line line = lines.get(i);
            ModelRead<ModelState> now = current.computeIfAbsent(line.model(), name -> reads.current(name, min));
            token = token == null ? now.token() : ConsistencyToken.covering(token, now.token());
            if (!(now instanceof ModelRead.Found<ModelState> found)) {
                summary.fail(i, line.model(), "not_found", "unknown model '" + line.model() + "'");
                continue;
            }
            String id = found.value().getModelId();
            List<ModelChange> history = histories.get(id);
            if (history == null) {
                ModelRead<List<ModelChange>> read = reads.history(id, min);
                token = ConsistencyToken.covering(token, read.token());
                history = read instanceof ModelRead.Found<List<ModelChange>> h ? h.value() : List.of();
                histories.put(id, history);
            }
            Optional<ModelChange> valid = ModelHistories.validAt(history, line.at());
            if (valid.isEmpty()) {
                summary.fail(i, id, "not_found", id + " did not exist at " + line.at());
                continue;
            }
            ModelState version = states.computeIfAbsent(valid.get(), ModelHistories::stateOf);
            try {
                summary.add(Bill.of(version, line.usage()));
            } catch (IllegalStateException e) {
                summary.fail(i, id, "no_price", e.getMessage() + " (as of " + line.at() + ")");
            }
        }
        if (token != null) {
            Replies.token(ctx, token);
        }
        ctx.json(summary.json());
    }

    private static long count(RequestParams params, String name) {
        return Optional.ofNullable(params.whole(name, 0)).orElse(0L);
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
