package dev.modelregistry.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.SampleRecords;
import dev.modelregistry.schemas.params.ParameterAdvice;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Given the registry's model, when a chat request comes, then this decision. */
class GatewayRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode request(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    private static ModelState model(String id, String tokenLimitParameter, LifecycleStatus status, String replacement) {
        ModelState s = SampleRecords.fullState(id);
        ModelSpec spec = ModelSpec.newBuilder(s.getSpec()).setTokenLimitParameter(tokenLimitParameter).build();
        spec.getLifecycle().setStatus(status);
        spec.getLifecycle().setReplacement(replacement);
        return ModelState.newBuilder(s).setSpec(spec).build();
    }

    private static GatewayRules.Decision decide(ObjectNode call, ModelState model, Double temperature) {
        return GatewayRules.decide(call, Optional.ofNullable(model),
                model == null ? null : ParameterAdvice.advise(model.getModelId(), model.getSpec(), temperature));
    }

    @Test
    void aReasoningModelGetsMaxCompletionTokensAndNoTemperatureItRefuses() throws Exception {
        ModelState o3 = model("openai/o3", "max_completion_tokens", LifecycleStatus.ACTIVE, null);
        o3.getSpec().getTemperature().setKind(dev.modelregistry.schemas.TemperatureKind.ONLY);
        o3.getSpec().getTemperature().setAllowed(java.util.List.of(1.0));
        GatewayRules.Decision d = decide(request("{\"model\": \"o3\", \"max_tokens\": 500, \"temperature\": 0.2, \"messages\": []}"), o3, 0.2);
        assertThat(d).isInstanceOf(GatewayRules.Forward.class);
        ObjectNode body = ((GatewayRules.Forward) d).body();
        assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(500);
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.has("temperature")).as("only a temperature of 1: not 0.2").isFalse();
        assertThat(body.get("model").asText()).isEqualTo("o3");
        assertThat(((GatewayRules.Forward) d).notes()).anyMatch(n -> n.contains("takes max_completion_tokens")).anyMatch(n -> n.contains("temperature"));
    }

    @Test
    void aChatModelKeepsMaxTokensAndItsTemperature() throws Exception {
        ModelState gpt4o = model("openai/gpt-4o", "max_tokens", LifecycleStatus.ACTIVE, null);
        gpt4o.getSpec().getTemperature().setKind(dev.modelregistry.schemas.TemperatureKind.ANY);
        gpt4o.getSpec().getTemperature().setAllowed(java.util.List.of());
        GatewayRules.Decision d = decide(request("{\"model\": \"openai/gpt-4o\", \"max_completion_tokens\": 64, \"temperature\": 0.7}"), gpt4o, 0.7);
        ObjectNode body = ((GatewayRules.Forward) d).body();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.7);
    }

    @Test
    void aDeprecatedModelIsRefusedWithItsReplacement() throws Exception {
        ModelState old = model("openai/gpt-4-32k", "max_tokens", LifecycleStatus.DEPRECATED, "openai/gpt-4o");
        GatewayRules.Decision d = decide(request("{\"model\": \"openai/gpt-4-32k\"}"), old, null);
        assertThat(d).isEqualTo(new GatewayRules.Refuse(410, ((GatewayRules.Refuse) d).message()));
        assertThat(((GatewayRules.Refuse) d).message()).contains("deprecated").contains("use openai/gpt-4o");
    }

    @Test
    void anUnknownOrMissingModelIsRefused() throws Exception {
        assertThat(decide(request("{\"model\": \"nobody/nothing\"}"), null, null)).isInstanceOf(GatewayRules.Refuse.class)
                .extracting(d -> ((GatewayRules.Refuse) d).status()).isEqualTo(404);
        assertThat(decide(request("{\"messages\": []}"), null, null)).extracting(d -> ((GatewayRules.Refuse) d).status()).isEqualTo(400);
    }
}
