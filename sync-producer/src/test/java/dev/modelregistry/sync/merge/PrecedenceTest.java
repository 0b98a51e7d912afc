package dev.modelregistry.sync.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.sync.derive.Given;
import dev.modelregistry.catalogs.source.SourceName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-field precedence, placeholders and conflicts, on real entries. */
class PrecedenceTest {

    @Test
    void givenTheCodexCliWindowAndTheApiWindowWhenMergedThenTheApiWindowIsTheContextAndTheCliWindowKeepsItsOwnName() {
        Given given = Given.entries("openai/gpt-5.5");
        assertThat(given.of(SourceName.CODEX).get(0).getLimits().getCodexContextWindow()).isEqualTo(272_000L);

        ModelSpec merged = given.whenMerged().get("openai/gpt-5.5");

        assertThat(merged.getLimits().getContextWindow()).isEqualTo(1_050_000L);
        assertThat(merged.getLimits().getCodexContextWindow()).isEqualTo(272_000L);
        assertThat(merged.getProvenance()).containsEntry("limits.contextWindow", "modelsdev").containsEntry("limits.codexContextWindow", "codex");
    }

    @Test
    void givenModelsDevAndLiteLlmDisagreeOnToolsWhenMergedThenLiteLlmWinsAndTheDisagreementIsShown() {
        ModelSpec merged = Given.entries("openai/gpt-3.5-turbo").whenMerged().get("openai/gpt-3.5-turbo");

        assertThat(merged.getCapabilities()).containsEntry("tools", true);
        assertThat(merged.getProvenance()).containsEntry("capabilities.tools", "litellm");
        assertThat(merged.getConflicts()).containsEntry("capabilities.tools", Map.of("litellm", "true", "modelsdev", "false"));
    }

    @Test
    void givenModelsDevsZeroLimitsForAnImageModelWhenMergedThenTheLimitsAreUnknown() {
        Given given = Given.entries("openai/gpt-image-1");
        assertThat(given.of(SourceName.MODELSDEV).get(0).getLimits().getContextWindow()).isZero();

        ModelSpec merged = given.whenMerged().get("openai/gpt-image-1");

        assertThat(merged.getLimits().getContextWindow()).isNull();
        assertThat(merged.getLimits().getMaxOutputTokens()).isNull();
        assertThat(merged.getConflicts()).doesNotContainKey("limits.contextWindow");
    }

    @Test
    void givenOpenRoutersFarFutureExpiryWhenMergedThenThereIsNoRetirementDate() {
        Given given = Given.entries("openrouter/z-ai/glm-5-turbo");
        assertThat(given.of(SourceName.OPENROUTER).get(0).getLifecycle().getRetirementDate()).isEqualTo("2098-12-31");

        assertThat(given.whenMerged().get("openrouter/z-ai/glm-5-turbo").getLifecycle().getRetirementDate()).isNull();
    }

    @Test
    void givenTheProvidersOwnApiWhenMergedThenItRanksRightAfterThePresets() {
        assertThat(Precedence.order(Precedence.FieldGroup.PRICING, "openrouter"))
                .startsWith(SourceName.PRESETS, SourceName.OPENROUTER);
        assertThat(Precedence.order(Precedence.FieldGroup.PRICING, "openai")).startsWith(SourceName.PRESETS, SourceName.LITELLM);
        ModelSpec merged = Given.entries("openrouter/openai/gpt-4o").whenMerged().get("openrouter/openai/gpt-4o");
        assertThat(merged.getProvenance()).containsEntry("pricing.inputPerMillion", "openrouter");
    }

    @Test
    void everyFieldOfTheSpecIsEitherInAGroupOrMergedByItsOwnRule() {
        List<String> ownRule = List.of("id", "provider", "aliases", "extras", "provenance", "conflicts");
        for (var f : ModelSpec.getClassSchema().getFields()) {
            assertThat(Precedence.groupOf(f.name()) != null || ownRule.contains(f.name())).as(f.name()).isTrue();
        }
    }
}
