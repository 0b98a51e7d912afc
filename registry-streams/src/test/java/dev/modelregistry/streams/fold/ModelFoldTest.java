package dev.modelregistry.streams.fold;

import static dev.modelregistry.streams.fold.Events.added;
import static dev.modelregistry.streams.fold.Events.changed;
import static dev.modelregistry.streams.fold.Events.deprecated;
import static dev.modelregistry.streams.fold.Events.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ChangeKind;
import dev.modelregistry.schemas.EventType;
import dev.modelregistry.schemas.FieldChange;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Given these events, when this one arrives, then exactly this outcome. */
class ModelFoldTest {

    private static final String GPT = "openai/gpt-4o";

    /** The fold applied to a sequence, as the processor does it; the last outcome is returned. */
    private static final class Registry {
        ModelState state;
        final Set<String> applied = new HashSet<>();

        Registry given(ModelEvent... events) {
            for (ModelEvent e : events) {
                FoldResult r = when(e);
                assertThat(r).as("given %s", e.getEventId()).isInstanceOf(FoldResult.Accepted.class);
            }
            return this;
        }

        FoldResult when(ModelEvent event) {
            FoldResult r = ModelFold.fold(state, applied.contains(event.getEventId()), event);
            if (r instanceof FoldResult.Accepted a) {
                state = a.state();
                applied.add(event.getEventId());
            }
            return r;
        }
    }

    private static FoldResult.Accepted accepted(FoldResult r) {
        assertThat(r).isInstanceOf(FoldResult.Accepted.class);
        return (FoldResult.Accepted) r;
    }

    private static void rejected(FoldResult r, RejectionReason reason) {
        assertThat(r).isInstanceOfSatisfying(FoldResult.Rejected.class, rej -> assertThat(rej.reason()).isEqualTo(reason));
    }

