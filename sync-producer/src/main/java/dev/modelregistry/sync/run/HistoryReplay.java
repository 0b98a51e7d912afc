package dev.modelregistry.sync.run;

import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.sync.fetch.CatalogFetcher;
import dev.modelregistry.sync.fetch.FetchSettings;
import dev.modelregistry.sync.plan.SyncPlanner;
import dev.modelregistry.sync.store.SyncStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Plans a series of dated syncs in one pass, in memory: each day is planned against the state the
 * days before it leave, as the registry's fold would leave it, so the whole series can go into
 * one transaction (day by day, never held whole in memory) and be waited for once, instead of reading the registry's state,
 * publishing and waiting once per day. The events are exactly those the day-by-day syncs would
 * publish.
 */
public final class HistoryReplay {

    /** Applies one event to a model's state as the registry's fold does. */
    @FunctionalInterface
    public interface Fold {
        /**
         * @param current the model's state, null if the registry does not know it
         * @return the state after the event, or empty if the registry would reject it
         */
        Optional<ModelState> apply(ModelState current, ModelEvent event);
    }

    /** One day to replay: its sources, observed at {@code observedAt}. */
    public record Day(Instant observedAt, List<SyncRun.Source> sources) {
    }

    /**
     * @param events how many events the days planned and the fold accepts (all sent to the sink)
     * @param rejected events a day planned that the fold would reject (not sent)
     */
    public record Result(int events, int rejected) {
    }

    private HistoryReplay() {
    }

    /**
     * @param days the days, oldest first
     * @param start the registry's state before the first day (empty for an empty registry)
     * @param storeDir the producer's store the days write their last good copies and absences to
     * @param out receives each day's accepted events, in order, as soon as the day is planned
     * @param progress told each day's report as soon as it is planned
     * @throws IllegalStateException if a day cannot be planned
     */
    public static Result plan(List<Day> days, Map<String, ModelState> start, SyncPlanner.Settings planner, double shrinkGuard,
                              Path storeDir, RegistrySerdes serdes, FetchSettings fetch, Map<String, String> environment, Fold fold,
                              SyncRun.EventSink out, BiConsumer<Day, SyncRun.Report> progress) throws InterruptedException {
        Map<String, ModelState> state = new HashMap<>(start);
        int[] counts = {0, 0};
        SyncStore store = new SyncStore(storeDir, serdes.specs());
        try (CatalogFetcher fetcher = new CatalogFetcher(fetch)) {
            for (Day day : days) {
                SyncRun.Settings settings = new SyncRun.Settings(day.sources(), planner, shrinkGuard, day.observedAt(), false, null);
                SyncRun.EventSink applyInMemory = events -> {
                    List<ModelEvent> accepted = new ArrayList<>();
                    for (ModelEvent e : events) {
                        Optional<ModelState> after = fold.apply(state.get(e.getModelId()), e);
                        if (after.isPresent()) {
                            state.put(e.getModelId(), after.get());
                            accepted.add(e);
                        } else {
                            counts[1]++;
                        }
                    }
                    out.publish(accepted);
                    counts[0] += accepted.size();
                    return Map.of();
                };
                // a copy: the run reads the state before its events while the sink changes it
                SyncRun run = new SyncRun(settings, store, timeout -> new HashMap<>(state), applyInMemory, fetcher, environment,
                        Clock.systemUTC());
                progress.accept(day, run.run());
            }
        }
        return new Result(counts[0], counts[1]);
    }
}
