package dev.modelregistry.sync.poll;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instance of a cluster polls the catalogs: every candidate joins one consumer group on the
 * single-partition status topic, and the member that group assigns that partition leads. Kafka's
 * group coordinator already guarantees one owner per partition and moves it when a member leaves
 * (at once) or dies (after the session timeout), so no extra coordination service is needed.
 *
 * <p>Between a leader's death being noticed and the handover, a paused old leader could still
 * publish; the poller therefore publishes under a transactional id fixed per cluster, and the
 * new leader's first transaction fences the old one.
 */
public final class SyncLeadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyncLeadership.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final AtomicBoolean leader = new AtomicBoolean();
    private final AtomicBoolean joined = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    /**
     * @param groupId the group the candidates share (one per cluster and application id)
     * @param sessionTimeout how long a dead leader keeps the role before another takes it over
     */
    public SyncLeadership(Map<String, Object> clientSettings, String topic, String groupId, Duration sessionTimeout) {
        Map<String, Object> c = new HashMap<>(clientSettings);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, sessionTimeout.toMillis() / 4));
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        // Sticky and cooperative: a candidate joining later does not take the role from the one
        // holding it (the range assignor would hand it to whichever member id sorts first).
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(CooperativeStickyAssignor.class.getName()));
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.thread = new Thread(this::run, "sync-leadership");
        this.thread.setDaemon(true);
    }

    /** Joins the group; leadership follows when the group assigns the partition. */
    public void start() {
        thread.start();
    }

    /** @return true while this instance holds the partition, that is, polls the catalogs */
    public boolean isLeader() {
        return leader.get();
    }

    /** @return true once this candidate took part in a rebalance of the group (leading or not) */
    public boolean joined() {
        return joined.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty() && leader.compareAndSet(true, false)) {
                        log.info("no longer the syncing instance (partition revoked)");
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    joined.set(true); // the cooperative protocol calls this after every rebalance, empty or not
                    if (!partitions.isEmpty() && leader.compareAndSet(false, true)) {
                        log.info("this instance now polls the catalogs (it holds {} of group {})", partitions, consumer.groupMetadata().groupId());
                    }
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    if (leader.compareAndSet(true, false)) {
                        log.warn("lost the sync leadership (the group moved on without this instance)");
                    }
                }
            });
            while (running.get()) {
                // The records are not needed here (the status board reads them); polling keeps
                // the membership alive.
                consumer.poll(Duration.ofMillis(500));
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("sync leadership stopped: {}", e.toString());
        } finally {
            leader.set(false);
            consumer.close(Duration.ofSeconds(5)); // leaves the group: another candidate takes over at once
        }
    }

    @Override
    public void close() {
        running.set(false);
        leader.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
