package dev.modelregistry.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.catalogs.source.SourceName;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Given the registry's newest version, when up starts, then exactly these capture days are (still) recorded. */
class BundledHistoryTest {

    private static final LocalDate D1 = LocalDate.parse("2025-04-01");
    private static final LocalDate D2 = LocalDate.parse("2025-08-31");
    private static final LocalDate D3 = LocalDate.parse("2026-07-24");

    private static SortedMap<LocalDate, List<SyncRun.Source>> days() {
        SortedMap<LocalDate, List<SyncRun.Source>> days = new TreeMap<>();
        days.put(D1, List.of(new SyncRun.Source(SourceName.LITELLM, "a.json.gz")));
        days.put(D2, List.of(new SyncRun.Source(SourceName.MODELSDEV, "b.json.gz")));
        days.put(D3, List.of(new SyncRun.Source(SourceName.LITELLM, "c.json.gz"), new SyncRun.Source(SourceName.CODEX, "d.json.gz")));
        return days;
    }

    @Test
    void anEmptyRegistryRecordsEveryDay() {
        assertThat(BundledHistory.remaining(days(), Optional.empty()).keySet()).containsExactly(D1, D2, D3);
    }

    @Test
    void aFirstStartStoppedAfterADayResumesWithTheNextDay() {
        assertThat(BundledHistory.remaining(days(), Optional.of(Instant.parse("2025-08-31T00:00:00Z"))).keySet()).containsExactly(D3);
        assertThat(BundledHistory.remaining(days(), Optional.of(Instant.parse("2025-04-01T00:00:00Z"))).keySet()).containsExactly(D2, D3);
    }

    @Test
    void aFinishedHistoryOrARegistryWithLaterDataRecordsNothing() {
        assertThat(BundledHistory.remaining(days(), Optional.of(Instant.parse("2026-07-24T00:00:00Z")))).isEmpty();
        assertThat(BundledHistory.remaining(days(), Optional.of(Instant.parse("2026-11-22T03:05:43Z")))).isEmpty();
    }
}
