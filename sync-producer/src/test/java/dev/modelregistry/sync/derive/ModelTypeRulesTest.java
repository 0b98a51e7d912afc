package dev.modelregistry.sync.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.catalogs.source.SourceName;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Model type rules on real entries: the type is what the model is, LiteLLM's mode only the API kind. */
class ModelTypeRulesTest {

    @Test
    void givenOpenAiSnapshotsLiteLlmFilesAsChatWhenDerivedThenTheyAreReasoningModels() {
        Given given = Given.entries("openai/o1-2024-12-17", "openai/o3-2025-04-16", "openai/gpt-5.2");
        assertThat(given.of(SourceName.LITELLM)).extracting(ModelSpec::getApiKind).containsOnly("chat");

        Map<String, ModelSpec> then = given.whenDerived();

        for (String id : new String[] {"openai/o1-2024-12-17", "openai/o3-2025-04-16", "openai/gpt-5.2"}) {
            assertThat(then.get(id).getModelType()).as(id).isEqualTo("reasoning");
            assertThat(then.get(id).getApiKind()).as(id).isEqualTo("chat");
            assertThat(then.get(id).getProvenance().get("modelType")).as(id).isEqualTo("derived:type-openai-reasoning-family");
        }
    }

    @Test
    void givenAModelAnySourceSaysReasonsWhenDerivedThenItIsAReasoningModel() {
        Map<String, ModelSpec> then = Given.entries("deepseek/deepseek-reasoner").whenDerived();

        assertThat(then.get("deepseek/deepseek-reasoner").getModelType()).isEqualTo("reasoning");
        assertThat(then.get("deepseek/deepseek-reasoner").getProvenance()).containsEntry("modelType", "derived:type-reasoning-capability");
    }

    @Test
    void givenNonChatApiKindsWhenDerivedThenTheKindDecidesTheType() {
        Map<String, ModelSpec> then = Given.entries("openai/text-embedding-3-large", "openai/omni-moderation-latest",
                "openai/whisper-1", "openai/gpt-image-1", "cohere/rerank-v3.5").whenDerived();

        assertThat(then.get("openai/text-embedding-3-large").getModelType()).isEqualTo("embedding");
        assertThat(then.get("openai/omni-moderation-latest").getModelType()).isEqualTo("moderation");
        assertThat(then.get("openai/whisper-1").getModelType()).isEqualTo("audio");
        assertThat(then.get("openai/gpt-image-1").getModelType()).isEqualTo("image");
        assertThat(then.get("cohere/rerank-v3.5").getModelType()).isEqualTo("rerank");
        assertThat(then.values()).allSatisfy(s -> assertThat(s.getProvenance().get("modelType")).isEqualTo("derived:type-from-api-kind"));
    }

    @Test
    void givenAPlainChatModelWhenDerivedThenChatAndAPresetTypeIsNeverOverridden() {
        Map<String, ModelSpec> then = Given.entries("openai/gpt-3.5-turbo", "openai/gpt-4o", "anthropic/claude-3-haiku-20240307").whenDerived();

        assertThat(then.get("openai/gpt-3.5-turbo").getModelType()).isEqualTo("chat");
        assertThat(then.get("openai/gpt-3.5-turbo").getProvenance().get("modelType")).startsWith("derived:");
        assertThat(then.get("openai/gpt-4o").getModelType()).isEqualTo("chat");
        assertThat(then.get("openai/gpt-4o").getProvenance()).containsEntry("modelType", "presets");
        assertThat(then.get("anthropic/claude-3-haiku-20240307").getModelType()).isEqualTo("chat");
    }

    @Test
    void givenAModelOnlyOpenRouterListsWhenDerivedThenItsTextOutputMakesItChat() {
        Map<String, ModelSpec> then = Given.entries("openrouter/mistralai/mistral-nemo").whenDerived();

        ModelSpec nemo = then.get("openrouter/mistralai/mistral-nemo");
        assertThat(nemo.getModelType()).isIn("chat", "reasoning");
        assertThat(nemo.getProvenance().get("modelType")).startsWith("derived:");
    }

    @Test
    void onTheBundledDataNearlyEveryModelHasAType() {
        Map<String, ModelSpec> all = BundledModels.derived();
        long typed = all.values().stream().filter(s -> s.getModelType() != null).count();
        assertThat((double) typed / all.size()).as("share of models with a type").isGreaterThan(0.95);
        assertThat(all.values()).allSatisfy(s -> {
            if (s.getModelType() != null) {
                assertThat(dev.modelregistry.schemas.semantics.Derivation.TYPES).contains(s.getModelType());
            }
        });
    }
}
