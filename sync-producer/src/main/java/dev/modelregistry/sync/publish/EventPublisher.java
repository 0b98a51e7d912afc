package dev.modelregistry.sync.publish;

import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.topics.EventProducers;
import dev.modelregistry.schemas.encoding.AvroSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes one sync's events in a single Kafka transaction (idempotent producer): all of them
 * become visible to the registry, or none do.
 */
public final class EventPublisher {

    private final Map<String, Object> clientSettings;
    private final String topic;
    private final AvroSerde<ModelEvent> events;

    public EventPublisher(Map<String, Object> clientSettings, String topic, AvroSerde<ModelEvent> events) {
        this.clientSettings = clientSettings;
        this.topic = topic;
        this.events = events;
    }

    /**
     * @return the highest offset written per partition (empty when there was nothing to write)
     * @throws IllegalStateException if the transaction could not be committed (nothing is visible then)
     */
    public Map<Integer, Long> publish(List<ModelEvent> toPublish) {
        Map<Integer, Long> written = new TreeMap<>();
        if (toPublish.isEmpty()) {
            return written;
        }
        // A fresh id per run: concurrent syncs must not fence each other; the fold's
        // expected_version settles which of two racing changes wins.
        Map<String, Object> props = EventProducers.transactional(clientSettings, "model-registry-sync-" + UUID.randomUUID());
        try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(props, new StringSerializer(), events)) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (ModelEvent e : toPublish) {
                    sent.add(producer.send(new ProducerRecord<>(topic, e.getModelId(), e)));
                }
                producer.flush();
                for (Future<RecordMetadata> f : sent) {
                    RecordMetadata m = f.get();
                    written.merge(m.partition(), m.offset(), Math::max);
                }
                producer.commitTransaction();
            } catch (ExecutionException | KafkaException e) {
                producer.abortTransaction();
                throw new IllegalStateException("publishing " + toPublish.size() + " events failed; nothing was published: "
                        + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
        return written;
    }
}
