package dev.modelregistry.sync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.catalogs.adapters.Catalogs;
import dev.modelregistry.sync.merge.SpecMerger;
import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every dated snapshot of a source, synced in date order with the real streams app folding the
 * events on a real broker (grace 0), leaves the registry equal to the last snapshot: its models
 * active with its values, every model that left deprecated, nothing else; a second sync of the
 * last snapshot publishes nothing.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ReplayCatalogsIT {

    private static final Logger log = LoggerFactory.getLogger(ReplayCatalogsIT.class);
    private static final Map<SourceName, String> PREFIX = Map.of(SourceName.LITELLM, "litellm_", SourceName.MODELSDEV, "modelsdev_",
            SourceName.OPENROUTER, "openrouter_", SourceName.CODEX, "codex_");

    private final KafkaBroker broker;

    ReplayCatalogsIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void liteLlm() throws Exception {
        replay(List.of(SourceName.LITELLM));
    }

    @Test
    void modelsDev() throws Exception {
        replay(List.of(SourceName.MODELSDEV));
    }

    @Test
    void openRouter() throws Exception {
        replay(List.of(SourceName.OPENROUTER));
    }

    @Test
    void codex() throws Exception {
        replay(List.of(SourceName.CODEX));
    }

    @Test
    void allSourcesTogether() throws Exception {
        replay(List.of(SourceName.CODEX, SourceName.OPENROUTER, SourceName.MODELSDEV, SourceName.LITELLM));
    }

    private record Step(SourceName source, Path file, Instant at) {
    }

    private void replay(List<SourceName> sources) throws Exception {
        List<Step> steps = new ArrayList<>();
        for (SourceName s : sources) {
            for (Path file : Catalogs.snapshots(PREFIX.get(s))) {
                steps.add(new Step(s, file, Instant.parse(Catalogs.date(file) + "T00:00:00Z")));
            }
        }
        steps.sort(Comparator.comparing(Step::at).thenComparing(st -> st.source().ordinal()));
        Map<SourceName, List<ModelSpec>> last = new EnumMap<>(SourceName.class);
        Set<String> everSeen = new HashSet<>();
        int published = 0;
        try (SyncHarness registry = new SyncHarness(broker)) {
            for (Step step : steps) {
                SyncRun.Report report = registry.sync(List.of(new SyncRun.Source(step.source(), step.file().toString())), step.at(), Map.of());
                assertThat(report.partialFailure()).as("%s failed: %s", step.file().getFileName(), report.sources()).isFalse();
                published += report.events().size();
                List<ModelSpec> specs = new dev.modelregistry.sync.run.SyncRunTestAccess().parse(step.source(), step.file());
                last.put(step.source(), specs);
                specs.forEach(s -> everSeen.add(s.getId()));
            }
            Map<SourceName, List<ModelSpec>> ordered = new LinkedHashMap<>();
            for (SourceName s : SourceName.values()) {
                if (last.containsKey(s)) {
                    ordered.put(s, last.get(s));
                }
            }
            // The registry holds what a sync makes of the last snapshots: merged, then derived.
            Map<String, ModelSpec> expected = dev.modelregistry.schemas.semantics.Derivation.deriveAll(SpecMerger.merge(ordered));
            Map<String, ModelState> state = registry.state();

            assertThat(state.keySet()).as("nothing else").isEqualTo(everSeen);
            int wrong = 0;
            for (Map.Entry<String, ModelState> e : state.entrySet()) {
                ModelSpec want = expected.get(e.getKey());
                ModelSpec got = e.getValue().getSpec();
                if (want == null) {
                    if (got.getLifecycle().getStatus() != LifecycleStatus.DEPRECATED) {
                        wrong++;
                        log.error("{} left the catalogs but is {}", e.getKey(), got.getLifecycle().getStatus());
                    }
                } else {
                    // Provenance alone changing (another source now gives the same value) makes no
                    // version by design; it is refreshed with the model's next real change.
                    var differences = dev.modelregistry.schemas.diff.SpecDiff.diff(want, got);
                    differences.removeIf(c -> c.getPath().startsWith("provenance."));
                    if (!differences.isEmpty()) {
                        wrong++;
                        log.error("{} differs from the last snapshot: {}", e.getKey(), differences);
                    }
                }
            }
            assertThat(wrong).as("models not equal to the last snapshot").isZero();

            Step lastStep = steps.get(steps.size() - 1);
            SyncRun.Report again = registry.sync(List.of(new SyncRun.Source(lastStep.source(), lastStep.file().toString())),
                    lastStep.at().plusSeconds(3600), Map.of());
            assertThat(again.events()).as("re-syncing the last snapshot publishes nothing").isEmpty();
            log.info("replay {}: {} snapshots, {} events published, {} models ({} active at the end)", sources, steps.size(), published,
                    state.size(), expected.size());
        }
    }
}
