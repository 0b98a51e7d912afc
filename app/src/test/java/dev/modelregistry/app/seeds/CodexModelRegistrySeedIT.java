package dev.modelregistry.app.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 000, the Codex model registry: auth-aware lists and defaults, remote-models merge, history. */
@ExtendWith(SeededRegistry.class)
class CodexModelRegistrySeedIT {

    private final SeededRegistry.Registry registry;

    CodexModelRegistrySeedIT(SeededRegistry.Registry registry) {
        this.registry = registry;
    }

    private List<String> list(String query) throws Exception {
        JsonNode body = registry.json("/v1/codex/models?" + query);
        List<String> out = new ArrayList<>();
        for (JsonNode m : body.get("models")) {
            out.add(m.get("slug").asText() + (m.get("isDefault").asBoolean() ? " (default)" : ""));
        }
        return out;
    }

    @Test
    void apiKeyAuthListsTheSeedsModelsWithTheMaxDefault() throws Exception {
        assertThat(list("auth=api_key")).containsExactly("gpt-5.1-codex-max (default)", "gpt-5.1-codex-mini", "gpt-5.2");
        assertThat(list("auth=api_key&remote_models=false")).containsExactly("gpt-5.1-codex-max (default)", "gpt-5.1-codex-mini", "gpt-5.2");
    }

    @Test
    void chatGptAuthListsTheSeedsModelsWithTheCodexDefault() throws Exception {
        assertThat(list("auth=chatgpt")).containsExactly("gpt-5.2-codex (default)", "gpt-5.1-codex-max", "gpt-5.1-codex-mini", "gpt-5.2");
    }

    @Test
    void remoteModelsMergeTheCodexCatalogFirstAndAppendLocalOnlySlugs() throws Exception {
        List<String> chatgpt = list("auth=chatgpt&remote_models=true");
        // the July 2026 catalog's list-visible models in its order, then the preset slugs it lacks;
        // the default is marked where it stands, not moved to the top (seed 000: remote first)
        assertThat(chatgpt.get(0)).isEqualTo("gpt-5.6-sol");
        assertThat(chatgpt).contains("gpt-5.2-codex (default)");
        assertThat(chatgpt).contains("gpt-5.6-sol", "gpt-5.5", "gpt-5.4", "gpt-5.2", "gpt-5.1-codex-max", "gpt-5.1-codex-mini");
        int remoteLast = chatgpt.indexOf("gpt-5.2");
        assertThat(chatgpt.indexOf("gpt-5.1-codex-max")).as("local-only slugs come after the catalog's").isGreaterThan(remoteLast);
        assertThat(chatgpt).doesNotHaveDuplicates();
        List<String> apiKey = list("auth=api_key&remote_models=true");
        assertThat(apiKey.get(0)).isEqualTo("gpt-5.6-sol");
        assertThat(apiKey).doesNotContain("gpt-5.2-codex").contains("gpt-5.1-codex-max (default)");
        assertThat(apiKey.indexOf("gpt-5.1-codex-max (default)")).as("appended after the catalog's models")
                .isGreaterThan(apiKey.indexOf("gpt-5.2"));
    }

    @Test
    void theListAsItWasAtAPastInstant() throws Exception {
        List<String> december = list("auth=chatgpt&remote_models=true&as_of=2026-01-01T00:00:00Z");
        assertThat(december).contains("gpt-5.1-codex", "gpt-5.1").doesNotContain("gpt-5.6-sol");
        List<String> now = list("auth=chatgpt&remote_models=true");
        assertThat(now).as("deprecated since the July catalog dropped them").doesNotContain("gpt-5.1-codex", "gpt-5.1");
        assertThat(list("auth=chatgpt&as_of=2025-01-01T00:00:00Z")).as("before the presets existed").isEmpty();
    }

    @Test
    void aBadAuthModeIsA400() throws Exception {
        assertThat(registry.get("/v1/codex/models?auth=password").status()).isEqualTo(400);
        assertThat(registry.get("/v1/codex/models").status()).isEqualTo(400);
        assertThat(registry.get("/v1/codex/models?auth=chatgpt&remote_models=maybe").status()).isEqualTo(400);
    }
}
