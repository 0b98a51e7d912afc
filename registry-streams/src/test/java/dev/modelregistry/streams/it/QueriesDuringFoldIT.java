package dev.modelregistry.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.query.StoreUnavailableException;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Interactive Queries hammering the stores while the fold writes them must not stall the fold
 * (Kafka Streams' store/position lock-order deadlock, worked around by LockOrderedKeyValueStore).
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class QueriesDuringFoldIT {

    private final KafkaBroker broker;
    private final RegistrySerdes serdes = new RegistrySerdes();

    QueriesDuringFoldIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void theFoldFinishesWhileQueriesRunFlatOut() throws Exception {
        LiteLlmHistory litellm = LiteLlmHistory.load();
        List<ModelEvent> events = litellm.events;
        RegistryTopics topics = FoldOnKafkaIT.topics(broker, 1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong queries = new AtomicLong();
        try (RegistryStreamsApp app = new RegistryStreamsApp(
                FoldOnKafkaIT.settings(broker, topics, broker.uniqueName("iq"), "localhost:7301", 0), serdes)) {
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            Thread querier = new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    String id = events.get(i++ % events.size()).getModelId();
                    try {
                        app.reader().current(id, null);
                        app.reader().history(id, 1, 10, null);
                        queries.incrementAndGet();
                    } catch (StoreUnavailableException e) {
                        Thread.onSpinWait();
                    }
                }
            }, "querier");
            querier.start();
            try (var producer = new KafkaProducer<>(FoldOnKafkaIT.toMap(broker.producerProps()), new StringSerializer(), new ByteArraySerializer())) {
                for (ModelEvent e : events) {
                    producer.send(new ProducerRecord<>(topics.events(), e.getModelId(), serdes.events().encode(e)));
                }
            }
            try {
                assertThat(broker.readAtLeast(topics.history(), events.size(), Duration.ofSeconds(120))).hasSize(events.size());
            } finally {
                stop.set(true);
                querier.join(10_000);
            }
            assertThat(querier.isAlive()).as("the query thread is not stuck").isFalse();
            assertThat(queries.get()).as("queries actually ran during the fold").isGreaterThan(100);
        }
    }
}
