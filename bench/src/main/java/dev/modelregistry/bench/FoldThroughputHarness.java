package dev.modelregistry.bench;

import dev.modelregistry.app.broker.EmbeddedKafkaBroker;
import dev.modelregistry.schemas.EventType;
import dev.modelregistry.schemas.Lifecycle;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Pricing;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import dev.modelregistry.streams.runtime.StreamsSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Fold throughput of one exactly-once instance beside the physical references on the same broker
 * and topic in the same run: an exactly-once pass-through (a Kafka Streams topology that only
 * copies the events to another topic, same guarantee and commit interval; the fold's real
 * ceiling) and a plain consumer. Rates are taken over the second half of the output, after the
 * JIT and the producers have warmed up. Then end-to-end latency from produce to visible in the
 * store and on the history topic. Usage: {@code FoldThroughputHarness [events] [latencySamples]}.
 */
public final class FoldThroughputHarness {

    private static final int MODELS = 2_000;
    private static final Duration WAIT = Duration.ofMinutes(5);

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        RegistrySerdes serdes = new RegistrySerdes();
        try (BenchBroker bench = new BenchBroker("bench-fold-")) {
            EmbeddedKafkaBroker broker = bench.broker;
            Path dir = bench.dir;
            Map<String, Object> client = bench.client();
            RegistryTopics topics = bench.topics;
            int rounds = events / MODELS;
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(), "linger.ms", 5),
                    new StringSerializer(), new ByteArraySerializer())) {
                for (int round = 0; round < rounds; round++) {
                    for (int m = 0; m < MODELS; m++) {
                        ModelEvent e = event(m, round);
                        producer.send(new ProducerRecord<>(topics.events(), e.getModelId(), serdes.events().encode(e)));
                    }
                }
            }
            int total = rounds * MODELS;

            long rawStart = System.nanoTime();
            long read = countRecords(broker.bootstrapServers(), topics.events(), total, "read_uncommitted");
            double rawSeconds = (System.nanoTime() - rawStart) / 1e9;

            String copies = "bench-passthrough-out";
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(List.of(new NewTopic(copies, topics.partitions(), (short) 1))).all().get();
            }
            Topology passThrough = new Topology();
            passThrough.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.events());
            passThrough.addSink("out", copies, new ByteArraySerializer(), new ByteArraySerializer(), "in");
            Properties props = new Properties();
            props.putAll(client);
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-passthrough");
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("passthrough-state").toString());
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
            Halves copied;
            try (KafkaStreams copier = new KafkaStreams(passThrough, props)) {
                copier.start();
                copied = halves(broker.bootstrapServers(), copies, total);
            }

            StreamsSettings settings = new StreamsSettings(client, "bench-fold", dir.resolve("state"), 0, Duration.ofMillis(100),
                    "localhost:1", topics, null);
            try (RegistryStreamsApp app = new RegistryStreamsApp(settings, serdes)) {
                app.start();
                app.awaitRunning(WAIT);
                Halves folded = halves(broker.bootstrapServers(), topics.history(), total);

                List<Long> storeMicros = new ArrayList<>();
                List<Long> topicMicros = new ArrayList<>();
                try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                        new StringSerializer(), new ByteArraySerializer());
                     var history = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(),
                             "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    List<TopicPartition> parts = List.of(new TopicPartition(topics.history(), 0), new TopicPartition(topics.history(), 1),
                            new TopicPartition(topics.history(), 2));
                    history.assign(parts);
                    history.seekToEnd(parts);
                    parts.forEach(history::position);
                    for (int i = 0; i < samples; i++) {
                        int m = i % MODELS;
                        ModelEvent e = event(m, rounds + i / MODELS);
                        long t0 = System.nanoTime();
                        producer.send(new ProducerRecord<>(topics.events(), e.getModelId(), serdes.events().encode(e)));
                        while (true) {
                            ModelState s = app.reader().current(e.getModelId(), null).value();
                            if (s != null && s.getVersion() == e.getExpectedVersion() + 1) {
                                break;
                            }
                            Thread.onSpinWait();
                        }
                        storeMicros.add((System.nanoTime() - t0) / 1000);
                        while (history.poll(Duration.ofMillis(5)).isEmpty()) {
                            Thread.onSpinWait();
                        }
                        topicMicros.add((System.nanoTime() - t0) / 1000);
                    }
                }
                System.out.printf("| measure | value |%n|---|---|%n");
                System.out.printf("| events | %d (%d models x %d versions, 3 partitions) |%n", total, MODELS, rounds);
                System.out.printf("| plain consumer, same topic | %.0f records/s (%d in %.2f s) |%n", read / rawSeconds, read, rawSeconds);
                System.out.printf("| pass-through, exactly_once_v2, 1 instance, second half | %.0f records/s (whole run %.2f s) |%n",
                        copied.secondHalfRate(), copied.totalSeconds());
                System.out.printf("| fold, exactly_once_v2, 1 instance, second half | %.0f events/s (whole run %.2f s) |%n",
                        folded.secondHalfRate(), folded.totalSeconds());
                System.out.printf("| fold / pass-through | %.2f |%n", folded.secondHalfRate() / copied.secondHalfRate());
                System.out.printf("| fold / plain consumer | %.3f |%n", folded.secondHalfRate() / (read / rawSeconds));
                System.out.printf("| produce -> visible in store, p50 / p99 | %.1f ms / %.1f ms (%d samples) |%n",
                        pct(storeMicros, 50), pct(storeMicros, 99), samples);
                System.out.printf("| produce -> on history topic (read_committed), p50 / p99 | %.1f ms / %.1f ms |%n",
                        pct(topicMicros, 50), pct(topicMicros, 99));
            }
        }
    }

    private static double pct(List<Long> micros, int p) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
    }

    /** When the first and the second half of a topic's expected records had been read (read_committed). */
    private record Halves(double totalSeconds, double secondHalfRate) {
    }

    private static Halves halves(String bootstrap, String topic, int expected) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "isolation.level", "read_committed",
                "max.poll.records", 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long start = System.nanoTime();
            long half = 0;
            long count = 0;
            long deadline = start + WAIT.toNanos();
            while (count < expected && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(20)).count();
                if (half == 0 && count >= expected / 2) {
                    half = System.nanoTime();
                }
            }
            if (count < expected) {
                throw new IllegalStateException(topic + ": only " + count + " of " + expected + " records within " + WAIT);
            }
            long end = System.nanoTime();
            return new Halves((end - start) / 1e9, (expected - expected / 2) / ((end - half) / 1e9));
        }
    }

    private static long countRecords(String bootstrap, String topic, int expected, String isolation) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "isolation.level", isolation,
                "max.poll.records", 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long count = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (count < expected && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
            return count;
        }
    }

    static ModelEvent event(int model, int round) {
        String id = "bench/model-" + model;
        ModelSpec spec = ModelSpec.newBuilder()
                .setId(id).setProvider("bench").setDisplayName("Model " + model)
                .setLimits(Limits.newBuilder().setContextWindow(1_000L + round).build())
                .setPricing(Pricing.newBuilder().setInputPerMillion(BigDecimal.valueOf(round).setScale(12)).build())
                .setLifecycle(Lifecycle.newBuilder().setStatus(LifecycleStatus.ACTIVE).build())
                .build();
        return ModelEvent.newBuilder().setEventId("bench:" + id + ":" + round).setModelId(id)
                .setType(round == 0 ? EventType.MODEL_ADDED : EventType.MODEL_CHANGED).setSource("bench")
                .setObservedAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(round)).setExpectedVersion(round).setSpec(spec).build();
    }
}
