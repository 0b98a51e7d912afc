package dev.modelregistry.app.sync;

import dev.modelregistry.app.config.RegistryConfig;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.streams.fold.FoldResult;
import dev.modelregistry.streams.fold.ModelFold;
import dev.modelregistry.sync.fetch.FetchSettings;
import dev.modelregistry.sync.publish.EventPublisher;
import dev.modelregistry.sync.publish.RegistryStateReader;
import dev.modelregistry.sync.run.HistoryReplay;
import dev.modelregistry.sync.run.SyncRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Records the bundled catalogs' past into an empty registry: one sync per capture day, oldest
 * first, each observed at the start of its day (UTC), planned in one pass and published at once. The registry then starts with the real
 * history of prices, limits and lifecycles that the snapshots show, not only "now".
 */
public final class BundledHistory {

    /** The registry's own fold, as the history replay applies it to its in-memory state. */
    static final HistoryReplay.Fold FOLD = (before, event) ->
            ModelFold.fold(before, false, event) instanceof FoldResult.Accepted a ? Optional.of(a.state()) : Optional.empty();

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
     * Plans every day in memory, each against the state the days before it leave (the real fold
     * decides, see {@link HistoryReplay}), then publishes all of it in one transaction and waits
     * once for the registry to fold it. All days are recorded or none: a start stopped part-way
     * records them all again. The producer's store is replaced only once the events are
     * published, so it never describes days the registry does not hold.
     *
     * @param days the dated snapshots by capture day to record (see {@link #remaining})
     * @param current the registry's state now (empty for an empty registry)
     * @param resuming true if earlier days were recorded by a start that stopped part-way
     * @param out where to print one line per source and day, and a summary
     * @return the number of events published
     * @throws IllegalStateException if publishing fails or the registry does not keep up
     */
    public static long record(RegistryConfig config, SortedMap<LocalDate, List<SyncRun.Source>> days, Map<String, ModelState> current,
                              boolean resuming, RegistrySerdes serdes, Map<String, String> environment, PrintWriter out)
            throws InterruptedException {
        if (days.isEmpty()) {
            return 0;
        }
        int snapshots = days.values().stream().mapToInt(List::size).sum();
        out.printf("%s the history of %d bundled catalog snapshots, %s to %s, each as observed on its day...%n",
                resuming ? "Resuming (an earlier first start stopped part-way):" : "Empty registry: recording",
                snapshots, days.firstKey(), days.lastKey());
        out.flush();
        long started = System.nanoTime();
        List<HistoryReplay.Day> replay = new ArrayList<>();
        days.forEach((day, sources) -> replay.add(new HistoryReplay.Day(day.atStartOfDay(ZoneOffset.UTC).toInstant(), sources)));
        Path store = config.syncStoreDir();
        Path staging = store.resolveSibling(store.getFileName() + ".history");
        deleteTree(staging);
        Map<String, Object> client = config.kafkaClientSettings();
        HistoryReplay.Result planned;
        Map<Integer, Long> offsets;
        long plannedAt;
        try (EventPublisher.Transaction transaction = new EventPublisher(client, config.topics().events(), serdes.events())
                .open(transactionalId(config))) {
            planned = HistoryReplay.plan(replay, current, SyncJob.plannerSettings(config, null),
                    config.getDouble(RegistryConfig.SYNC_SHRINK_GUARD), staging, serdes, FetchSettings.defaults(), environment,
                    FOLD,
                    events -> {
                        transaction.send(events);
                        return Map.of();
                    },
                    (day, report) -> {
                        LocalDate date = LocalDate.ofInstant(day.observedAt(), ZoneOffset.UTC);
                        for (SyncRun.SourceReport s : report.sources()) {
                            out.printf("  %s  %-10s %s%n", date, s.source().id(), s.failed() ? "failed, skipped: " + s.detail()
                                    : String.format("%,6d models: %,d added, %,d changed, %,d deprecated", s.models(), s.added(), s.changed(), s.deprecated()));
                        }
                        out.flush();
                    });
            plannedAt = System.nanoTime();
            offsets = transaction.commit();
        }
        new RegistryStateReader(client, config.topics(), config.getString(RegistryConfig.APPLICATION_ID), serdes.states())
                .awaitCaughtUp(Duration.ofMillis(config.getLong(RegistryConfig.SYNC_STATE_TIMEOUT_MS)));
        replaceTree(staging, store);
        out.printf("History recorded: %,d events in %.1f s (planned and sent in %.1f s, committed and folded in %.1f s)%s; offsets %s.%n",
                planned.events(), (System.nanoTime() - started) / 1e9, (plannedAt - started) / 1e9,
                (System.nanoTime() - plannedAt) / 1e9, planned.rejected() == 0 ? "" : ", " + planned.rejected() + " the fold would reject left out",
                offsets);
        out.flush();
        return planned.events();
    }

    /**
     * Aborts the history transaction a killed start may have left open. Until it is aborted, the
     * stream processor reads nothing past it; the broker would abort it only when it times out.
     * Call before reading the registry's state.
     */
    public static void abortUnfinished(RegistryConfig config, RegistrySerdes serdes) {
        new EventPublisher(config.kafkaClientSettings(), config.topics().events(), serdes.events()).open(transactionalId(config)).close();
    }

    /** One id per registry: a new start's history transaction fences the one a killed start left. */
    private static String transactionalId(RegistryConfig config) {
        return "model-registry-history-" + config.getString(RegistryConfig.APPLICATION_ID);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }

    /** Makes {@code from} the new {@code to}: the old contents of {@code to} go. */
    private static void replaceTree(Path from, Path to) {
        deleteTree(to);
        try {
            if (Files.exists(from)) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the history's producer store " + from + " to " + to, e);
        }
    }
}
