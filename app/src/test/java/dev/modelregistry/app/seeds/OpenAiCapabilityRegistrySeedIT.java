package dev.modelregistry.app.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 001, the OpenAI capability registry: capabilities, token-limit parameter, temperature rules, patterns, registration. */
@ExtendWith(SeededRegistry.class)
class OpenAiCapabilityRegistrySeedIT {

    private final SeededRegistry.Registry registry;

    OpenAiCapabilityRegistrySeedIT(SeededRegistry.Registry registry) {
        this.registry = registry;
    }

    private JsonNode spec(String id) throws Exception {
        return registry.json("/v1/models/" + id).get("spec");
    }

    private static List<String> endpoints(JsonNode spec) {
        return java.util.stream.StreamSupport.stream(spec.get("endpoints").spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void everyNamedModelHasItsTypeAndEndpoints() throws Exception {
        Map<String, List<String>> endpoints = Map.ofEntries(
                Map.entry("gpt-4", List.of("chat")), Map.entry("gpt-4-turbo", List.of("chat")), Map.entry("gpt-4o", List.of("chat")),
                Map.entry("o1", List.of("chat")), Map.entry("o1-mini", List.of("chat")), Map.entry("o3", List.of("chat")),
                Map.entry("o3-mini", List.of("chat")), Map.entry("o4-mini", List.of("chat")), Map.entry("gpt-5", List.of("chat")),
                Map.entry("gpt-5-mini", List.of("chat")), Map.entry("babbage-002", List.of("completions")),
                Map.entry("davinci-002", List.of("completions")), Map.entry("gpt-3.5-turbo-instruct", List.of("completions")),
                Map.entry("gpt-4o-mini", List.of("chat", "completions")), Map.entry("gpt-4.1-nano", List.of("chat", "completions")),
                Map.entry("gpt-5-pro", List.of("responses")), Map.entry("codex-mini-latest", List.of("responses")),
                Map.entry("o1-pro", List.of("responses")), Map.entry("o3-pro", List.of("responses")),
                Map.entry("o3-deep-research", List.of("responses")), Map.entry("o4-mini-deep-research", List.of("responses")));
        for (Map.Entry<String, List<String>> e : endpoints.entrySet()) {
            JsonNode spec = spec("openai/" + e.getKey());
            assertThat(endpoints(spec)).as(e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue());
        }
        assertThat(spec("openai/o1").get("modelType").asText()).isEqualTo("reasoning");
        assertThat(spec("openai/gpt-4o").get("modelType").asText()).isEqualTo("chat");
        assertThat(spec("openai/davinci-002").get("modelType").asText()).isEqualTo("completion");
        JsonNode gpt4o = spec("openai/gpt-4o");
        assertThat(gpt4o.get("capabilities").get("tools").asBoolean()).isTrue();
        assertThat(gpt4o.get("capabilities").get("streaming").asBoolean()).isTrue();
        assertThat(gpt4o.get("capabilities").get("vision").asBoolean()).as("from LiteLLM").isTrue();
        assertThat(gpt4o.get("limits").get("contextWindow").asLong()).isEqualTo(128_000);
        assertThat(gpt4o.get("limits").get("maxOutputTokens").asLong()).isEqualTo(16_384);
    }

    @Test
    void tokenLimitParameterAndTemperatureRules() throws Exception {
        assertThat(registry.json("/v1/models/openai/o1/params").get("tokenLimitParameter").asText()).isEqualTo("max_completion_tokens");
        assertThat(registry.json("/v1/models/openai/gpt-4o/params").get("tokenLimitParameter").asText()).isEqualTo("max_tokens");
        assertThat(registry.json("/v1/models/openai/gpt-4/params?temperature=0.7").get("temperatureAllowed").asBoolean()).isTrue();
        assertThat(registry.json("/v1/models/openai/o1/params?temperature=0.7").get("temperatureAllowed").asBoolean()).isFalse();
        JsonNode o1 = registry.json("/v1/models/openai/o1/params?temperature=1.0");
        assertThat(o1.get("temperatureAllowed").asBoolean()).isTrue();
        assertThat(o1.get("known").asBoolean()).isTrue();
        assertThat(o1.get("inferred")).isEmpty();
        assertThat(registry.json("/v1/models/gpt-4o/params").get("id").asText()).as("a bare name resolves").isEqualTo("openai/gpt-4o");
    }

    @Test
    void unknownIdsAnswerFromNamePatternsMarkedInferred() throws Exception {
        JsonNode o3x = registry.json("/v1/models/openai/o3-hypothetical-2031/params?temperature=0.7");
        assertThat(o3x.get("known").asBoolean()).isFalse();
        assertThat(o3x.get("modelType").asText()).isEqualTo("reasoning");
        assertThat(o3x.get("tokenLimitParameter").asText()).isEqualTo("max_completion_tokens");
        assertThat(o3x.get("temperatureAllowed").asBoolean()).isFalse();
        assertThat(o3x.get("inferred").toString()).contains("modelType", "tokenLimitParameter", "temperature");
        assertThat(o3x.get("derived").get("modelType").asText()).isEqualTo("type-openai-reasoning-family");
        JsonNode o3 = registry.json("/v1/models/openai/o3/params?temperature=1.0");
        assertThat(o3.get("temperatureRule").asText()).as("the registry's o3 and an unknown o3-x agree").isEqualTo(o3x.get("temperatureRule").asText());
        assertThat(o3.get("temperatureAllowed").asBoolean()).as("OpenAI accepts the default 1.0 for reasoning models").isTrue();
        // gpt-5 and every later generation are reasoning models, so the name rules are shown on gpt-4 names.
        JsonNode vision = registry.json("/v1/models/openai/gpt-4-vision-hypothetical/params");
        assertThat(vision.get("capabilities").get("vision").asBoolean()).isTrue();
        assertThat(vision.get("tokenLimitParameter").asText()).isEqualTo("max_tokens");
        JsonNode instruct = registry.json("/v1/models/openai/gpt-4-turbo-instruct/params");
        assertThat(instruct.get("modelType").asText()).isEqualTo("completion");
        assertThat(instruct.get("endpoints").toString()).isEqualTo("[\"completions\"]");
        assertThat(registry.get("/v1/models/openai/o1/params?temperature=hot").status()).isEqualTo(400);
    }

    @Test
    void registeringACustomModelMakesANewVersionAndTheOldStateStaysReadable() throws Exception {
        Instant before = Instant.now();
        SeededRegistry.Reply first = registry.post("/v1/models", """
                {"id": "openai/seed-custom-model", "type": "chat", "context_window": 8000, "max_output_tokens": 4000,
                 "capabilities": {"tools": true, "streaming": true, "vision": false}, "temperature": "any", "endpoints": ["chat"]}
                """);
        assertThat(first.status()).isEqualTo(202);
        String token = first.body().get("consistencyToken").asText();
        JsonNode v1 = registry.json("/v1/models/openai/seed-custom-model?min_position=" + token);
        assertThat(v1.get("version").asInt()).isEqualTo(1);
        SeededRegistry.Reply second = registry.post("/v1/models", """
                {"id": "openai/seed-custom-model", "type": "chat", "context_window": 16000, "capabilities": {"tools": true}}
                """);
        JsonNode v2 = registry.json("/v1/models/openai/seed-custom-model?min_position=" + second.body().get("consistencyToken").asText());
        assertThat(v2.get("version").asInt()).isEqualTo(2);
        assertThat(registry.json("/v1/models/openai/seed-custom-model?version=1").get("spec").get("limits").get("contextWindow").asInt()).isEqualTo(8000);
        assertThat(registry.get("/v1/models/openai/seed-custom-model?as_of=" + before).status()).as("it did not exist before").isEqualTo(404);
        assertThat(registry.json("/v1/models/openai/seed-custom-model/params?temperature=0.3").get("temperatureAllowed").asBoolean()).isTrue();
    }
}
