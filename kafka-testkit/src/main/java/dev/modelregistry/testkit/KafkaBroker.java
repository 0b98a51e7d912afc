package dev.modelregistry.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real Kafka broker an integration test talks to, plus small helpers tests need again and
 * again. Implementations: {@link EmbeddedKafkaExtension} (a KRaft broker in the test JVM,
 * everywhere) and {@link DockerKafkaExtension} (Testcontainers, where a Docker engine exists).
 */
public interface KafkaBroker {

    /** @return host:port list for {@code bootstrap.servers}; never null */
    String bootstrapServers();

    /** @return a short label for logs: "embedded-kraft" or "testcontainers" */
    String kind();

    /**
     * @param bootstrapServers host:port list of a broker some other process runs (a child JVM's)
     * @param kind a short label for logs
     * @return the helpers of this interface for that broker
     */
    static KafkaBroker at(String bootstrapServers, String kind) {
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                return bootstrapServers;
            }

            @Override
            public String kind() {
                return kind;
            }
        };
    }

    /** @return a fresh, unique name, so tests sharing one broker never collide */
    default String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** @return an admin client; the caller closes it */
    default Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /**
     * Creates topics with one partition each (or {@code partitions}), ignoring ones that exist.
     *
     * @throws IllegalStateException if the broker refuses
     */
    default void createTopics(int partitions, String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        createIfMissing(topics);
    }

    /**
     * Creates one topic with topic-level configs, ignoring it if it exists.
     *
     * @throws IllegalStateException if the broker refuses
     */
    default void createTopic(String name, int partitions, Map<String, String> configs) {
        createIfMissing(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)));
    }

    private void createIfMissing(List<NewTopic> topics) {
        try (Admin admin = admin()) {
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    /** @return properties for a byte-array producer with idempotence on */
    default Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }

    /** @return properties for a byte-array, read_committed consumer reading from the earliest offset */
    default Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, uniqueName("test"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /**
     * Reads records from the start of {@code topic} until {@code expected} have arrived.
     *
     * @throws AssertionError if fewer than {@code expected} arrive within {@code timeout}
     */
    default List<ConsumerRecord<byte[], byte[]>> readAtLeast(String topic, int expected, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        if (records.size() < expected) {
            throw new AssertionError("expected at least " + expected + " records on " + topic
                    + " within " + timeout + ", got " + records.size());
        }
        return records;
    }

    /** @return every record currently on {@code topic} (read_committed), reading until the end offsets */
    default List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps())) {
            Collection<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic, timeout)
                    .stream().map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                boolean done = partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                if (done) {
                    return records;
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        throw new AssertionError("could not read " + topic + " to its end within " + timeout);
    }
}
