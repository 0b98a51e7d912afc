package dev.modelregistry.sync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Rejection;
import dev.modelregistry.catalogs.adapters.Catalogs;
import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Two syncs racing against one registry: whichever publishes first wins; the other's events carry
 * a stale expected_version (or the same event id) and are rejected, so one change never makes
 * two versions.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ConcurrentSyncsIT {

    private final KafkaBroker broker;

    ConcurrentSyncsIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void twoSyncsOfTheSameChangeAtOnceMakeOneVersion() throws Exception {
        List<Path> codex = Catalogs.snapshots("codex_");
        try (SyncHarness registry = new SyncHarness(broker)) {
            registry.sync(List.of(new SyncRun.Source(SourceName.CODEX, codex.get(0).toString())), Instant.parse("2025-12-17T00:00:00Z"), Map.of());
            Map<String, ModelState> base = registry.state();

            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<SyncRun.Report>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return registry.sync(List.of(new SyncRun.Source(SourceName.CODEX, codex.get(1).toString())),
                            Instant.parse("2025-12-19T00:00:00Z"), Map.of());
                }));
            }
            start.countDown();
            int published = 0;
            for (Future<SyncRun.Report> run : runs) {
                published += run.get().events().size();
            }
            pool.shutdown();

            Map<String, ModelState> after = registry.state();
            Map<String, List<Long>> versions = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : broker.readAll(registry.topics.history(), Duration.ofSeconds(60))) {
                ModelChange c = registry.serdes.changes().decode(r.value());
                versions.computeIfAbsent(c.getModelId(), k -> new ArrayList<>()).add(c.getVersion());
            }
            for (Map.Entry<String, ModelState> e : after.entrySet()) {
                long expected = base.containsKey(e.getKey()) && base.get(e.getKey()).getSpec().equals(e.getValue().getSpec()) ? 1 : base.containsKey(e.getKey()) ? 2 : 1;
                assertThat(e.getValue().getVersion()).as(e.getKey()).isEqualTo(expected);
                assertThat(versions.get(e.getKey())).as("history of %s", e.getKey()).containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, expected).boxed().toList());
            }
            List<String> reasons = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : broker.readAll(registry.topics.rejected(), Duration.ofSeconds(60))) {
                Rejection rej = registry.serdes.rejections().decode(r.value());
                reasons.add(rej.getReasonCode());
            }
            assertThat(reasons).allMatch(r -> r.equals("duplicate_event") || r.equals("stale_version") || r.equals("model_exists"));
            LoggerFactory.getLogger(ConcurrentSyncsIT.class).info("two racing syncs published {} events; the fold rejected {} ({})",
                    published, reasons.size(), reasons.stream().distinct().toList());
        }
    }
}
