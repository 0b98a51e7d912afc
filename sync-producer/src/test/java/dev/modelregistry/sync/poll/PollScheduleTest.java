package dev.modelregistry.sync.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.catalogs.source.SourceName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final PolledSource LITELLM = new PolledSource(SourceName.LITELLM, "https://example.test/l.json", Duration.ofHours(1), null, null);
    private static final PolledSource CODEX = new PolledSource(SourceName.CODEX, "https://example.test/c.json", Duration.ofMinutes(10), null, null);
    private static final PolledSource OPENAI = new PolledSource(SourceName.OPENAI, "https://example.test/o", Duration.ofHours(1), "OPENAI_API_KEY",
            "needs an API key: set OPENAI_API_KEY");
    private static final PollSchedule.Settings NO_JITTER = new PollSchedule.Settings(0, Duration.ofMinutes(1));

    @Test
    void givenAFreshScheduleWhenAskedThenEveryPolledSourceIsDueAndNoOtherIs() {
        PollSchedule s = new PollSchedule(List.of(LITELLM, CODEX, OPENAI), NO_JITTER, () -> 0.5);
        assertThat(s.due(T0)).containsExactly(SourceName.CODEX, SourceName.LITELLM);
        assertThat(s.nextPoll(SourceName.OPENAI)).isNull();
    }

    @Test
    void givenASuccessThenTheSourceIsDueAgainAfterItsOwnInterval() {
        PollSchedule s = new PollSchedule(List.of(LITELLM, CODEX), NO_JITTER, () -> 0.5);
        assertThat(s.succeeded(SourceName.CODEX, T0)).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(s.succeeded(SourceName.LITELLM, T0)).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(s.due(T0.plus(Duration.ofMinutes(9)))).isEmpty();
        assertThat(s.due(T0.plus(Duration.ofMinutes(10)))).containsExactly(SourceName.CODEX);
        assertThat(s.earliest()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void givenJitterThenWaitsSpreadWithinItsBoundsAndNoFurther() {
        PollSchedule low = new PollSchedule(List.of(LITELLM), new PollSchedule.Settings(0.1, Duration.ofMinutes(1)), () -> 0.0);
        PollSchedule high = new PollSchedule(List.of(LITELLM), new PollSchedule.Settings(0.1, Duration.ofMinutes(1)), () -> 0.999_999);
        assertThat(low.succeeded(SourceName.LITELLM, T0)).isEqualTo(T0.plus(Duration.ofMinutes(54)));
        assertThat(Duration.between(T0, high.succeeded(SourceName.LITELLM, T0))).isBetween(Duration.ofMinutes(65), Duration.ofMinutes(66));
    }

    @Test
    void givenFailuresThenTheRetryWaitDoublesUpToTheIntervalAndASuccessResetsIt() {
        PollSchedule s = new PollSchedule(List.of(CODEX), NO_JITTER, () -> 0.5);
        List<Duration> waits = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waits.add(Duration.between(T0, s.failed(SourceName.CODEX, T0, null)));
        }
        assertThat(waits).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                Duration.ofMinutes(10), Duration.ofMinutes(10));
        assertThat(s.failures(SourceName.CODEX)).isEqualTo(6);
        s.succeeded(SourceName.CODEX, T0);
        assertThat(s.failures(SourceName.CODEX)).isZero();
        assertThat(Duration.between(T0, s.failed(SourceName.CODEX, T0, null))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void givenA429WithRetryAfterThenTheLongerOfItAndTheBackoffWins() {
        PollSchedule s = new PollSchedule(List.of(LITELLM), NO_JITTER, () -> 0.5);
        assertThat(s.failed(SourceName.LITELLM, T0, Duration.ofMinutes(30))).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(s.failed(SourceName.LITELLM, T0, Duration.ofSeconds(5))).as("a shorter Retry-After does not shorten the backoff")
                .isEqualTo(T0.plus(Duration.ofMinutes(2)));
    }

    @Test
    void givenAnEarlierPollersScheduleWhenResumedThenItsNextPollAndFailuresCarryOver() {
        PollSchedule s = new PollSchedule(List.of(LITELLM, CODEX), NO_JITTER, () -> 0.5);
        s.resume(SourceName.LITELLM, T0.plus(Duration.ofMinutes(20)), 2);
        assertThat(s.due(T0)).containsExactly(SourceName.CODEX);
        assertThat(Duration.between(T0, s.failed(SourceName.LITELLM, T0, null))).as("third failure").isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new PollSchedule.Settings(0.9, Duration.ofMinutes(1))).hasMessageContaining("jitter");
        assertThatThrownBy(() -> new PollSchedule.Settings(0.1, Duration.ZERO)).hasMessageContaining("positive");
    }
}
