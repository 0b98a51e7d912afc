package dev.modelregistry.sync.publish;

import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.AvroSerde;
import dev.modelregistry.schemas.topics.RegistryTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the registry's current state from the compacted state topic, after waiting until the
 * registry has folded every event already on the events topic (its consumer group's committed
 * offsets reach the topic's end). Without that wait a sync right after another would diff against
 * a state that does not yet show the first one's events.
 */
public final class RegistryStateReader {

    private final Map<String, Object> clientSettings;
    private final RegistryTopics topics;
    private final String applicationId;
    private final AvroSerde<ModelState> states;

    /**
     * @param clientSettings Kafka client settings (bootstrap servers, security)
     * @param applicationId the registry streams app's application id (its consumer group)
     */
    public RegistryStateReader(Map<String, Object> clientSettings, RegistryTopics topics, String applicationId,
                               AvroSerde<ModelState> states) {
        this.clientSettings = clientSettings;
        this.topics = topics;
        this.applicationId = applicationId;
        this.states = states;
    }

    /**
     * @param timeout how long to wait for the registry to catch up
     * @return every model's current state
     * @throws IllegalStateException if the registry does not catch up in time (is it running?)
     */
    public Map<String, ModelState> read(Duration timeout) throws InterruptedException {
        try (Admin admin = Admin.create(clientSettings)) {
            awaitCaughtUp(admin, timeout);
            return readState(admin, timeout);
        }
    }

    private Map<String, ModelState> readState(Admin admin, Duration timeout) throws InterruptedException {
        Map<String, Object> props = new HashMap<>(clientSettings);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<String, ModelState> current = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.state(), timeout).stream()
                    .map(p -> new TopicPartition(topics.state(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Read to the high watermark, not to read_committed's end (the last stable offset): the
            // registry's offset commit becomes visible when the transaction marker reaches
            // __consumer_offsets, which can be before the marker reaches the state topic's
            // partitions. At that moment the folded records are appended but not yet stable, so
            // the last stable offset would stop short of them. A read_committed consumer cannot
            // pass the last stable offset, so reaching the high watermark taken now waits for them.
            Map<TopicPartition, Long> end = highWatermarks(admin, partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topics.state() + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        current.remove(r.key());
                    } else {
                        ModelState s = states.decode(r.value());
                        current.put(s.getModelId(), s);
                    }
                }
            }
        }
        return current;
    }

    private Map<TopicPartition, Long> highWatermarks(Admin admin, List<TopicPartition> partitions, Duration timeout)
            throws InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topics.state() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the registry has folded every event now on the events topic.
     *
     * @throws IllegalStateException if it does not within {@code timeout}
     */
    public void awaitCaughtUp(Duration timeout) throws InterruptedException {
        try (Admin admin = Admin.create(clientSettings)) {
            awaitCaughtUp(admin, timeout);
        }
    }

    private void awaitCaughtUp(Admin admin, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long behind = lag(admin, timeout);
                if (behind <= 0) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the registry (application.id " + applicationId + ") still has " + behind
                            + " events to fold after " + timeout.toSeconds() + " s; is a registry instance (up or serve) running?");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot check the registry's progress: " + e.getMessage(), e);
        }
    }

    private long lag(Admin admin, Duration timeout) throws java.util.concurrent.ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        Set<String> names = Set.of(topics.events());
        var description = admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.get(topics.events()).partitions().forEach(p -> latest.put(new TopicPartition(topics.events(), p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long behind = 0;
        Map<TopicPartition, long[]> gaps = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(e.getKey());
            long from = done == null ? 0 : done.offset();
            long gap = Math.max(0, e.getValue().offset() - from);
            if (gap > 0) {
                gaps.put(e.getKey(), new long[] {from, e.getValue().offset()});
                behind += gap;
            }
        }
        if (behind > 0 && gaps.values().stream().allMatch(g -> g[1] - g[0] <= ABORTED_TAIL_CHECK)) {
            // The processor commits the offset after the last record it processed. A transaction
            // that was aborted (a writer killed mid-way) leaves records it never sees and a marker
            // after them, so that gap stays open for good. Only committed records count as work.
            return hasCommittedRecords(gaps) ? behind : 0;
        }
        return behind;
    }

    /** Gaps up to this many offsets are checked for committed records; larger ones are surely work. */
    private static final long ABORTED_TAIL_CHECK = 100_000;

    /**
     * @return true if a committed (not aborted) record lies in any of the offset ranges [from, to);
     *     stops at the first one, so a gap of real work costs one small fetch
     */
    private boolean hasCommittedRecords(Map<TopicPartition, long[]> gaps) {
        Map<String, Object> props = new HashMap<>(clientSettings);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(java.util.Locale.ROOT));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(gaps.keySet());
            gaps.forEach((tp, g) -> consumer.seek(tp, g[0]));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Set<TopicPartition> open = new java.util.HashSet<>(gaps.keySet());
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    return true; // could not look through the gap in time: count it as work still to do
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < gaps.get(new TopicPartition(r.topic(), r.partition()))[1]) {
                        return true;
                    }
                }
                open.removeIf(tp -> consumer.position(tp) >= gaps.get(tp)[1]);
            }
            return false;
        }
    }
}
