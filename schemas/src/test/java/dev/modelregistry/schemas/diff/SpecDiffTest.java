package dev.modelregistry.schemas.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ChangeKind;
import dev.modelregistry.schemas.FieldChange;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.SampleRecords;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecDiffTest {

    private static final String ID = "openrouter/openai/codex-mini";

    @Test
    void identicalSpecsHaveNoDifference() {
        assertThat(SpecDiff.diff(SampleRecords.fullSpec(ID), SampleRecords.fullSpec(ID))).isEmpty();
    }

    @Test
    void flatteningCoversEveryFieldGroupWithDottedPaths() {
        Map<String, String> fields = SpecFields.flatten(SampleRecords.fullSpec(ID));
        assertThat(fields).containsEntry("limits.contextWindow", "128000")
                .containsEntry("pricing.inputPerMillion", "\"1.5\"")
                .containsEntry("capabilities.vision", "true")
                .containsEntry("aliases", "[\"codex-mini\",\"openai/codex-mini\"]")
                .containsEntry("temperature.kind", "\"ONLY\"")
                .containsEntry("temperature.allowed", "[1.0]")
                .containsEntry("lifecycle.status", "\"ACTIVE\"")
                .containsEntry("availability.priority", "3")
                .containsEntry("extras.openrouter:architecture.tokenizer", "\"\\\"GPT\\\"\"");
    }

    @Test
    void aChangedValueAnIntroducedOneAndARemovedOneAreToldApart() {
        ModelSpec before = SampleRecords.fullSpec(ID);
        ModelSpec after = SampleRecords.fullSpec(ID);
        after.getLimits().setContextWindow(200_000L);
        after.setKnowledgeCutoff(null);
        after.setCapabilities(Map.of("tools", true, "streaming", true, "vision", true, "reasoning", true,
                "parallel_tools", false, "structured_output", true, "web_search", true));
        List<FieldChange> changes = SpecDiff.diff(before, after);
        assertThat(changes).extracting(FieldChange::getPath, FieldChange::getKind, FieldChange::getOldValue, FieldChange::getNewValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("capabilities.web_search", ChangeKind.INTRODUCED, null, "true"),
                        org.assertj.core.groups.Tuple.tuple("knowledgeCutoff", ChangeKind.REMOVED, "\"2024-06\"", null),
                        org.assertj.core.groups.Tuple.tuple("limits.contextWindow", ChangeKind.CHANGED, "128000", "200000"));
    }

    @Test
    void anEmptyListIsTheSameAsAnAbsentOne() {
        ModelSpec before = SampleRecords.fullSpec(ID);
        before.setEndpoints(List.of());
        ModelSpec after = SampleRecords.fullSpec(ID);
        after.setEndpoints(List.of());
        after.getReasoning().setSupported(List.of());
        before.getReasoning().setSupported(List.of());
        assertThat(SpecDiff.diff(before, after)).isEmpty();
    }

    @Test
    void decimalsCompareByValueNotByScale() {
        ModelSpec before = SampleRecords.fullSpec(ID);
        ModelSpec after = SampleRecords.fullSpec(ID);
        after.getPricing().setInputPerMillion(new BigDecimal("1.500000000000"));
        assertThat(SpecDiff.diff(before, after)).isEmpty();
    }

    @Test
    void roundingNoiseUnderTheToleranceIsNoChangeButARealChangeIs() {
        SpecDiff.Tolerance prices = SpecDiff.Tolerance.relativeDecimal(p -> p.startsWith("pricing."), new BigDecimal("0.001"));
        ModelSpec before = SampleRecords.fullSpec(ID);
        before.getPricing().setInputPerMillion(SampleRecords.price("2.5"));
        ModelSpec noise = SampleRecords.fullSpec(ID);
        noise.getPricing().setInputPerMillion(SampleRecords.price("2.4999"));
        ModelSpec real = SampleRecords.fullSpec(ID);
        real.getPricing().setInputPerMillion(SampleRecords.price("2.49"));
        assertThat(SpecDiff.diff(before, noise, prices)).isEmpty();
        assertThat(SpecDiff.diff(before, noise)).as("exact diff still sees it").hasSize(1);
        assertThat(SpecDiff.diff(before, real, prices)).extracting(FieldChange::getPath).containsExactly("pricing.inputPerMillion");
    }

    @Test
    void fromNothingEveryPresentFieldIsIntroduced() {
        List<FieldChange> changes = SpecDiff.diff(null, SampleRecords.fullSpec(ID));
        assertThat(changes).hasSize(SpecFields.flatten(SampleRecords.fullSpec(ID)).size());
        assertThat(changes).extracting(FieldChange::getKind).containsOnly(ChangeKind.INTRODUCED);
    }
}
