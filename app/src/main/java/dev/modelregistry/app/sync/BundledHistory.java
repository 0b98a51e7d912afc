package dev.modelregistry.app.sync;

import dev.modelregistry.app.config.RegistryConfig;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.sync.run.SyncRun;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Records the bundled catalogs' past into an empty registry: one sync per capture day, oldest
 * first, each observed at the start of its day (UTC). The registry then starts with the real
 * history of prices, limits and lifecycles that the snapshots show, not only "now".
 */
public final class BundledHistory {

    private BundledHistory() {
    }

    /**
     * Which capture days still need recording, given the newest version timestamp in the
     * registry. Each day is one sync, one transaction: a day is either wholly recorded or not
     * at all, so a first start stopped half-way resumes with the day after the newest version.
     *
     * @param days every dated snapshot by capture day
     * @param newestVersion the newest recorded-at of any model, or empty for an empty registry
     * @return the days to record: all of them for an empty registry, none once the registry
     *     holds anything later than the last day (the history was finished and "now" synced)
     */
    public static SortedMap<LocalDate, List<SyncRun.Source>> remaining(SortedMap<LocalDate, List<SyncRun.Source>> days,
                                                                      Optional<Instant> newestVersion) {
        if (newestVersion.isEmpty() || days.isEmpty()) {
            return days;
        }
        LocalDate newestDay = LocalDate.ofInstant(newestVersion.get(), ZoneOffset.UTC);
        if (newestVersion.get().isAfter(days.lastKey().atStartOfDay(ZoneOffset.UTC).toInstant())) {
            return new TreeMap<>();
        }
        return days.tailMap(newestDay.plusDays(1));
    }

    /**
     * @param days the dated snapshots by capture day to record (see {@link #remaining})
     * @param resuming true if earlier days were recorded by a start that stopped part-way
     * @param out where to print one line per source and day, and a summary
     * @return the number of events published
     * @throws IllegalStateException if the registry does not keep up (see {@link SyncRun})
     */
    public static long record(RegistryConfig config, SortedMap<LocalDate, List<SyncRun.Source>> days, boolean resuming,
                              RegistrySerdes serdes, Map<String, String> environment, PrintWriter out) throws InterruptedException {
        if (days.isEmpty()) {
            return 0;
        }
        int snapshots = days.values().stream().mapToInt(List::size).sum();
        out.printf("%s the history of %d bundled catalog snapshots, %s to %s, each as observed on its day...%n",
                resuming ? "Resuming (an earlier first start stopped part-way):" : "Empty registry: recording",
                snapshots, days.firstKey(), days.lastKey());
        out.flush();
        long started = System.nanoTime();
        long events = 0;
        for (Map.Entry<LocalDate, List<SyncRun.Source>> day : days.entrySet()) {
            Instant observedAt = day.getKey().atStartOfDay(ZoneOffset.UTC).toInstant();
            SyncRun.Report report = SyncJob.run(config, day.getValue(), null, observedAt, false, serdes, environment);
            for (SyncRun.SourceReport s : report.sources()) {
                out.printf("  %s  %-10s %s%n", day.getKey(), s.source().id(), s.failed() ? "failed, skipped: " + s.detail()
                        : String.format("%,6d models: %,d added, %,d changed, %,d deprecated", s.models(), s.added(), s.changed(), s.deprecated()));
            }
            out.flush();
            events += report.events().size();
        }
        out.printf("History recorded: %,d events in %.1f s.%n", events, (System.nanoTime() - started) / 1e9);
        out.flush();
        return events;
    }
}
