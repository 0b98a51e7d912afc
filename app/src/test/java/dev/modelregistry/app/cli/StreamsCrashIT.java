package dev.modelregistry.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.EventType;
import dev.modelregistry.schemas.Lifecycle;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Pricing;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.streams.it.ReferenceFold;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exactly once under SIGKILL: a child JVM running {@code serve} is killed at random points while
 * more than 50,000 events flow, restarted on the same state directory each time, and in the end
 * the history and state topics equal a reference fold of the events topic, with no gap, no
 * duplicate and no open transaction.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class StreamsCrashIT {

    private static final int MODELS = 2_000;
    private static final int ROUNDS = 26;
    private static final int CHUNKS = 4;
    private static final Duration WAIT = Duration.ofSeconds(180);

    private final KafkaBroker broker;
    private final RegistrySerdes serdes = new RegistrySerdes();

    StreamsCrashIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void killedRepeatedlyMidStreamItEndsEqualToTheReferenceFold() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path work = Files.createTempDirectory("crash-");
        String prefix = broker.uniqueName("crash");
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("application.id", prefix + "-app");
        config.put("state.dir", work.resolve("state").toString());
        config.put("topic.events", prefix + ".events");
        config.put("topic.history", prefix + ".history");
        config.put("topic.state", prefix + ".state");
        config.put("topic.rejected", prefix + ".rejected");
        config.put("http.port", String.valueOf(ChildJvm.freePort()));
        Path configFile = work.resolve("registry.properties");
        Files.write(configFile, config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        dev.modelregistry.streams.it.FoldOnKafkaIT.createTopics(broker, new dev.modelregistry.schemas.topics.RegistryTopics(
                config.get("topic.events"), config.get("topic.history"), config.get("topic.state"), config.get("topic.rejected"), 3, (short) 1));

        List<ModelEvent> events = events();
        assertThat(events.size()).isGreaterThanOrEqualTo(50_000);
        int kills = 0;
        int run = 0;
        ChildJvm child = startServe(work, configFile, run++);
        try (HistoryCounter history = new HistoryCounter(broker, config.get("topic.history"));
             var producer = new KafkaProducer<>(toMap(broker.producerProps()), new StringSerializer(), new ByteArraySerializer())) {
            int chunk = events.size() / CHUNKS;
            for (int c = 0; c < CHUNKS; c++) {
                List<ModelEvent> part = events.subList(c * chunk, c == CHUNKS - 1 ? events.size() : (c + 1) * chunk);
                long before = history.count();
                for (ModelEvent e : part) {
                    producer.send(new ProducerRecord<>(config.get("topic.events"), e.getModelId(), serdes.events().encode(e)));
                }
                producer.flush();
                if (c < CHUNKS - 1) {
                    // kill once the fold is somewhere inside this chunk: committed output has moved, work remains
                    long target = before + (long) (part.size() * (0.1 + 0.6 * random.nextDouble()));
                    history.awaitAtLeast(target, WAIT);
                    child.kill();
                    kills++;
                    child = startServe(work, configFile, run++);
                }
            }
            List<ConsumerRecord<byte[], byte[]>> sent = broker.readAll(config.get("topic.events"), WAIT);
            ReferenceFold reference = new ReferenceFold().apply(sent, serdes.events());
            history.awaitAtLeast(reference.accepted, WAIT);

            Map<String, List<ModelChange>> actual = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : broker.readAll(config.get("topic.history"), WAIT)) {
                ModelChange change = serdes.changes().decode(r.value());
                actual.computeIfAbsent(change.getModelId(), k -> new ArrayList<>()).add(change);
            }
            Map<String, ModelState> latestState = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : broker.readAll(config.get("topic.state"), WAIT)) {
                ModelState s = serdes.states().decode(r.value());
                latestState.put(s.getModelId(), s);
            }
            int differences = 0;
            int gapsOrDuplicates = 0;
            for (Map.Entry<String, List<ModelChange>> e : reference.histories.entrySet()) {
                List<ModelChange> got = actual.getOrDefault(e.getKey(), List.of());
                for (int v = 0; v < got.size(); v++) {
                    if (got.get(v).getVersion() != v + 1) {
                        gapsOrDuplicates++;
                        break;
                    }
                }
                if (!got.equals(e.getValue()) || !reference.states.get(e.getKey()).equals(latestState.get(e.getKey()))) {
                    if (differences++ < 5) {
                        System.out.printf("difference in %s: history versions %s (expected 1..%d)%n", e.getKey(),
                                got.stream().map(ch -> ch.getVersion() + "@" + ch.getEventId().substring(ch.getEventId().lastIndexOf(':') + 1)).toList(),
                                e.getValue().size());
                    }
                }
            }
            assertThat(actual.keySet()).isEqualTo(reference.histories.keySet());
            List<TransactionListing> open = awaitNoOpenTransactions(config.get("application.id"));
            System.out.printf("crash test: seed=%d events=%d kills=%d restarts=%d models compared=%d versions=%d gaps/duplicates=%d differences=%d open transactions=%d%n",
                    seed, sent.size(), kills, run - 1, reference.histories.size(), reference.accepted, gapsOrDuplicates, differences, open.size());
            assertThat(kills).isGreaterThanOrEqualTo(3);
            assertThat(gapsOrDuplicates).isZero();
            assertThat(differences).isZero();
            assertThat(open).isEmpty();
            assertThat(child.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        } finally {
            child.close();
        }
    }

    private ChildJvm startServe(Path work, Path configFile, int run) throws Exception {
        ChildJvm child = ChildJvm.start(work.resolve("serve-" + run + ".log"), "serve", "--config", configFile.toString());
        child.awaitOutput("Serving.", WAIT);
        return child;
    }

    /** 2,000 models, each added then changed 25 times; every fifth model deprecated at the end. */
    private static List<ModelEvent> events() {
        List<ModelEvent> events = new ArrayList<>();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int round = 0; round < ROUNDS; round++) {
            for (int m = 0; m < MODELS; m++) {
                String id = "crashtest/model-" + m;
                EventType type = round == 0 ? EventType.MODEL_ADDED
                        : round == ROUNDS - 1 && m % 5 == 0 ? EventType.MODEL_DEPRECATED : EventType.MODEL_CHANGED;
                ModelSpec spec = ModelSpec.newBuilder()
                        .setId(id).setProvider("crashtest").setDisplayName("Model " + m)
                        .setLimits(Limits.newBuilder().setContextWindow(1_000L + round).build())
                        .setPricing(Pricing.newBuilder().setInputPerMillion(BigDecimal.valueOf(round).setScale(12)).build())
                        .setLifecycle(Lifecycle.newBuilder().setStatus(LifecycleStatus.ACTIVE).build())
                        .build();
                events.add(ModelEvent.newBuilder()
                        .setEventId("crash:" + id + ":" + round).setModelId(id).setType(type).setSource("crashtest")
                        .setObservedAt(start.plusSeconds(round * 60L)).setExpectedVersion(round).setSpec(spec).build());
            }
        }
        return events;
    }

    private List<TransactionListing> awaitNoOpenTransactions(String applicationId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Admin admin = broker.admin()) {
            while (true) {
                List<TransactionListing> open = admin.listTransactions(new ListTransactionsOptions()
                                .filterStates(List.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT)))
                        .all().get().stream().filter(t -> t.transactionalId().startsWith(applicationId)).toList();
                if (open.isEmpty() || System.nanoTime() > deadline) {
                    return open;
                }
                Thread.onSpinWait();
            }
        }
    }

    private static Map<String, Object> toMap(java.util.Properties props) {
        Map<String, Object> map = new HashMap<>();
        props.forEach((k, v) -> map.put((String) k, v));
        return map;
    }

    /** Counts committed records on the history topic as they arrive. */
    private static final class HistoryCounter implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private long count;

        HistoryCounter(KafkaBroker broker, String topic) {
            consumer = new KafkaConsumer<>(broker.consumerProps());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        long count() {
            count += consumer.poll(Duration.ofMillis(50)).count();
            return count;
        }

        void awaitAtLeast(long target, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count < target) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("history reached " + count + " of " + target + " records within " + timeout);
                }
                count += consumer.poll(Duration.ofMillis(50)).count();
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
