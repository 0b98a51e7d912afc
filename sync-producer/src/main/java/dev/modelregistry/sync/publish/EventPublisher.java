package dev.modelregistry.sync.publish;

import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.topics.CloudEvents;
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
        if (toPublish.isEmpty()) {
            return new TreeMap<>();
        }
        try (Transaction t = open()) {
            t.send(toPublish);
            return t.commit();
        }
    }

    /**
     * Publishes under a fixed transactional id, so a later writer with the same id fences this
     * one: what a deposed sync leader still tries to publish is refused.
     *
     * @return the highest offset written per partition (empty when there was nothing to write)
     * @throws IllegalStateException if the transaction could not be committed, or was fenced
     */
    public Map<Integer, Long> publish(List<ModelEvent> toPublish, String transactionalId) {
        if (toPublish.isEmpty()) {
            return new TreeMap<>();
        }
        try (Transaction t = open(transactionalId)) {
            t.send(toPublish);
            return t.commit();
        }
    }

    /**
     * Opens a transaction that events can be sent into in several steps, so a long series need
     * not be held in memory until it is published. Close it without {@link Transaction#commit()}
     * to abort: then none of what was sent becomes visible.
     *
     * @throws IllegalStateException if the producer cannot start its transaction
     */
    public Transaction open() {
        // A fresh id per transaction: concurrent syncs must not fence each other; the fold's
        // expected_version settles which of two racing changes wins.
        return open("model-registry-sync-" + UUID.randomUUID());
    }

    /**
     * Opens a transaction under a fixed transactional id. Opening it aborts any transaction a
     * previous holder of the id left open (a process killed mid-way), at once, instead of
     * leaving every read-committed reader of the topic stuck until the broker times it out.
     *
     * @param transactionalId the id; one writer at a time per id (a second one fences the first)
     * @throws IllegalStateException if the producer cannot start its transaction
     */
    public Transaction open(String transactionalId) {
        KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(
                EventProducers.transactional(clientSettings, transactionalId), new StringSerializer(), events);
        try {
            producer.initTransactions();
            producer.beginTransaction();
        } catch (KafkaException e) {
            producer.close();
            throw new IllegalStateException("cannot start a transaction on " + topic + ": " + e.getMessage(), e);
        }
        return new Transaction(producer);
    }

    /** One open transaction on the events topic. Not thread-safe. */
    public final class Transaction implements AutoCloseable {
        private final KafkaProducer<String, ModelEvent> producer;
        private final List<Future<RecordMetadata>> sent = new ArrayList<>();
        private boolean committed;

        private Transaction(KafkaProducer<String, ModelEvent> producer) {
            this.producer = producer;
        }

        /** Sends events into the transaction; they become visible only on {@link #commit()}. */
        public void send(List<ModelEvent> toSend) {
            try {
                for (ModelEvent e : toSend) {
                    sent.add(producer.send(new ProducerRecord<>(topic, null, e.getModelId(), e, CloudEvents.forEvent(e))));
                }
            } catch (KafkaException e) {
                throw new IllegalStateException("sending events failed; nothing will be published: " + e.getMessage(), e);
            }
        }

        /**
         * @return the highest offset written per partition
         * @throws IllegalStateException if the commit failed (nothing is visible then)
         */
        public Map<Integer, Long> commit() {
            Map<Integer, Long> written = new TreeMap<>();
            try {
                producer.flush();
                for (Future<RecordMetadata> f : sent) {
                    RecordMetadata m = f.get();
                    written.merge(m.partition(), m.offset(), Math::max);
                }
                producer.commitTransaction();
                committed = true;
                return written;
            } catch (ExecutionException | KafkaException e) {
                throw new IllegalStateException("publishing " + sent.size() + " events failed; nothing was published: "
                        + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing", e);
            }
        }

        /** Aborts the transaction unless it was committed, and closes the producer. */
        @Override
        public void close() {
            try {
                if (!committed) {
                    producer.abortTransaction();
                }
            } catch (KafkaException e) {
                // the broker drops a transaction nobody commits when it times out
            } finally {
                producer.close();
            }
        }
    }
}
