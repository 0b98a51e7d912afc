package dev.modelregistry.client.kafka;

import dev.modelregistry.client.ChangeListener;
import dev.modelregistry.client.ChangeSubscription;
import dev.modelregistry.client.RegistryUnavailableException;
import dev.modelregistry.client.RegistryView;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.AvroSerde;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.semantics.NameResolution;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry in memory: one thread reads the compacted state topic from the beginning (every
 * model's current state), keeps reading, and answers from a map; reads cost no I/O. Ready once
 * it has read what the topic held when it opened. Its {@link #position()} comes from the
 * registry's own committed position on the events topic, read before the state topic's end: once
 * the view has read to that end, it reflects every event up to that position (the fold writes
 * state and commits its position in one transaction). {@link #asOf} reads the model's partition
 * of the history topic (a scan of one partition per call; for many past reads, the HTTP flavour
 * asks the registry's versioned stores instead).
 */
public final class KafkaRegistryView implements RegistryView {

    private static final Logger log = LoggerFactory.getLogger(KafkaRegistryView.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** How often the position is refreshed: often while someone waits for one, else once a second. */
    private static final long WANTED_REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long IDLE_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final KafkaViewConfig config;
    private final RegistrySerdes serdes;
    private final Map<String, ModelState> models = new ConcurrentHashMap<>();
    private final CountDownLatch readyLatch = new CountDownLatch(1);
    private final AtomicInteger positionWaiters = new AtomicInteger();
    private final Object positionMoved = new Object();
    private final List<KafkaChangeSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile ConsistencyToken position;
    private volatile Throwable failure;
    private volatile long skipped;

    private KafkaRegistryView(KafkaViewConfig config) {
        this.config = config;
        // a registry writing the Confluent wire format names its schemas in a schema registry; single-object records decode either way
        this.serdes = config.schemaRegistryUrl() == null ? new RegistrySerdes()
                : new RegistrySerdes(dev.modelregistry.schemas.encoding.ReleasedSchemas.load(),
                        new dev.modelregistry.schemas.encoding.SchemaRegistryClient(config.schemaRegistryUrl(), CALL_TIMEOUT), false);
        this.consumer = new KafkaConsumer<>(consumerSettings(config, null), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> adminSettings = new HashMap<>(config.kafka());
        adminSettings.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "registry-view-admin");
        this.admin = Admin.create(adminSettings);
        this.reader = new Thread(this::run, "registry-view-" + config.stateTopic());
        reader.setDaemon(true);
    }

    /**
     * Opens the view and starts reading; returns at once (use {@link #awaitReady}).
     *
     * @throws org.apache.kafka.common.KafkaException if the clients cannot be created (bad settings)
     */
    public static KafkaRegistryView open(KafkaViewConfig config) {
        KafkaRegistryView view = new KafkaRegistryView(config);
        view.reader.start();
        return view;
    }

    /** @param groupId a subscriber's group, or null for the view's own reads (assigned partitions, no group) */
    static Map<String, Object> consumerSettings(KafkaViewConfig config, String groupId) {
        Map<String, Object> s = new HashMap<>(config.kafka());
        if (groupId != null) {
            s.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "registry-changes-" + groupId); // the view's own consumers keep Kafka's unique ids
        }
        s.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        s.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        s.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (groupId != null) {
            s.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        } else {
            s.remove(ConsumerConfig.GROUP_ID_CONFIG);
        }
        return s;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitionsOf(consumer, config.stateTopic());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> readyAt = consumer.endOffsets(partitions, CALL_TIMEOUT);
            AvroSerde<ModelState> states = serdes.states();
            Map<Integer, Long> pendingCommitted = null;
            Map<TopicPartition, Long> pendingEnd = null;
            long nextRefresh = 0;
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    apply(states, r);
                }
                if (readyLatch.getCount() > 0 && reached(readyAt)) {
                    log.info("registry view ready: {} models from {}", models.size(), config.stateTopic());
                    readyLatch.countDown();
                }
                if (pendingEnd != null && reached(pendingEnd)) {
                    position = tokenOf(pendingCommitted);
                    pendingEnd = null;
                    synchronized (positionMoved) {
                        positionMoved.notifyAll();
                    }
                }
                long now = System.nanoTime();
                if (pendingEnd == null && now >= nextRefresh) {
                    // the registry's committed position first, then the state topic's end: reading to
                    // that end means having read every state the fold committed with that position
                    Map<Integer, Long> committed = committedEvents();
                    if (committed != null) {
                        pendingCommitted = committed;
                        pendingEnd = consumer.endOffsets(partitions, CALL_TIMEOUT);
                    }
                    nextRefresh = now + (positionWaiters.get() > 0 ? WANTED_REFRESH_NANOS : IDLE_REFRESH_NANOS);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("registry view stopped reading {}: {}", config.stateTopic(), e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(AvroSerde<ModelState> states, ConsumerRecord<byte[], byte[]> r) {
        String id = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
            if (id != null) {
                models.remove(id);
            }
            return;
        }
        try {
            ModelState s = states.decode(r.value());
            models.put(s.getModelId(), s);
        } catch (RuntimeException e) {
            // a record this client cannot read is skipped, named, and counted; the view reads on
            skipped++;
            log.warn("skipped an unreadable record at {}-{}@{} (key {}): {}", r.topic(), r.partition(), r.offset(), id, e.getMessage());
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), CALL_TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** @return the registry's committed offsets on the events topic by partition, or null if they could not be read now */
    private Map<Integer, Long> committedEvents() {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(config.registryApplicationId())
                    .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<Integer, Long> out = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null && tp.topic().equals(config.eventsTopic())) {
                    out.put(tp.partition(), o.offset());
                }
            });
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            log.debug("registry position not read now: {}", e.toString());
            return null;
        }
    }

    /** The registry has folded up to committed - 1 on each partition; tokens name the last folded offset. */
    private ConsistencyToken tokenOf(Map<Integer, Long> committed) {
        Map<Integer, Long> offsets = new HashMap<>();
        committed.forEach((p, o) -> offsets.put(p, o - 1));
        return new ConsistencyToken(config.eventsTopic(), offsets);
    }

    static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, CALL_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new RegistryUnavailableException("topic " + topic + " does not exist (is the registry running on these brokers?)");
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private void checkReading() {
        Throwable f = failure;
        if (f != null) {
            throw new RegistryUnavailableException("the view stopped reading " + config.stateTopic() + ": " + f.getMessage(), f);
        }
    }

    @Override
    public Optional<ModelState> get(String name) {
        checkReading();
        ModelState exact = models.get(name.toLowerCase(Locale.ROOT));
        if (exact != null) {
            return Optional.of(exact);
        }
        return NameResolution.resolve(models.values().stream().filter(NameResolution.mayResolve(name)).toList(), name);
    }

    @Override
    public List<ModelState> find(Predicate<ModelState> filter) {
        checkReading();
        return models.values().stream().filter(filter).sorted(Comparator.comparing(ModelState::getModelId)).toList();
    }

    @Override
    public Optional<ModelState> asOf(String name, Instant at) {
        Optional<ModelState> now = get(name);
        if (now.isEmpty()) {
            return Optional.empty();
        }
        String id = now.get().getModelId();
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        AvroSerde<ModelChange> changes = serdes.changes();
        try (KafkaConsumer<byte[], byte[]> history = new KafkaConsumer<>(consumerSettings(config, null), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitionsOf(history, config.historyTopic());
            // the partition the registry's producers chose for this key (Kafka's default partitioner)
            TopicPartition tp = partitions.get(Utils.toPositive(Utils.murmur2(key)) % partitions.size());
            history.assign(List.of(tp));
            history.seekToBeginning(List.of(tp));
            long end = history.endOffsets(List.of(tp), CALL_TIMEOUT).get(tp);
            ModelChange valid = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (history.position(tp, CALL_TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new RegistryUnavailableException("reading the history of " + id + " took over 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : history.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end || !java.util.Arrays.equals(r.key(), key)) {
                        continue;
                    }
                    try {
                        ModelChange c = changes.decode(r.value());
                        if (!c.getRecordedAt().isAfter(at) && (valid == null || c.getVersion() > valid.getVersion())) {
                            valid = c;
                        }
                    } catch (RuntimeException e) {
                        log.warn("skipped an unreadable history record at {}@{}: {}", tp, r.offset(), e.getMessage());
                    }
                }
            }
            if (valid == null) {
                return Optional.empty();
            }
            return Optional.of(ModelState.newBuilder().setModelId(id).setVersion(valid.getVersion()).setUpdatedAt(valid.getRecordedAt())
                    .setLastEventId(valid.getEventId()).setSpec(valid.getSpec()).build());
        }
    }

    @Override
    public boolean isReady() {
        return readyLatch.getCount() == 0;
    }

    @Override
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return readyLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public ConsistencyToken position() {
        return position;
    }

    @Override
    public boolean awaitPosition(ConsistencyToken token, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        positionWaiters.incrementAndGet();
        try {
            synchronized (positionMoved) {
                while (!covers(position, token)) {
                    checkReading();
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    positionMoved.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)))));
                }
                return true;
            }
        } finally {
            positionWaiters.decrementAndGet();
        }
    }

    /** @return true if {@code have} is at or past {@code want} on every partition {@code want} names */
    static boolean covers(ConsistencyToken have, ConsistencyToken want) {
        if (want == null) {
            return true;
        }
        if (have == null) {
            return false;
        }
        for (Map.Entry<Integer, Long> e : want.offsets().entrySet()) {
            if (have.offsets().getOrDefault(e.getKey(), -1L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** @return how many records of the state topic this view could not read and skipped */
    public long skippedRecords() {
        return skipped;
    }

    @Override
    public ChangeSubscription onChange(String subscriber, ChangeListener listener) {
        KafkaChangeSubscription s = KafkaChangeSubscription.start(config, serdes.changes(), subscriber, listener, subscriptions::remove);
        subscriptions.add(s);
        return s;
    }

    @Override
    public void close() {
        new ArrayList<>(subscriptions).forEach(KafkaChangeSubscription::close);
        running = false;
        consumer.wakeup();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
