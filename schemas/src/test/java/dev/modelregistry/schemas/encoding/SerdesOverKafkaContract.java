package dev.modelregistry.schemas.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.schemas.SampleRecords;
import dev.modelregistry.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every record type crosses a real broker through its serde and comes back equal; a poison
 * record on the same topic is reported with a typed reason. Run against each kind of broker
 * by the subclasses.
 */
abstract class SerdesOverKafkaContract {

    private final KafkaBroker broker;
    private final RegistrySerdes serdes = new RegistrySerdes();

    SerdesOverKafkaContract(KafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void everyRecordTypeCrossesTheBrokerUnchanged() {
        String id = "openrouter/openai/codex-mini";
        assertCrosses(serdes.events(), SampleRecords.fullEvent(id));
        assertCrosses(serdes.changes(), SampleRecords.fullChange(id));
        assertCrosses(serdes.states(), SampleRecords.fullState(id));
        assertCrosses(serdes.rejections(), SampleRecords.fullRejection(id));
    }

    @Test
    void aPoisonRecordBetweenGoodOnesIsReportedAndTheOthersStillDecode() throws Exception {
        String topic = broker.uniqueName("poison");
        broker.createTopics(1, topic);
        var props = broker.producerProps();
        try (var producer = new KafkaProducer<String, byte[]>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "a", serdes.events().encode(SampleRecords.fullEvent("openai/a")))).get();
            producer.send(new ProducerRecord<>(topic, "x", "garbage".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(topic, "b", serdes.events().encode(SampleRecords.fullEvent("openai/b")))).get();
        }
        List<ConsumerRecord<byte[], byte[]>> records = broker.readAtLeast(topic, 3, Duration.ofSeconds(30));
        assertThat(serdes.events().decode(records.get(0).value()).getModelId()).isEqualTo("openai/a");
        assertThatThrownBy(() -> serdes.events().decode(records.get(1).value()))
                .isInstanceOfSatisfying(UndecodableRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(UndecodableRecordException.Reason.BAD_HEADER));
        assertThat(serdes.events().decode(records.get(2).value()).getModelId()).isEqualTo("openai/b");
    }

    private <T extends SpecificRecord> void assertCrosses(AvroSerde<T> serde, T record) {
        String topic = broker.uniqueName(serde.type().getSimpleName());
        broker.createTopics(1, topic);
        var props = broker.producerProps();
        try (var producer = new KafkaProducer<String, T>(props, new StringSerializer(), serde)) {
            producer.send(new ProducerRecord<>(topic, "k", record)).get();
        } catch (Exception e) {
            throw new AssertionError("produce failed on " + broker.kind(), e);
        }
        var consumerProps = broker.consumerProps();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, T>(
                consumerProps, new StringDeserializer(), serde)) {
            consumer.subscribe(List.of(topic));
            T received = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received == null && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    received = r.value();
                }
            }
            assertThat(received).as("%s over %s", serde.type().getSimpleName(), broker.kind()).isEqualTo(record);
        }
    }
}
