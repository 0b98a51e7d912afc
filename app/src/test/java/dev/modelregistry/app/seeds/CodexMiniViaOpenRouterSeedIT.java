package dev.modelregistry.app.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.catalogs.source.SourceName;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 002, codex-mini via OpenRouter. */
@ExtendWith(SeededRegistry.class)
class CodexMiniViaOpenRouterSeedIT {

    private final SeededRegistry.Registry registry;

    CodexMiniViaOpenRouterSeedIT(SeededRegistry.Registry registry) {
        this.registry = registry;
    }

    @Test
    void codexMiniHasTheSeedsValuesAndBothAliasesResolve() throws Exception {
        JsonNode model = registry.json("/v1/models/openrouter/openai/codex-mini");
        JsonNode spec = model.get("spec");
        assertThat(spec.get("displayName").asText()).isEqualTo("Codex Mini");
        assertThat(spec.get("limits").get("contextWindow").asLong()).isEqualTo(128_000);
        assertThat(spec.get("pricing").get("inputPerMillion").asText()).isEqualTo("1.5");
        assertThat(spec.get("pricing").get("outputPerMillion").asText()).isEqualTo("6");
        assertThat(spec.get("pricing").get("currency").asText()).isEqualTo("USD");
        assertThat(spec.get("availability").get("plans").toString()).isEqualTo("[\"paid\"]");
        assertThat(spec.get("capabilities").get("tools").asBoolean()).as("function calling").isTrue();
        assertThat(spec.get("capabilities").get("structured_output").asBoolean()).isTrue();
        assertThat(spec.get("capabilities").get("code_interpreter").asBoolean()).isTrue();
        assertThat(spec.get("endpoints").toString()).as("chat completion").isEqualTo("[\"chat\"]");
        for (String alias : new String[] {"codex-mini", "openai/codex-mini"}) {
            JsonNode viaAlias = registry.json("/v1/models/" + alias);
            assertThat(viaAlias.get("id").asText()).isEqualTo("openrouter/openai/codex-mini");
            assertThat(viaAlias.get("spec")).isEqualTo(spec);
        }
        JsonNode cost = registry.json("/v1/cost?model=codex-mini&input_tokens=1000000&output_tokens=1000000");
        assertThat(cost.get("total").asText()).isEqualTo("7.5");
    }

    @Test
    void anUnreachableOpenRouterCatalogIsAClearMessageNotACrashAndCallingTheModelStillNeedsTheKey() throws Exception {
        // The seed's OPENROUTER_API_KEY is what calling the model needs; OpenRouter's model list
        // itself is public, so a sync without the key reads it and only an unreachable catalog fails.
        SyncRun.Report report = registry.sync(Instant.now(), Map.of(),
                new SyncRun.Source(SourceName.OPENROUTER, "http://127.0.0.1:1/api/v1/models"));
        assertThat(report.partialFailure()).isTrue();
        assertThat(report.sources().get(0).detail()).contains("cannot reach http://127.0.0.1:1/api/v1/models");
        assertThat(report.events()).as("nothing of OpenRouter is deprecated").isEmpty();
        JsonNode spec = registry.json("/v1/models/openrouter/openai/codex-mini").get("spec");
        assertThat(spec.get("lifecycle").get("status").asText()).isEqualTo("active");
        assertThat(spec.toString()).as("the model names the key its calls need").contains("OPENROUTER_API_KEY");
    }
}
