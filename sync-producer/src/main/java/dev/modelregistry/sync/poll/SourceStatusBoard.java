package dev.modelregistry.sync.poll;

import dev.modelregistry.catalogs.source.SourceStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every instance's view of the sources' freshness: it tails the status topic from its start, so
 * all instances answer {@code GET /v1/sources} alike whichever of them polls, and a new leader
 * learns when each source is next due. A record it cannot read is logged and skipped.
 */
public final class SourceStatusBoard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceStatusBoard.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition;
    private final Map<String, SourceStatus> latest = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final java.util.concurrent.CountDownLatch caughtUp = new java.util.concurrent.CountDownLatch(1);
    private final Thread thread;

    public SourceStatusBoard(Map<String, Object> clientSettings, String topic) {
        Map<String, Object> c = new HashMap<>(clientSettings);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.partition = new TopicPartition(topic, 0);
        this.thread = new Thread(this::run, "source-status-board");
        this.thread.setDaemon(true);
    }

    /** Starts reading the topic from its beginning. */
    public void start() {
        thread.start();
    }

    /** @return the latest status of each source seen so far, by source id */
    public Map<String, SourceStatus> snapshot() {
        return Map.copyOf(latest);
    }

    /**
     * Waits until the board has read everything the topic held when it started, so a new
     * poller resumes from what its predecessor published rather than from nothing.
     *
     * @return false if that did not happen within {@code timeout}
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Takes a status the local poller just published, so this instance shows it without the round trip. */
    void accept(SourceStatus status) {
        latest.put(status.source(), status);
    }

    private void run() {
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long endAtStart = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).getOrDefault(partition, 0L);
            while (running.get()) {
                if (caughtUp.getCount() > 0 && consumer.position(partition) >= endAtStart) {
                    caughtUp.countDown();
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                        continue;
                    }
                    try {
                        SourceStatus s = SourceStatus.decode(r.value());
                        latest.merge(s.source(), s, (old, now) -> newer(now, old) ? now : old);
                    } catch (IllegalArgumentException e) {
                        log.warn("skipped an unreadable source status at offset {}: {}", r.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("source status board stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** A status echoed back from the topic must not replace a newer one accepted locally. */
    private static boolean newer(SourceStatus candidate, SourceStatus current) {
        if (current.lastAttempt() == null) {
            return true;
        }
        return candidate.lastAttempt() != null && !candidate.lastAttempt().isBefore(current.lastAttempt());
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
