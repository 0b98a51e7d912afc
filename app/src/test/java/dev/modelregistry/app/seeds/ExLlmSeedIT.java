package dev.modelregistry.app.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.catalogs.adapters.AdapterResult;
import dev.modelregistry.catalogs.adapters.PresetsAdapter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 003, ExLLM's queries, and its YAML examples as presets. */
@ExtendWith(SeededRegistry.class)
class ExLlmSeedIT {

    private final SeededRegistry.Registry registry;

    ExLlmSeedIT(SeededRegistry.Registry registry) {
        this.registry = registry;
    }

    @Test
    void findByCapabilitiesVisionAndStreaming() throws Exception {
        JsonNode found = registry.json("/v1/models?capability=vision&capability=streaming&limit=1000");
        assertThat(found.get("items")).isNotEmpty();
        found.get("items").forEach(i -> {
            assertThat(i.get("spec").get("capabilities").get("vision").asBoolean()).isTrue();
            assertThat(i.get("spec").get("capabilities").get("streaming").asBoolean()).isTrue();
        });
        assertThat(found.get("items").findValuesAsText("id")).contains("anthropic/claude-3-5-sonnet-20241022");
    }

    @Test
    void findByMinimumContext() throws Exception {
        JsonNode found = registry.json("/v1/models?min_context=100000&limit=1000");
        assertThat(found.get("total").asInt()).isGreaterThan(50);
        found.get("items").forEach(i -> assertThat(i.get("spec").get("limits").get("contextWindow").asLong()).isGreaterThanOrEqualTo(100_000));
    }

    @Test
    void pricingOfAProvidersModel() throws Exception {
        JsonNode pricing = registry.json("/v1/models/openai/gpt-4o").get("spec").get("pricing");
        assertThat(pricing.get("inputPerMillion").asText()).isEqualTo("2.5");
        assertThat(pricing.get("outputPerMillion").asText()).isEqualTo("10");
    }

    @Test
    void aProvidersDefaultModelAndWhatItOffers() throws Exception {
        assertThat(registry.json("/v1/providers/anthropic").get("defaultModel").asText()).isEqualTo("anthropic/claude-sonnet-5");
        assertThat(registry.json("/v1/providers/openai").get("offers").get("embeddings").asBoolean()).isTrue();
        assertThat(registry.json("/v1/providers/anthropic").get("offers").get("embeddings").asBoolean()).isFalse();
    }

    @Test
    void compareTwoModelsByTheirBareNames() throws Exception {
        JsonNode cmp = registry.json("/v1/compare?ids=claude-3-5-sonnet-20241022,gpt-4o");
        assertThat(cmp.get("models").findValuesAsText("id")).contains("anthropic/claude-3-5-sonnet-20241022", "openai/gpt-4o");
        assertThat(cmp.get("differing").has("pricing.inputPerMillion")).isTrue();
        assertThat(cmp.get("differing").get("pricing.inputPerMillion").get("openai/gpt-4o").asText()).isEqualTo("2.5");
    }

    @Test
    void aPastBillIsRecomputedWithThePricesValidThen() throws Exception {
        // gpt-3.5-turbo on LiteLLM: $1.50 / $2.00 per million in April 2025, $0.50 / $1.50 in July 2026
        JsonNode then = registry.json("/v1/cost?model=openai/gpt-3.5-turbo&input_tokens=1000000&output_tokens=1000000&at=2025-06-01T00:00:00Z");
        assertThat(then.get("total").asText()).isEqualTo("3.5");
        assertThat(then.get("version").asInt()).isEqualTo(1);
        JsonNode now = registry.json("/v1/cost?model=gpt-3.5-turbo&input_tokens=1000000&output_tokens=1000000");
        assertThat(now.get("total").asText()).isEqualTo("2");
        JsonNode small = registry.json("/v1/cost?model=openai/gpt-4o&input_tokens=1234&output_tokens=567");
        assertThat(small.get("total").asText()).as("exact: 1234*2.5/1e6 + 567*10/1e6").isEqualTo("0.008755");
        assertThat(registry.get("/v1/cost?model=openai/gpt-3.5-turbo&at=2020-01-01T00:00:00Z").status()).isEqualTo(404);
        assertThat(registry.get("/v1/cost?model=nobody/nothing").status()).isEqualTo(404);
        assertThat(registry.get("/v1/cost?model=openai/gpt-4o&input_tokens=-5").status()).isEqualTo(400);
    }

    @Test
    void ollamaDetailsFallBackFromTheServerToTheRegistryToDefaults() throws Exception {
        // no Ollama server is configured here: LiteLLM knows ollama/llama2, nothing knows the other
        JsonNode llama = registry.json("/v1/ollama/models/llama2:latest");
        assertThat(llama.get("source").asText()).isEqualTo("registry");
        assertThat(llama.get("id").asText()).isEqualTo("ollama/llama2");
        assertThat(llama.get("contextWindow").asLong())
                .isEqualTo(registry.json("/v1/models/ollama/llama2").get("spec").get("limits").get("contextWindow").asLong());
        assertThat(llama.get("fallbacks").toString()).contains("no Ollama URL configured");
        JsonNode local = registry.json("/v1/ollama/models/my-local-finetune");
        assertThat(local.get("source").asText()).isEqualTo("default");
        assertThat(local.get("contextWindow").asLong()).isEqualTo(4096);
        assertThat(local.get("capabilities").toString()).isEqualTo("[\"streaming\"]");
        assertThat(local.get("fallbacks").toString()).contains("not in the registry");
    }

    @Test
    void theSeedsYamlExamplesLoadAsPresetsUnchanged() throws Exception {
        AdapterResult minimal = new PresetsAdapter().parse("""
                provider: custom_provider
                models:
                  my-model:
                    context_window: 4096
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(minimal.unreadable()).isEmpty();
        assertThat(minimal.specs()).singleElement().satisfies(s -> {
            assertThat(s.getId()).isEqualTo("custom_provider/my-model");
            assertThat(s.getLimits().getContextWindow()).isEqualTo(4096L);
        });
        // The seed's complete example, verbatim (presets/anthropic.yml keeps its model but names a current default).
        AdapterResult complete = new PresetsAdapter().parse("""
                provider: anthropic
                default_model: claude-3-5-sonnet-20241022

                models:
                  claude-3-5-sonnet-20241022:
                    name: "Claude 3.5 Sonnet"
                    description: "Latest Claude model"
                    context_window: 200000
                    max_output_tokens: 8192
                    pricing:
                      input: 3.0      # Per 1M tokens
                      output: 15.0
                    capabilities:
                      - streaming
                      - function_calling
                      - vision
                      - prompt_caching
                    deprecation_date: "2025-10-01"
                    metadata:
                      custom_field: value
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(complete.unreadable()).isEmpty();
        assertThat(complete.specs().get(0).getExtras()).containsEntry("presets:metadata", "{\"custom_field\":\"value\"}")
                .containsEntry(PresetsAdapter.PROVIDER_DEFAULT, "true");
        assertThat(complete.specs().get(0).getCapabilities()).containsEntry("tools", true).containsEntry("streaming", true)
                .containsEntry("vision", true).containsEntry("prompt_caching", true);
    }
}
