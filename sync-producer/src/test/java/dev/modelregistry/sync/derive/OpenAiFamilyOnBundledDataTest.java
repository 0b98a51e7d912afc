package dev.modelregistry.sync.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.TemperatureKind;
import dev.modelregistry.schemas.semantics.ModelNames;
import dev.modelregistry.catalogs.source.SourceName;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every model of OpenAI's families in the bundled data (OpenAI's own, Azure's, OpenRouter's and
 * every other provider's offering, dated snapshots included) gets the type, token-limit parameter
 * and temperature rule OpenAI's API (or the offering provider's own API, where it says so) accepts.
 */
class OpenAiFamilyOnBundledDataTest {

    private static final Set<String> GENERATIVE_KINDS = Set.of("chat", "responses");

    @Test
    void everyReasoningFamilyModelIsTypedAndParameterisedForTheApiThatServesIt() {
        List<ModelSpec> family = BundledModels.derived().values().stream()
                .filter(s -> ModelNames.isOpenAiReasoning(s.getId()))
                .filter(s -> s.getApiKind() == null || GENERATIVE_KINDS.contains(s.getApiKind()))
                .toList();
        assertThat(family).as("the bundled data holds OpenAI's reasoning family on several providers").hasSizeGreaterThan(300);
        assertThat(family).extracting(ModelSpec::getProvider).contains("openai", "azure", "openrouter");
        assertThat(family).extracting(ModelSpec::getId).contains("openai/o1-2024-12-17", "openai/o3-2025-04-16", "azure/gpt-5.2",
                "openrouter/openai/o3", "openai/gpt-5.2-codex");

        for (ModelSpec s : family) {
            String id = s.getId();
            assertThat(s.getModelType()).as(id).isEqualTo("reasoning");
            String tokenParameter = s.getTokenLimitParameter();
            String tokenFrom = s.getProvenance().get("tokenLimitParameter");
            if (s.getEndpoints().stream().filter(e -> !e.equals("batch")).toList().equals(List.of("responses"))) {
                assertThat(tokenParameter).as(id + " is served by the Responses API only").isEqualTo("max_output_tokens");
            } else if (SourceName.OPENROUTER.id().equals(tokenFrom)) {
                assertThat(tokenParameter).as(id + ": what OpenRouter's API says it takes").isIn("max_completion_tokens", "max_tokens");
            } else {
                assertThat(tokenParameter).as(id + " (from " + tokenFrom + ")").isEqualTo("max_completion_tokens");
            }
            assertThat(s.getTemperature()).as(id).isNotNull();
            if (s.getTemperature().getKind() == TemperatureKind.ONLY) {
                assertThat(s.getTemperature().getAllowed()).as(id).containsExactly(1.0);
            } else {
                assertThat(s.getTemperature().getKind()).as(id + ": only a source may allow other temperatures")
                        .isEqualTo(TemperatureKind.ANY);
                String from = s.getProvenance().get("temperature.kind");
                if ("derived:inherit-from-base".equals(from)) {
                    from = BundledModels.derived().get(s.getBaseModel()).getProvenance().get("temperature.kind");
                }
                assertThat(from).as(id + ": a source (of it or its base) states it").doesNotStartWith("derived:");
            }
        }
    }

    @Test
    void everyOpenAiModelSomeSourceCallsReasoningIsAReasoningModel() {
        Map<String, ModelSpec> merged = BundledModels.merged();
        List<ModelSpec> reasoning = BundledModels.derived().values().stream()
                .filter(s -> s.getProvider().equals("openai"))
                .filter(s -> Boolean.TRUE.equals(merged.get(s.getId()).getCapabilities().get("reasoning")))
                .filter(s -> s.getApiKind() == null || GENERATIVE_KINDS.contains(s.getApiKind()))
                .toList();
        assertThat(reasoning).hasSizeGreaterThan(40);
        assertThat(reasoning).allSatisfy(s -> assertThat(s.getModelType()).as(s.getId()).isEqualTo("reasoning"));
    }

    @Test
    void theChatFamilyKeepsMaxTokensAndAnyTemperature() {
        Map<String, ModelSpec> all = BundledModels.derived();
        for (String id : List.of("openai/gpt-4o", "openai/gpt-4o-2024-08-06", "openai/gpt-4-turbo", "openai/gpt-3.5-turbo", "azure/gpt-4o")) {
            ModelSpec s = all.get(id);
            assertThat(s).as(id).isNotNull();
            assertThat(s.getModelType()).as(id).isEqualTo("chat");
            assertThat(s.getTokenLimitParameter()).as(id).isEqualTo("max_tokens");
            assertThat(s.getTemperature().getKind()).as(id).isEqualTo(TemperatureKind.ANY);
        }
    }
}