    @Test
    void anAddOfANewModelIsVersionOneWithEveryFieldIntroduced() {
        FoldResult.Accepted a = accepted(new Registry().when(added(spec(GPT, 128_000, "2.50"), "2025-01-01T00:00:00Z")));
        assertThat(a.change().getVersion()).isEqualTo(1);
        assertThat(a.change().getType()).isEqualTo(EventType.MODEL_ADDED);
        assertThat(a.change().getRecordedAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(a.change().getChanges()).extracting(FieldChange::getKind).containsOnly(ChangeKind.INTRODUCED);
        assertThat(a.change().getChanges()).extracting(FieldChange::getPath)
                .contains("id", "limits.contextWindow", "pricing.inputPerMillion", "lifecycle.status");
        assertThat(a.state().getVersion()).isEqualTo(1);
    }

    @Test
    void aChangeMakesTheNextVersionWithOnlyTheChangedFields() {
        Registry r = new Registry().given(added(spec(GPT, 128_000, "2.50"), "2025-01-01T00:00:00Z"));
        FoldResult.Accepted a = accepted(r.when(changed(spec(GPT, 200_000, "2.50"), 1, "2025-02-01T00:00:00Z")));
        assertThat(a.change().getVersion()).isEqualTo(2);
        assertThat(a.change().getChanges()).containsExactly(FieldChange.newBuilder()
                .setPath("limits.contextWindow").setKind(ChangeKind.CHANGED).setOldValue("128000").setNewValue("200000").build());
    }

    @Test
    void aFieldThatDisappearsIsRemovedAndOneThatAppearsIsIntroduced() {
        Registry r = new Registry().given(added(spec(GPT, 128_000, "2.50"), "2025-01-01T00:00:00Z"));
        ModelSpec next = spec(GPT, 128_000, null);
        next.setKnowledgeCutoff("2024-06");
        FoldResult.Accepted a = accepted(r.when(changed(next, 1, "2025-02-01T00:00:00Z")));
        assertThat(a.change().getChanges()).extracting(FieldChange::getPath, FieldChange::getKind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("knowledgeCutoff", ChangeKind.INTRODUCED),
                org.assertj.core.groups.Tuple.tuple("pricing.currency", ChangeKind.REMOVED),
                org.assertj.core.groups.Tuple.tuple("pricing.inputPerMillion", ChangeKind.REMOVED));
    }

    @Test
    void aDeprecationMarksTheModelDeprecatedWhateverStatusTheSpecCarries() {
        Registry r = new Registry().given(added(spec(GPT, 128_000, "2.50"), "2025-01-01T00:00:00Z"));
        FoldResult.Accepted a = accepted(r.when(deprecated(spec(GPT, 128_000, "2.50"), 1, "2025-03-01T00:00:00Z")));
        assertThat(a.state().getSpec().getLifecycle().getStatus()).isEqualTo(LifecycleStatus.DEPRECATED);
        assertThat(a.change().getChanges()).extracting(FieldChange::getPath).containsExactly("lifecycle.status");
    }

    @Test
    void aModelThatComesBackAfterDeprecationIsANewVersion() {
        Registry r = new Registry().given(
                added(spec(GPT, 128_000, "2.50"), "2025-01-01T00:00:00Z"),
                deprecated(spec(GPT, 128_000, "2.50"), 1, "2025-03-01T00:00:00Z"));
        FoldResult.Accepted back = accepted(r.when(changed(spec(GPT, 128_000, "2.50"), 2, "2025-04-01T00:00:00Z")));
        assertThat(back.change().getVersion()).isEqualTo(3);
        assertThat(back.state().getSpec().getLifecycle().getStatus()).isEqualTo(LifecycleStatus.ACTIVE);
        FoldResult.Accepted readded = accepted(new Registry().given(
                added(spec(GPT, 128_000, "2.50"), "2025-01-01T00:00:00Z"),
                deprecated(spec(GPT, 128_000, "2.50"), 1, "2025-03-01T00:00:00Z"))
                .when(Events.event(EventType.MODEL_ADDED, spec(GPT, 128_000, "2.50"), 2, "2025-04-01T00:00:00Z")));
        assertThat(readded.change().getVersion()).as("an add of a deprecated model revives it").isEqualTo(3);
    }

    @Test
    void aChangeOfAnUnknownModelIsRejected() {
        rejected(new Registry().when(changed(spec(GPT, 1, null), 0, "2025-01-01T00:00:00Z")), RejectionReason.UNKNOWN_MODEL);
    }

    @Test
    void aDeprecationOfAnUnknownModelIsRejected() {
        rejected(new Registry().when(deprecated(spec(GPT, 1, null), 0, "2025-01-01T00:00:00Z")), RejectionReason.UNKNOWN_MODEL);
    }

    @Test
    void anAddOfAnActiveModelIsRejected() {
        Registry r = new Registry().given(added(spec(GPT, 128_000, "2.50"), "2025-01-01T00:00:00Z"));
        rejected(r.when(Events.event(EventType.MODEL_ADDED, spec(GPT, 1, null), 1, "2025-02-01T00:00:00Z")), RejectionReason.MODEL_EXISTS);
    }

    @Test
    void aStaleExpectedVersionIsRejectedAndChangesNothing() {
        Registry r = new Registry().given(
                added(spec(GPT, 128_000, "2.50"), "2025-01-01T00:00:00Z"),
                changed(spec(GPT, 200_000, "2.50"), 1, "2025-02-01T00:00:00Z"));
        rejected(r.when(changed(spec(GPT, 300_000, "2.50"), 1, "2025-03-01T00:00:00Z")), RejectionReason.STALE_VERSION);
        assertThat(r.state.getVersion()).isEqualTo(2);
        assertThat(r.state.getSpec().getLimits().getContextWindow()).isEqualTo(200_000L);
    }

    @Test
    void theSameEventAppliedTwiceIsADuplicateNotANewVersion() {
        ModelEvent add = added(spec(GPT, 128_000, "2.50"), "2025-01-01T00:00:00Z");
        Registry r = new Registry().given(add);
        rejected(r.when(add), RejectionReason.DUPLICATE_EVENT);
        assertThat(r.state.getVersion()).isEqualTo(1);
    }

    @Test
    void anEventThatChangesNoFieldIsRejected() {
        Registry r = new Registry().given(added(spec(GPT, 128_000, "2.50"), "2025-01-01T00:00:00Z"));
        rejected(r.when(changed(spec(GPT, 128_000, "2.500"), 1, "2025-02-01T00:00:00Z")), RejectionReason.NO_CHANGE);
    }

    @Test
    void anEventThatChangesOnlyProvenanceIsRejectedAsThePlannerAndTheWritePathWouldNotSendIt() {
        Registry r = new Registry().given(added(spec(GPT, 128_000, "2.50"), "2025-01-01T00:00:00Z"));
        var relabelled = spec(GPT, 128_000, "2.50");
        relabelled.setProvenance(java.util.Map.of("limits.contextWindow", "litellm"));
        rejected(r.when(changed(relabelled, 1, "2025-02-01T00:00:00Z")), RejectionReason.NO_CHANGE);
        var realChange = spec(GPT, 200_000, "2.50");
        realChange.setProvenance(java.util.Map.of("limits.contextWindow", "litellm"));
        FoldResult accepted = r.when(changed(realChange, 1, "2025-03-01T00:00:00Z"));
        assertThat(accepted).isInstanceOf(FoldResult.Accepted.class);
        assertThat(((FoldResult.Accepted) accepted).change().getChanges()).as("the history keeps the provenance change beside the real one")
                .extracting(c -> c.getPath()).contains("limits.contextWindow", "provenance.limits.contextWindow");
    }

    @Test
    void invalidSpecsAreRejectedWithEveryProblemNamed() {
        ModelSpec negative = spec(GPT, -5, "-1");
        FoldResult r = new Registry().when(added(negative, "2025-01-01T00:00:00Z"));
        rejected(r, RejectionReason.INVALID_SPEC);
        assertThat(((FoldResult.Rejected) r).message()).contains("limits.contextWindow is negative").contains("pricing.inputPerMillion is negative");

        ModelSpec noSlash = spec("openai/x", 1, null);
        noSlash.setId("gpt-4o");
        rejected(new Registry().when(added(noSlash, "2025-01-01T00:00:00Z")), RejectionReason.INVALID_SPEC);

        ModelSpec upper = spec("openai/x", 1, null);
        upper.setId("openai/GPT-4o");
        rejected(new Registry().when(added(upper, "2025-01-01T00:00:00Z")), RejectionReason.INVALID_SPEC);

        ModelSpec wrongProvider = spec(GPT, 1, null);
        wrongProvider.setProvider("anthropic");
        rejected(new Registry().when(added(wrongProvider, "2025-01-01T00:00:00Z")), RejectionReason.INVALID_SPEC);
    }

    @Test
    void aSpecWhoseIdDiffersFromTheEventsModelIdIsRejected() {
        ModelEvent e = added(spec(GPT, 1, null), "2025-01-01T00:00:00Z");
        e.setModelId("openai/other");
        rejected(new Registry().when(e), RejectionReason.INVALID_SPEC);
    }

    @Test
    void anUnknownEventTypeIsRejected() {
        rejected(new Registry().when(Events.event(EventType.UNKNOWN, spec(GPT, 1, null), 0, "2025-01-01T00:00:00Z")),
                RejectionReason.UNKNOWN_EVENT_TYPE);
    }

    @Test
    void aLateEventIsStoredJustAfterThePreviousVersionNotInItsPast() {
        Registry r = new Registry().given(added(spec(GPT, 128_000, "2.50"), "2025-06-01T00:00:00Z"));
        FoldResult.Accepted late = accepted(r.when(changed(spec(GPT, 200_000, "2.50"), 1, "2025-01-01T00:00:00Z")));
        assertThat(late.change().getRecordedAt()).isEqualTo(Instant.parse("2025-06-01T00:00:00.001Z"));
        FoldResult.Accepted sameInstant = accepted(r.when(changed(spec(GPT, 300_000, "2.50"), 2, "2025-06-01T00:00:00.001Z")));
        assertThat(sameInstant.change().getRecordedAt()).isEqualTo(Instant.parse("2025-06-01T00:00:00.002Z"));
    }

    @Test
    void versionsCountUpWithoutGapsAcrossAcceptedAndRejectedEvents() {
        Registry r = new Registry();
        long expected = 0;
        for (int i = 0; i < 20; i++) {
            ModelSpec s = spec(GPT, 1000 + i, BigDecimal.valueOf(i).toPlainString());
            ModelEvent e = i == 0 ? added(s, "2025-01-01T00:00:00Z") : changed(s, i % 3 == 0 ? 0 : r.state.getVersion(), "2025-01-02T00:00:00Z");
            FoldResult result = r.when(e);
            if (result instanceof FoldResult.Accepted a) {
                expected++;
                assertThat(a.change().getVersion()).isEqualTo(expected);
            }
        }
        assertThat(r.state.getVersion()).isEqualTo(expected).isLessThan(20);
        assertThat(List.of(r.state.getVersion())).isNotEmpty();
    }
}
