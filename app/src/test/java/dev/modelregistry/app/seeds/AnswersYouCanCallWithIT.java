package dev.modelregistry.app.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The answers a client builds an API call from, over HTTP on a registry synced from real
 * catalogs: derived semantics, the capability vocabulary, conflicts, offerings, provider offers
 * that keep unknown apart from false, and the coverage figures.
 */
@ExtendWith(SeededRegistry.class)
class AnswersYouCanCallWithIT {

    private final SeededRegistry.Registry registry;

    AnswersYouCanCallWithIT(SeededRegistry.Registry registry) {
        this.registry = registry;
    }

    @Test
    void reasoningModelsGetTheParametersOpenAiAccepts() throws Exception {
        JsonNode gpt52 = registry.json("/v1/models/openai/gpt-5.2/params?temperature=0.7");
        assertThat(gpt52.get("modelType").asText()).isEqualTo("reasoning");
        assertThat(gpt52.get("tokenLimitParameter").asText()).isEqualTo("max_completion_tokens");
        assertThat(gpt52.get("temperatureAllowed").asBoolean()).isFalse();
        assertThat(gpt52.get("derived").get("tokenLimitParameter").asText()).isEqualTo("token-openai-reasoning");
        assertThat(gpt52.get("inferred")).as("the registry recorded all of it").isEmpty();
        JsonNode snapshot = registry.json("/v1/models/openai/o3-2025-04-16/params?temperature=1.0");
        assertThat(snapshot.get("modelType").asText()).isEqualTo("reasoning");
        assertThat(snapshot.get("tokenLimitParameter").asText()).isEqualTo("max_completion_tokens");
        assertThat(snapshot.get("temperatureAllowed").asBoolean()).isTrue();
        JsonNode model = registry.json("/v1/models/openai/o1-2024-12-17").get("spec");
        assertThat(model.get("modelType").asText()).isEqualTo("reasoning");
        assertThat(model.get("apiKind").asText()).isEqualTo("chat");
        assertThat(model.get("provenance").get("modelType").asText()).isEqualTo("derived:type-openai-reasoning-family");
    }

    @Test
    void anEmbeddingModelHasNoChatEndpoint() throws Exception {
        JsonNode embedding = registry.json("/v1/models/openai/text-embedding-3-large/params");
        assertThat(embedding.get("modelType").asText()).isEqualTo("embedding");
        assertThat(embedding.get("endpoints").toString()).isEqualTo("[\"embeddings\"]");
        assertThat(embedding.get("tokenLimitParameter").isNull()).isTrue();
    }

    @Test
    void capabilitySynonymsWorkAndUnknownWordsAre400WithTheValidValues() throws Exception {
        JsonNode byExLlmsWord = registry.json("/v1/models?capability=function_calling&limit=1");
        JsonNode byOurs = registry.json("/v1/models?capability=tools&limit=1");
        assertThat(byExLlmsWord.get("total").asInt()).isGreaterThan(100).isEqualTo(byOurs.get("total").asInt());
        SeededRegistry.Reply bogus = registry.get("/v1/models?capability=bogus");
        assertThat(bogus.status()).isEqualTo(400);
        assertThat(bogus.body().get("message").asText()).contains("bogus", "tools", "function_calling");
        SeededRegistry.Reply badType = registry.get("/v1/models?type=wizard");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body().get("message").asText()).contains("reasoning", "embedding");
        assertThat(registry.get("/v1/models?sort=cheapest").status()).isEqualTo(400);
        assertThat(registry.get("/v1/models?status=gone").status()).isEqualTo(400);
        assertThat(registry.get("/v1/models?conflicting=maybe").status()).isEqualTo(400);
    }

    @Test
    void disagreementsBetweenSourcesAreShownAndListable() throws Exception {
        JsonNode conflicting = registry.json("/v1/models?conflicting=true&limit=5");
        assertThat(conflicting.get("total").asInt()).isPositive();
        for (JsonNode item : conflicting.get("items")) {
            JsonNode conflicts = item.get("spec").get("conflicts");
            assertThat(conflicts.size()).as(item.get("id").asText()).isPositive();
            conflicts.fields().forEachRemaining(f -> assertThat(f.getValue().size()).as(f.getKey()).isGreaterThanOrEqualTo(2));
        }
        JsonNode agreeing = registry.json("/v1/models?conflicting=false&limit=1");
        JsonNode all = registry.json("/v1/models?limit=1");
        assertThat(agreeing.get("total").asInt() + conflicting.get("total").asInt()).isEqualTo(all.get("total").asInt());
    }

    @Test
    void offeringsListEveryProvidersOfferOfOneModel() throws Exception {
        JsonNode offerings = registry.json("/v1/models/openrouter/openai/gpt-4o/offerings");
        assertThat(offerings.get("model").asText()).isEqualTo("openai/gpt-4o");
        assertThat(offerings.get("offerings").findValuesAsText("id")).contains("openai/gpt-4o", "openrouter/openai/gpt-4o",
                "openai/gpt-4o-2024-08-06", "azure/gpt-4o-2024-08-06");
        assertThat(offerings.get("offerings").get(0).get("relation").asText()).isEqualTo("canonical");
        offerings.get("offerings").forEach(o -> assertThat(o.has("limits")).isTrue());
        JsonNode then = registry.json("/v1/models/openai/gpt-4o/offerings?as_of=2025-06-01T00:00:00Z");
        java.util.List<String> thenIds = then.get("offerings").findValuesAsText("id");
        java.util.List<String> nowIds = registry.json("/v1/models/openai/gpt-4o/offerings").get("offerings").findValuesAsText("id");
        assertThat(thenIds).contains("openai/gpt-4o");
        assertThat(nowIds).as("offerings added since mid-2025 are not in the past answer").containsAll(thenIds).hasSizeGreaterThan(thenIds.size());
        assertThat(registry.get("/v1/models/openai/no-such-model/offerings").status()).isEqualTo(404);
    }

    @Test
    void providerOffersKeepUnknownApartFromFalse() throws Exception {
        JsonNode anthropic = registry.json("/v1/providers/anthropic");
        assertThat(anthropic.get("offers").get("streaming").asBoolean()).as("the Messages API streams").isTrue();
        JsonNode counts = anthropic.get("offerCounts").get("streaming");
        assertThat(counts.get("yes").asInt()).isPositive();
        JsonNode offers = registry.json("/v1/providers/openrouter").get("offers");
        offers.fields().forEachRemaining(f -> assertThat(f.getValue().isBoolean() || f.getValue().asText().equals("unknown"))
                .as(f.getKey()).isTrue());
    }

    @Test
    void aKnownOllamaModelReportsAtLeastWhatAnUnknownOneDoes() throws Exception {
        JsonNode known = registry.json("/v1/ollama/models/llama2");
        JsonNode unknown = registry.json("/v1/ollama/models/my-local-finetune");
        assertThat(known.get("capabilities").toString()).contains("streaming");
        assertThat(known.get("contextWindow").asLong()).isPositive();
        assertThat(unknown.get("capabilities").toString()).isEqualTo("[\"streaming\"]");
    }

    @Test
    void statsGiveTheCoverageFigures() throws Exception {
        JsonNode stats = registry.json("/v1/stats");
        assertThat(stats.get("models").asInt()).isGreaterThan(1000);
        assertThat(stats.get("typeShare").asDouble()).isGreaterThan(0.9);
        assertThat(stats.get("withBaseModel").asInt()).isPositive();
        assertThat(stats.get("withAliases").asInt()).isPositive();
        assertThat(stats.get("derivedByRule").get("type-openai-reasoning-family").asInt()).isPositive();
    }
}
