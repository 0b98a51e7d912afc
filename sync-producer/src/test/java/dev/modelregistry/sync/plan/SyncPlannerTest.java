package dev.modelregistry.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.DeprecationReason;
import dev.modelregistry.schemas.EventType;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.diff.SpecDiff;
import dev.modelregistry.catalogs.adapters.OpenRouterAdapter;
import dev.modelregistry.catalogs.adapters.PresetsAdapter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Given the registry's state, when this catalog arrives, then exactly these events. */
class SyncPlannerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-02-01T00:00:00Z");
    private static final SyncPlanner.Settings NOW = new SyncPlanner.Settings(Grace.parse("0"), new BigDecimal("0.001"));

    private static ModelSpec preset(String model, String fields) throws Exception {
        String yaml = "provider: openai\nmodels:\n  " + model + ":\n" + fields.indent(4);
        return new PresetsAdapter().parse(yaml.getBytes(StandardCharsets.UTF_8)).specs().get(0);
    }

    private static Map<String, ModelState> registryWith(ModelSpec... specs) {
        Map<String, ModelState> state = new HashMap<>();
        for (ModelSpec s : specs) {
            state.put(s.getId(), ModelState.newBuilder().setModelId(s.getId()).setVersion(4).setUpdatedAt(T0)
                    .setLastEventId("e").setSpec(s).build());
        }
        return state;
    }

    private static List<ModelEvent> plan(Map<String, ModelState> state, SyncPlanner.Settings settings, ModelSpec... catalog) {
        Map<String, ModelSpec> merged = new HashMap<>();
        for (ModelSpec s : catalog) {
            merged.put(s.getId(), s);
        }
        return SyncPlanner.plan(state, merged, Map.of(), T1, "test", settings).events();
    }

    @Test
    void aNewModelIsAddedExpectingNoVersion() throws Exception {
        List<ModelEvent> events = plan(Map.of(), NOW, preset("gpt-4o", "context_window: 128000"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.MODEL_ADDED);
            assertThat(e.getExpectedVersion()).isZero();
            assertThat(e.getObservedAt()).isEqualTo(T1);
        });
    }

    @Test
    void anIntroducedFieldAChangedValueAndARemovedFieldAreEachAChange() throws Exception {
        ModelSpec before = preset("gpt-4o", "context_window: 128000\nknowledge_cutoff: 2023-10");
        List<ModelEvent> events = plan(registryWith(before), NOW,
                preset("gpt-4o", "context_window: 200000\nmax_output_tokens: 16384"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.MODEL_CHANGED);
            assertThat(e.getExpectedVersion()).isEqualTo(4);
            assertThat(SpecDiff.diff(before, e.getSpec())).extracting(c -> c.getPath() + ":" + c.getKind()).containsExactly(
                    "knowledgeCutoff:REMOVED", "limits.contextWindow:CHANGED", "limits.maxOutputTokens:INTRODUCED");
        });
    }

    @Test
    void anUnchangedCatalogPublishesNothing() throws Exception {
        ModelSpec spec = preset("gpt-4o", "context_window: 128000\npricing: {input: 2.5}");
        assertThat(plan(registryWith(spec), NOW, preset("gpt-4o", "context_window: 128000\npricing: {input: 2.5}"))).isEmpty();
    }

    @Test
    void roundingNoiseUnderTheToleranceIsNoChange() throws Exception {
        ModelSpec spec = preset("gpt-4o", "pricing: {input: 2.5}");
        assertThat(plan(registryWith(spec), NOW, preset("gpt-4o", "pricing: {input: 2.499}"))).isEmpty();
        assertThat(plan(registryWith(spec), new SyncPlanner.Settings(Grace.parse("0"), BigDecimal.ZERO),
                preset("gpt-4o", "pricing: {input: 2.499}"))).as("with no tolerance it is a change").hasSize(1);
        assertThat(plan(registryWith(spec), NOW, preset("gpt-4o", "pricing: {input: 2.4}"))).as("a real change").hasSize(1);
    }

    @Test
    void aStringPricePerTokenEqualsTheSamePricePerMillion() throws Exception {
        ModelSpec perMillion = new PresetsAdapter().parse("""
                provider: openrouter
                models:
                  openai/codex-mini:
                    pricing: {input: 1.50, output: 6.00}
                """.getBytes(StandardCharsets.UTF_8)).specs().get(0);
        ModelSpec perToken = new OpenRouterAdapter().parse("""
                {"data": [{"id": "openai/codex-mini", "pricing": {"prompt": "0.0000015", "completion": "0.000006"}}]}
                """.getBytes(StandardCharsets.UTF_8)).specs().get(0);
        assertThat(perToken.getPricing().getInputPerMillion()).isEqualTo(perMillion.getPricing().getInputPerMillion());
        assertThat(plan(registryWith(perMillion), new SyncPlanner.Settings(Grace.parse("0"), BigDecimal.ZERO), perToken))
                .as("the same prices in other units are no change").isEmpty();
    }

    @Test
    void aModelBackAfterDeprecationIsAChange() throws Exception {
        ModelSpec gone = preset("gpt-4o", "context_window: 128000\nstatus: deprecated");
        List<ModelEvent> events = plan(registryWith(gone), NOW, preset("gpt-4o", "context_window: 128000"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.MODEL_CHANGED);
            assertThat(e.getSpec().getLifecycle().getStatus()).isEqualTo(LifecycleStatus.ACTIVE);
        });
    }

    @Test
    void aSourceAnnouncingADeprecationIsADeprecation() throws Exception {
        List<ModelEvent> events = plan(registryWith(preset("gpt-4", "context_window: 8192")), NOW,
                preset("gpt-4", "context_window: 8192\nstatus: deprecated\ndeprecation_date: 2026-06-01"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.MODEL_DEPRECATED);
            assertThat(e.getDeprecation().getReason()).isEqualTo(DeprecationReason.ANNOUNCED_BY_SOURCE);
            assertThat(e.getDeprecation().getAnnouncedDate()).isEqualTo("2026-06-01");
        });
    }

    @Test
    void aMissingModelIsDeprecatedOnlyAfterTheGrace() throws Exception {
        Map<String, ModelState> state = registryWith(preset("gpt-4", "context_window: 8192"));
        SyncPlanner.Settings twoSyncs = new SyncPlanner.Settings(Grace.parse("2"), new BigDecimal("0.001"));
        SyncPlanner.Plan first = SyncPlanner.plan(state, Map.of(), Map.of(), T1, "test", twoSyncs);
        assertThat(first.events()).isEmpty();
        assertThat(first.absences()).containsKey("openai/gpt-4");
        SyncPlanner.Plan second = SyncPlanner.plan(state, Map.of(), first.absences(), T1.plusSeconds(60), "test", twoSyncs);
        assertThat(second.events()).isEmpty();
        SyncPlanner.Plan third = SyncPlanner.plan(state, Map.of(), second.absences(), T1.plusSeconds(120), "test", twoSyncs);
        assertThat(third.events()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.MODEL_DEPRECATED);
            assertThat(e.getDeprecation().getReason()).isEqualTo(DeprecationReason.GONE_FROM_SOURCE);
            assertThat(e.getSpec().getLifecycle().getStatus()).isEqualTo(LifecycleStatus.DEPRECATED);
        });
        assertThat(third.absences()).isEmpty();

        SyncPlanner.Settings sevenDays = new SyncPlanner.Settings(Grace.parse("7d"), new BigDecimal("0.001"));
        SyncPlanner.Plan day0 = SyncPlanner.plan(state, Map.of(), Map.of(), T1, "test", sevenDays);
        assertThat(SyncPlanner.plan(state, Map.of(), day0.absences(), T1.plus(java.time.Duration.ofDays(6)), "test", sevenDays).events()).isEmpty();
        assertThat(SyncPlanner.plan(state, Map.of(), day0.absences(), T1.plus(java.time.Duration.ofDays(7)), "test", sevenDays).events()).hasSize(1);
    }

    @Test
    void aModelThatReturnsWithinTheGraceLosesItsAbsence() throws Exception {
        ModelSpec spec = preset("gpt-4", "context_window: 8192");
        SyncPlanner.Settings grace = new SyncPlanner.Settings(Grace.parse("2"), new BigDecimal("0.001"));
        SyncPlanner.Plan missing = SyncPlanner.plan(registryWith(spec), Map.of(), Map.of(), T1, "test", grace);
        SyncPlanner.Plan back = SyncPlanner.plan(registryWith(spec), Map.of(spec.getId(), spec), missing.absences(), T1, "test", grace);
        assertThat(back.events()).isEmpty();
        assertThat(back.absences()).isEmpty();
    }

    @Test
    void eventIdsAreTheSameForTheSameChangeAndDifferForAnother() throws Exception {
        ModelSpec a = preset("gpt-4o", "context_window: 1");
        ModelSpec b = preset("gpt-4o", "context_window: 2");
        assertThat(plan(Map.of(), NOW, a).get(0).getEventId()).isEqualTo(plan(Map.of(), NOW, preset("gpt-4o", "context_window: 1")).get(0).getEventId());
        assertThat(plan(Map.of(), NOW, a).get(0).getEventId()).isNotEqualTo(plan(Map.of(), NOW, b).get(0).getEventId());
    }

    @Test
    void graceAcceptsSyncsAndDurationsAndRejectsNonsense() {
        assertThat(Grace.parse("0").expired(1, java.time.Duration.ZERO)).isTrue();
        assertThat(Grace.parse("12h").duration()).isEqualTo(java.time.Duration.ofHours(12));
        assertThat(Grace.parse("PT30M").duration()).isEqualTo(java.time.Duration.ofMinutes(30));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Grace.parse("soon")).hasMessageContaining("neither a number");
    }

    @Test
    void givenAModelRecordedBeforeARuleExistedWhenTheSameCatalogIsDerivedThenOneChangeFromDerivation() throws Exception {
        ModelSpec recorded = preset("o3-2025-04-16", "context_window: 200000");
        ModelSpec derivedNow = dev.modelregistry.schemas.semantics.Derivation.deriveAlone(recorded);
        assertThat(derivedNow.getModelType()).isEqualTo("reasoning");

        List<ModelEvent> events = plan(registryWith(recorded), NOW, derivedNow);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.MODEL_CHANGED);
            assertThat(e.getSource()).isEqualTo(SyncPlanner.DERIVATION);
            assertThat(e.getSpec().getProvenance()).containsEntry("modelType", "derived:type-openai-reasoning-family");
        });
        assertThat(plan(registryWith(derivedNow), NOW, derivedNow)).as("and nothing once it is recorded").isEmpty();
    }

    @Test
    void givenACatalogChangeTogetherWithADerivedOneWhenPlannedThenTheCatalogIsTheSource() throws Exception {
        ModelSpec recorded = preset("o3-2025-04-16", "context_window: 200000");
        ModelSpec derivedNow = dev.modelregistry.schemas.semantics.Derivation.deriveAlone(preset("o3-2025-04-16", "context_window: 300000"));

        assertThat(plan(registryWith(recorded), NOW, derivedNow)).singleElement()
                .satisfies(e -> assertThat(e.getSource()).isEqualTo("test"));
    }
}
