package dev.modelregistry.client.kafka;

import dev.modelregistry.client.ChangeListener;
import dev.modelregistry.client.ChangeSubscription;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.encoding.AvroSerde;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber reading the history topic in its own consumer group (the subscriber's name):
 * each change goes to the listener, and the position after every change the listener returned
 * from is committed (after each batch, on a rebalance, and on close). A change is therefore
 * delivered again only if the listener had not returned from it when the subscriber stopped.
 */
final class KafkaChangeSubscription implements ChangeSubscription {

    private static final Logger log = LoggerFactory.getLogger(KafkaChangeSubscription.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroSerde<ModelChange> changes;
    private final ChangeListener listener;
    private final String topic;
    private final String subscriber;
    private final Consumer<KafkaChangeSubscription> onEnd;
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile long delivered;

    private KafkaChangeSubscription(KafkaViewConfig config, AvroSerde<ModelChange> changes, String subscriber, ChangeListener listener,
                                    Consumer<KafkaChangeSubscription> onEnd) {
        this.consumer = new KafkaConsumer<>(KafkaRegistryView.consumerSettings(config, subscriber), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.changes = changes;
        this.listener = listener;
        this.topic = config.historyTopic();
        this.subscriber = subscriber;
        this.onEnd = onEnd;
        this.thread = new Thread(this::run, "registry-changes-" + subscriber);
        thread.setDaemon(true);
    }

    static KafkaChangeSubscription start(KafkaViewConfig config, AvroSerde<ModelChange> changes, String subscriber, ChangeListener listener,
                                         Consumer<KafkaChangeSubscription> onEnd) {
        if (subscriber == null || subscriber.isBlank()) {
            throw new IllegalArgumentException("a subscriber needs a name: its position is kept under it");
        }
        KafkaChangeSubscription s = new KafkaChangeSubscription(config, changes, subscriber, listener, onEnd);
        s.thread.start();
        return s;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commitDone();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!running) {
                        break;
                    }
                    ModelChange change;
                    try {
                        change = changes.decode(r.value());
                    } catch (RuntimeException e) {
                        log.warn("subscriber {}: skipped an unreadable change at {}-{}@{}: {}", subscriber, r.topic(), r.partition(), r.offset(), e.getMessage());
                        markDone(r);
                        continue;
                    }
                    try {
                        listener.onChange(change);
                    } catch (Exception e) {
                        failure = e;
                        running = false;
                        log.error("subscriber {}: the listener failed on {} v{}; stopped, it is delivered again on the next start: {}",
                                subscriber, change.getModelId(), change.getVersion(), e.toString());
                        break;
                    }
                    markDone(r);
                    delivered++;
                }
                commitDone();
            }
        } catch (WakeupException e) {
            // close() asked to stop
        } catch (RuntimeException e) {
            failure = e;
            log.error("subscriber {} stopped: {}", subscriber, e.toString());
        } finally {
            try {
                try {
                    commitDone();
                } catch (WakeupException e) {
                    commitDone(); // close()'s wakeup hit the commit; a wakeup fires once, so this one goes through
                }
            } catch (RuntimeException e) {
                log.warn("subscriber {}: the last position was not committed ({}); those changes come again", subscriber, e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
            running = false;
            onEnd.accept(this);
        }
    }

    private void markDone(ConsumerRecord<byte[], byte[]> r) {
        done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
    }

    private void commitDone() {
        if (!done.isEmpty()) {
            consumer.commitSync(Map.copyOf(done), Duration.ofSeconds(10));
            done.clear();
        }
    }

    @Override
    public boolean isRunning() {
        return running && thread.isAlive();
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
