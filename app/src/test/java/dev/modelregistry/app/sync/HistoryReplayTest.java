package dev.modelregistry.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.schemas.EventType;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.streams.fold.FoldResult;
import dev.modelregistry.streams.fold.ModelFold;
import dev.modelregistry.sync.fetch.FetchSettings;
import dev.modelregistry.sync.plan.Grace;
import dev.modelregistry.sync.plan.SyncPlanner;
import dev.modelregistry.sync.run.HistoryReplay;
import dev.modelregistry.sync.run.SyncRun;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The history planned in one pass over real catalogs: each day is planned against what the days
 * before leave, so every event chains onto the version the previous ones made and the real fold
 * accepts all of them, in order.
 */
class HistoryReplayTest {

    private static SyncRun.Source catalog(SourceName name, String file) {
        return new SyncRun.Source(name, Path.of(System.getProperty("testdata.dir"), "catalogs", file).toString());
    }

    @Test
    void givenThreeDaysWhenPlannedInOnePassThenTheFoldAcceptsEveryEventInOrderAndAnUnchangedDayAddsNothing() throws Exception {
        Instant d1 = Instant.parse("2025-04-01T00:00:00Z");
        Instant d2 = Instant.parse("2026-07-24T00:00:00Z");
        Instant d3 = Instant.parse("2026-07-25T00:00:00Z");
        SyncRun.Source old = catalog(SourceName.LITELLM, "litellm_model_prices_2025-04-01_a8c1324f.json.gz");
        SyncRun.Source later = catalog(SourceName.LITELLM, "litellm_model_prices_2026-07-24_8442b939.json.gz");
        List<SyncRun.Report> reports = new ArrayList<>();
        List<ModelEvent> events = new ArrayList<>();
        Path store = Files.createTempDirectory("replay-store-");
        HistoryReplay.Result result = HistoryReplay.plan(
                List.of(new HistoryReplay.Day(d1, List.of(old)), new HistoryReplay.Day(d2, List.of(later)), new HistoryReplay.Day(d3, List.of(later))),
                Map.of(), new SyncPlanner.Settings(Grace.parse("0"), new BigDecimal("0.001")), 0.75, store, new RegistrySerdes(),
                FetchSettings.defaults(), Map.of(), BundledHistory.FOLD, sent -> {
                    events.addAll(sent);
                    return Map.of();
                }, (day, report) -> reports.add(report));

        assertThat(result.rejected()).isZero();
        assertThat(reports).hasSize(3);
        assertThat(reports.get(2).events()).as("the same catalog a day later changes nothing").isEmpty();
        assertThat(result.events()).isEqualTo(events.size());
        assertThat(events).hasSize(reports.get(0).events().size() + reports.get(1).events().size());
        assertThat(events.stream().filter(e -> e.getObservedAt().equals(d1))).allMatch(e -> e.getType() == EventType.MODEL_ADDED);
        assertThat(events.stream().filter(e -> e.getObservedAt().equals(d2)).map(ModelEvent::getType))
                .as("the later day changes and deprecates what the first added").contains(EventType.MODEL_CHANGED, EventType.MODEL_DEPRECATED);

        // folding the published sequence from an empty registry accepts every event, in order
        Map<String, ModelState> registry = new HashMap<>();
        for (ModelEvent e : events) {
            FoldResult r = ModelFold.fold(registry.get(e.getModelId()), false, e);
            assertThat(r).as("%s of %s expecting version %d", e.getType(), e.getModelId(), e.getExpectedVersion())
                    .isInstanceOf(FoldResult.Accepted.class);
            registry.put(e.getModelId(), ((FoldResult.Accepted) r).state());
        }
        assertThat(registry.values().stream().filter(s -> s.getVersion() > 1)).as("models with a second version").isNotEmpty();
        assertThat(Files.list(store).toList()).as("the day's producer store: last good copy and absences").isNotEmpty();
    }
}
