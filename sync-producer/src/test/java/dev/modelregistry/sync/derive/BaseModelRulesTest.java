package dev.modelregistry.sync.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.TemperatureKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Base model, inheritance and alias rules on real entries. */
class BaseModelRulesTest {

    @Test
    void givenADatedSnapshotAndItsModelWhenDerivedThenTheSnapshotLinksToIt() {
        Map<String, ModelSpec> then = Given.entries("openai/gpt-4o", "openai/gpt-4o-2024-08-06", "anthropic/claude-haiku-4-5",
                "anthropic/claude-haiku-4-5-20251001").whenDerived();

        assertThat(then.get("openai/gpt-4o-2024-08-06").getBaseModel()).isEqualTo("openai/gpt-4o");
        assertThat(then.get("openai/gpt-4o-2024-08-06").getProvenance()).containsEntry("baseModel", "derived:base-dated-snapshot");
        assertThat(then.get("anthropic/claude-haiku-4-5-20251001").getBaseModel()).isEqualTo("anthropic/claude-haiku-4-5");
        assertThat(then.get("openai/gpt-4o").getBaseModel()).as("the canonical model has no base").isNull();
    }

    @Test
    void givenOfferingsByOtherProvidersWhenDerivedThenEachLinksToTheMakersModel() {
        Map<String, ModelSpec> then = Given.entries("openai/gpt-4o", "azure/gpt-4o", "openrouter/openai/gpt-4o", "azure/eu/gpt-4o-2024-08-06",
                "anthropic/claude-sonnet-4-5", "openrouter/anthropic/claude-sonnet-4.5").whenDerived();

        assertThat(then.get("azure/gpt-4o").getBaseModel()).isEqualTo("openai/gpt-4o");
        assertThat(then.get("openrouter/openai/gpt-4o").getBaseModel()).isEqualTo("openai/gpt-4o");
        assertThat(then.get("azure/eu/gpt-4o-2024-08-06").getBaseModel()).as("a dated offering links to the undated model")
                .isEqualTo("openai/gpt-4o");
        assertThat(then.get("openrouter/anthropic/claude-sonnet-4.5").getBaseModel())
                .as("4.5 and 4-5 are one name").isEqualTo("anthropic/claude-sonnet-4-5");
    }

    @Test
    void givenABaseWithoutAMatchingModelWhenDerivedThenNoLinkIsInvented() {
        Map<String, ModelSpec> then = Given.entries("azure/gpt-4o").whenDerived();

        assertThat(then.get("azure/gpt-4o").getBaseModel()).isNull();
    }

    @Test
    void givenAnOfferingItsSourcesSayLittleOfWhenDerivedThenItInheritsItsBasesRules() {
        Map<String, ModelSpec> then = Given.entries("openai/o1", "openai/o1-2024-12-17").whenDerived();

        ModelSpec snapshot = then.get("openai/o1-2024-12-17");
        assertThat(snapshot.getBaseModel()).isEqualTo("openai/o1");
        assertThat(snapshot.getTokenLimitParameter()).isEqualTo("max_completion_tokens");
        assertThat(snapshot.getTemperature().getKind()).isEqualTo(TemperatureKind.ONLY);
        assertThat(snapshot.getProvenance()).containsEntry("temperature.kind", "derived:inherit-from-base");
    }

    @Test
    void givenOpenRoutersTildeEntriesWhenDerivedThenTheyBecomeAliasesOfTheirTargets() {
        Map<String, ModelSpec> all = BundledModels.derived();

        ModelSpec target = all.get("openrouter/anthropic/claude-sonnet-5");
        assertThat(target.getAliases()).contains("~anthropic/claude-sonnet-latest");
        assertThat(target.getProvenance()).containsEntry("aliases", "derived:alias-openrouter-target");
    }

    @Test
    void onTheBundledDataThousandsOfModelsHaveABase() {
        long withBase = BundledModels.derived().values().stream().filter(s -> s.getBaseModel() != null).count();
        assertThat(withBase).isGreaterThan(1_000);
        assertThat(BundledModels.derived().values()).allSatisfy(s -> {
            if (s.getBaseModel() != null) {
                assertThat(BundledModels.derived()).as(s.getId() + " -> " + s.getBaseModel()).containsKey(s.getBaseModel());
                assertThat(BundledModels.derived().get(s.getBaseModel()).getBaseModel()).as("a base is a root").isNull();
            }
        });
    }
}
