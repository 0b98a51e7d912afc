package dev.modelregistry.api.changes;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.encoding.AvroSerde;
import dev.modelregistry.schemas.encoding.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed: accepted changes read from the history topic (read_committed), addressed by a
 * cursor that holds the next offset of every partition. Each delivered change carries the cursor
 * just after it, so resuming from it yields every later change exactly once.
 */
public final class ChangeFeed {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    /** A change and the cursor that resumes right after it. */
    public record Entry(String cursor, ModelChange change) {
    }

    /** A page of the feed. */
    public record Page(List<Entry> entries, String next) {
    }

    private final Map<String, Object> clientSettings;
    private final String topic;
    private final AvroSerde<ModelChange> changes;

    public ChangeFeed(Map<String, Object> clientSettings, String topic, AvroSerde<ModelChange> changes) {
        this.clientSettings = clientSettings;
        this.topic = topic;
        this.changes = changes;
    }

    /**
     * @param after a cursor, or null for the beginning
     * @param limit most changes to return
     * @throws IllegalArgumentException if the cursor is not one this feed gave out
     */
    public Page read(String after, int limit, Predicate<ModelChange> filter) {
        Map<Integer, Long> position = after == null ? new TreeMap<>() : decode(after);
        List<Entry> entries = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = assign(consumer, position, false);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (entries.size() < limit && System.nanoTime() < deadline
                    && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (entries.size() >= limit) {
                        break;
                    }
                    position.put(r.partition(), r.offset() + 1);
                    ModelChange c = decodeOrNull(r);
                    if (c != null && filter.test(c)) {
                        entries.add(new Entry(encode(position), c));
                    }
                }
            }
            // The next page starts after the last returned change: records polled beyond the
            // limit are read again next time rather than skipped.
            String next = entries.isEmpty() ? encode(positionsOf(consumer, partitions, position)) : entries.get(entries.size() - 1).cursor();
            return new Page(entries, next);
        }
    }

    /**
     * The newest matching changes, newest first (by the time each version became valid): reads
     * back from the end of every partition in growing windows until it has {@code limit} or
     * reached the beginning.
     *
     * @param limit most changes to return, positive
     */
    public List<ModelChange> latest(int limit, Predicate<ModelChange> filter) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = assign(consumer, new TreeMap<>(), false);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long window = Math.max(limit, 64);
            while (true) {
                List<ModelChange> found = new ArrayList<>();
                boolean all = true;
                for (TopicPartition tp : partitions) {
                    long from = Math.max(begin.get(tp), end.get(tp) - window);
                    all &= from == begin.get(tp);
                    consumer.seek(tp, from);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < deadline && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                            continue;
                        }
                        ModelChange c = decodeOrNull(r);
                        if (c != null && filter.test(c)) {
                            found.add(c);
                        }
                    }
                }
                if (found.size() >= limit || all) {
                    found.sort(java.util.Comparator.comparing(ModelChange::getRecordedAt).reversed()
                            .thenComparing(ModelChange::getModelId).thenComparing(ModelChange::getVersion, java.util.Comparator.reverseOrder()));
                    return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
                }
                window *= 8;
            }
        }
    }

    /** @return the cursor of "now": the end of every partition */
    public String now() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = assign(consumer, new TreeMap<>(), true);
            Map<Integer, Long> position = new TreeMap<>();
            consumer.endOffsets(partitions, Duration.ofSeconds(10)).forEach((tp, o) -> position.put(tp.partition(), o));
            return encode(position);
        }
    }

    /**
     * Delivers changes from {@code after} as they come until {@code open} turns false.
     *
     * @param sink receives each matching change with its cursor (the SSE event id)
     */
    public void stream(String after, Predicate<ModelChange> filter, Consumer<Entry> sink, BooleanSupplier open) {
        Map<Integer, Long> position = decode(after);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            assign(consumer, position, false);
            while (open.getAsBoolean()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    position.put(r.partition(), r.offset() + 1);
                    ModelChange c = decodeOrNull(r);
                    if (c != null && filter.test(c)) {
                        sink.accept(new Entry(encode(position), c));
                    }
                }
            }
        }
    }

    private ModelChange decodeOrNull(ConsumerRecord<String, byte[]> r) {
        try {
            return changes.decode(r.value());
        } catch (UndecodableRecordException e) {
            log.warn("skipping undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(clientSettings);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> assign(KafkaConsumer<String, byte[]> consumer, Map<Integer, Long> position, boolean toEnd) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
            Long next = position.get(tp.partition());
            if (next != null) {
                consumer.seek(tp, next);
            } else if (toEnd) {
                consumer.seekToEnd(List.of(tp));
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
        return partitions;
    }

    private static Map<Integer, Long> positionsOf(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
                                                  Map<Integer, Long> known) {
        Map<Integer, Long> out = new TreeMap<>(known);
        for (TopicPartition tp : partitions) {
            out.put(tp.partition(), consumer.position(tp));
        }
        return out;
    }

    /** @return the opaque text of a cursor */
    static String encode(Map<Integer, Long> position) {
        StringBuilder s = new StringBuilder();
        new TreeMap<>(position).forEach((p, o) -> s.append(p).append(':').append(o).append(','));
        return "c1." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks a position before a client subscribes with it.
     *
     * @throws IllegalArgumentException for anything this feed did not give out
     */
    public static void validate(String cursor) {
        decode(cursor);
    }

    /** @throws IllegalArgumentException for anything this feed did not give out */
    static Map<Integer, Long> decode(String cursor) {
        Map<Integer, Long> position = new TreeMap<>();
        if (cursor == null || !cursor.startsWith("c1.")) {
            throw new IllegalArgumentException("'" + cursor + "' is not a change-feed cursor");
        }
        try {
            String body = new String(Base64.getUrlDecoder().decode(cursor.substring(3)), StandardCharsets.UTF_8);
            for (String part : body.split(",")) {
                if (!part.isEmpty()) {
                    String[] po = part.split(":");
                    position.put(Integer.parseInt(po[0]), Long.parseLong(po[1]));
                }
            }
            return position;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + cursor + "' is not a change-feed cursor");
        }
    }
}
