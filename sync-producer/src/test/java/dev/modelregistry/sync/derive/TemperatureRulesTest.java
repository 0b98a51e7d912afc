package dev.modelregistry.sync.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.TemperatureKind;
import dev.modelregistry.catalogs.source.SourceName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Temperature rules on real entries. */
class TemperatureRulesTest {

    @Test
    void givenModelsDevSaysNoTemperatureForO3WhenDerivedThenOnlyTheDefaultOneIsAllowed() {
        Given given = Given.entries("openai/o3");
        assertThat(given.of(SourceName.MODELSDEV).get(0).getTemperature().getKind()).isEqualTo(TemperatureKind.NONE);

        ModelSpec o3 = given.whenDerived().get("openai/o3");

        assertThat(o3.getTemperature().getKind()).isEqualTo(TemperatureKind.ONLY);
        assertThat(o3.getTemperature().getAllowed()).containsExactly(1.0);
        assertThat(o3.getProvenance()).containsEntry("temperature.kind", "derived:temperature-false-on-openai-reasoning");
    }

    @Test
    void givenASourceSaysAnyTemperatureWhenDerivedThenTheStatementStays() {
        ModelSpec gpt4o = Given.entries("openai/gpt-4o").whenDerived().get("openai/gpt-4o");

        assertThat(gpt4o.getTemperature().getKind()).isEqualTo(TemperatureKind.ANY);
        assertThat(gpt4o.getProvenance().get("temperature.kind")).doesNotStartWith("derived:");
    }

    @Test
    void givenNoSamplingParamsOnBedrockClaudeWhenDerivedThenNoTemperature() {
        ModelSpec opus = Given.entries("bedrock_converse/anthropic.claude-opus-4-7").whenDerived().get("bedrock_converse/anthropic.claude-opus-4-7");

        assertThat(opus.getCapabilities()).containsEntry("sampling_params", false);
        assertThat(opus.getTemperature().getKind()).isEqualTo(TemperatureKind.NONE);
        assertThat(opus.getProvenance()).containsEntry("temperature.kind", "derived:temperature-no-sampling-params");
    }

    @Test
    void givenOpenRouterOmitsTemperatureForAClaudeModelWhenDerivedThenNone() {
        ModelSpec fable = Given.entries("openrouter/anthropic/claude-fable-5").whenDerived().get("openrouter/anthropic/claude-fable-5");

        assertThat(fable.getTemperature().getKind()).isEqualTo(TemperatureKind.NONE);
        assertThat(fable.getProvenance()).containsEntry("temperature.kind", "openrouter");
    }

    @Test
    void givenADatedReasoningSnapshotNoSourceDescribesWhenDerivedThenItTakesItsBasesRule() {
        ModelSpec snapshot = Given.entries("openai/o3", "openai/o3-2025-04-16").whenDerived().get("openai/o3-2025-04-16");

        assertThat(snapshot.getTemperature().getKind()).isEqualTo(TemperatureKind.ONLY);
        assertThat(snapshot.getTemperature().getAllowed()).containsExactly(1.0);
    }

    @Test
    void givenEmbeddingAndPlainChatModelsWithoutAStatementWhenDerivedThenNoneAndAny() {
        Map<String, ModelSpec> all = BundledModels.derived();
        List<ModelSpec> embeddings = all.values().stream().filter(s -> "embedding".equals(s.getModelType())).toList();
        assertThat(embeddings).isNotEmpty().allSatisfy(s -> assertThat(s.getTemperature()).as(s.getId()).isNotNull()
                .satisfies(t -> assertThat(t.getKind()).as(s.getId()).isEqualTo(TemperatureKind.NONE)));
        List<ModelSpec> chatDefaults = all.values().stream()
                .filter(s -> "derived:temperature-chat".equals(s.getProvenance().get("temperature.kind"))).toList();
        assertThat(chatDefaults).isNotEmpty()
                .allSatisfy(s -> assertThat(s.getModelType()).as(s.getId()).isIn("chat", "completion"))
                .allSatisfy(s -> assertThat(s.getTemperature().getKind()).isEqualTo(TemperatureKind.ANY));
    }
}
