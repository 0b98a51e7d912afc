package dev.modelregistry.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.diff.SpecDiff;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.query.Answer;
import dev.modelregistry.streams.query.RegistryReader;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import dev.modelregistry.streams.runtime.StreamsSettings;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The topology on a real broker over real data: every LiteLLM snapshot in date order, a few
 * thousand models, adds, changes and deprecations, plus poison records.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
public class FoldOnKafkaIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private final KafkaBroker broker;
    private final RegistrySerdes serdes = new RegistrySerdes();

    FoldOnKafkaIT(KafkaBroker broker) {
        this.broker = broker;
    }

    public static RegistryTopics topics(KafkaBroker broker, int partitions) {
        String p = broker.uniqueName("reg");
        RegistryTopics topics = new RegistryTopics(p + ".events", p + ".history", p + ".state", p + ".rejected", partitions, (short) 1);
        createTopics(broker, topics);
        return topics;
    }

    /**
     * Creates the topics with the registry's own configs: history records carry their validity
     * time as timestamp, often months old, so a default 7-day retention would delete them.
     */
    public static void createTopics(KafkaBroker broker, RegistryTopics topics) {
        for (RegistryTopics.Definition d : topics.definitions()) {
            broker.createTopic(d.name(), topics.partitions(), d.configs());
        }
    }

    public static StreamsSettings settings(KafkaBroker broker, RegistryTopics topics, String appId, String server, int standbys) throws Exception {
        return new StreamsSettings(Map.of("bootstrap.servers", broker.bootstrapServers()), appId,
                Files.createTempDirectory("streams-"), standbys, Duration.ofMillis(100), server, topics,
                StreamsSettings.instanceIdFor(appId, server));
    }

    @Test
    void historyAndStoresEqualAReferenceFoldOfTheEventsAndAsOfReadsGiveEachSnapshot() throws Exception {
        LiteLlmHistory litellm = LiteLlmHistory.load();
        RegistryTopics topics = topics(broker, 3);
        try (var producer = new KafkaProducer<>(toMap(broker.producerProps()), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            int i = 0;
            for (ModelEvent e : litellm.events) {
                producer.send(new ProducerRecord<>(topics.events(), e.getModelId(), serdes.events().encode(e)));
                if (++i % 1000 == 0) {
                    // poison among good records, and a replay of an already sent event
                    producer.send(new ProducerRecord<>(topics.events(), e.getModelId(), "poison".getBytes(StandardCharsets.UTF_8)));
                    producer.send(new ProducerRecord<>(topics.events(), e.getModelId(), serdes.events().encode(e)));
                }
            }
            producer.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> sent = broker.readAll(topics.events(), WAIT);
        ReferenceFold reference = new ReferenceFold().apply(sent, serdes.events());
        assertThat(reference.accepted).as("every derived event is valid").isEqualTo(litellm.events.size());
        assertThat(reference.states.size()).isGreaterThan(3000);
        org.slf4j.LoggerFactory.getLogger(FoldOnKafkaIT.class).info("LiteLLM replay: {} snapshots, {} events ({} records with poison and replays), {} models",
                litellm.snapshots.size(), litellm.events.size(), sent.size(), reference.states.size());

        try (RegistryStreamsApp app = new RegistryStreamsApp(settings(broker, topics, broker.uniqueName("app"), "localhost:7001", 0), serdes)) {
            app.start();
            assertThat(app.awaitRunning(WAIT)).isTrue();
            List<ConsumerRecord<byte[], byte[]>> historyRecords = broker.readAtLeast(topics.history(), reference.accepted, WAIT);
            assertThat(historyRecords).hasSize(reference.accepted);
            assertThat(broker.readAtLeast(topics.rejected(), reference.rejected, WAIT)).hasSize(reference.rejected);

            Map<String, List<ModelChange>> actual = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : historyRecords) {
                ModelChange c = serdes.changes().decode(r.value());
                actual.computeIfAbsent(c.getModelId(), k -> new ArrayList<>()).add(c);
            }
            assertThat(actual.keySet()).isEqualTo(reference.histories.keySet());
            int differences = 0;
            for (var e : reference.histories.entrySet()) {
                if (!e.getValue().equals(actual.get(e.getKey()))) {
                    differences++;
                }
            }
            assertThat(differences).as("models whose history topic differs from the reference fold").isZero();

            RegistryReader reader = app.reader();
            awaitStoresCaughtUp(reader, reference);
            for (var e : reference.states.entrySet()) {
                Answer<ModelState> current = reader.current(e.getKey(), null);
                assertThat(current.value()).as(e.getKey()).isEqualTo(e.getValue());
                assertThat(reader.history(e.getKey(), 1, 1000, null).value()).isEqualTo(reference.histories.get(e.getKey()));
            }
            for (LiteLlmHistory.Snapshot s : litellm.snapshots) {
                int checked = 0;
                for (var m : s.models().entrySet()) {
                    if (checked++ % 7 != 0) {
                        continue; // a seventh of each snapshot keeps the test quick yet covers every provider
                    }
                    ModelState asOf = reader.asOf(m.getKey(), s.observedAt(), null).value();
                    assertThat(asOf).as("%s as of %s", m.getKey(), s.observedAt()).isNotNull();
                    assertThat(SpecDiff.diff(m.getValue(), asOf.getSpec())).as("%s as of %s", m.getKey(), s.file()).isEmpty();
                }
            }
            LiteLlmHistory.Snapshot last = litellm.snapshots.get(litellm.snapshots.size() - 1);
            for (var e : reference.states.entrySet()) {
                ModelSpec spec = e.getValue().getSpec();
                LifecycleStatus expected = last.models().containsKey(e.getKey()) ? LifecycleStatus.ACTIVE : LifecycleStatus.DEPRECATED;
                assertThat(spec.getLifecycle().getStatus()).as(e.getKey()).isEqualTo(expected);
            }
            assertThat(reader.allLocal(null).value()).hasSize(reference.states.size());
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    static void awaitStoresCaughtUp(RegistryReader reader, ReferenceFold reference) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (reader.allLocal(null).value().size() == reference.states.size()) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("stores did not reach " + reference.states.size() + " models within " + WAIT);
    }

    public static Map<String, Object> toMap(java.util.Properties props) {
        Map<String, Object> map = new HashMap<>();
        props.forEach((k, v) -> map.put((String) k, v));
        return map;
    }
}
