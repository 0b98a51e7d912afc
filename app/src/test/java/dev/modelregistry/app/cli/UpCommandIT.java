package dev.modelregistry.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code up} in a child JVM, as a user runs it: the broker starts, the four topics exist with
 * their cleanup policies, SIGTERM stops it cleanly, and a second start keeps the data.
 */
class UpCommandIT {

    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void upCreatesTheTopicsStopsOnSigtermAndKeepsItsDataAcrossARestart() throws Exception {
        Path work = Files.createTempDirectory("up-");
        Path data = work.resolve("data");
        int port = ChildJvm.freePort();
        String bootstrap = "127.0.0.1:" + port;
        String[] args = {"up", "--data-dir", data.toString(), "--kafka-port", String.valueOf(port), "--http-port", String.valueOf(ChildJvm.freePort()), "--no-bundled",
                "--no-poll"};

        try (ChildJvm first = ChildJvm.start(work.resolve("first.log"), args)) {
            String out = first.awaitOutput("Ready.", START);
            assertThat(out).contains("Kafka bootstrap servers: " + bootstrap).contains("Ready. Open http://127.0.0.1:").contains("/ in a browser, or try: curl http://127.0.0.1:")
                    .as("one broker: nothing better to give, no replication warning").doesNotContain("Warning: topic").doesNotContain("replication not checked");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                Map<String, String> policies = cleanupPolicies(admin);
                assertThat(policies).containsExactlyInAnyOrderEntriesOf(Map.of(
                        "model-registry.events.v1", "delete",
                        "model-registry.history.v1", "delete",
                        "model-registry.state.v1", "compact",
                        "model-registry.rejected.v1", "delete",
                        "model-registry.sources.v1", "compact"));
                Config events = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "model-registry.events.v1")))
                        .all().get().values().iterator().next();
                assertThat(events.get("retention.ms").value()).as("events are kept forever").isEqualTo("-1");
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "acks", "all"),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("model-registry.rejected.v1", 0, "marker", "survives a restart")).get();
            }
            assertThat(first.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(first.output()).contains("embedded Kafka stopped");
        }

        try (ChildJvm second = ChildJvm.start(work.resolve("second.log"), args)) {
            String out = second.awaitOutput("Ready.", START);
            assertThat(out).contains("existed").doesNotContain("formatted new Kafka data directory");
            assertThat(readPartitionZero(bootstrap, "model-registry.rejected.v1")).contains("survives a restart");

            try (ChildJvm clash = ChildJvm.start(work.resolve("clash.log"), args)) {
                assertThat(clash.awaitExit(START)).isEqualTo(1);
                assertThat(clash.output()).contains("error: Kafka port (--kafka-port) " + port).contains("already in use");
            }
            assertThat(second.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        }
    }

    @Test
    void topicsCreateIsIdempotentAgainstARunningCluster() throws Exception {
        Path work = Files.createTempDirectory("topics-");
        int port = ChildJvm.freePort();
        try (ChildJvm up = ChildJvm.start(work.resolve("up.log"), "up", "--data-dir", work.resolve("data").toString(),
                "--kafka-port", String.valueOf(port), "--http-port", String.valueOf(ChildJvm.freePort()), "--no-bundled", "--no-poll")) {
            up.awaitOutput("Ready.", START);
            try (ChildJvm topics = ChildJvm.start(work.resolve("topics.log"), "topics", "create",
                    "--bootstrap-servers", "127.0.0.1:" + port, "--partitions", "3")) {
                assertThat(topics.awaitExit(START)).isZero();
                assertThat(topics.output().lines().filter(l -> l.contains(" existed ")).count()).as("four registry topics and the sources topic")
                        .isEqualTo(5);
            }
            up.terminate(Duration.ofSeconds(60));
        }
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Path work = Files.createTempDirectory("usage-");
        try (ChildJvm bad = ChildJvm.start(work.resolve("bad.log"), "up", "--kafka-port", "not-a-number")) {
            assertThat(bad.awaitExit(START)).isEqualTo(2);
            assertThat(bad.output()).contains("--kafka-port");
        }
    }

    private static Map<String, String> cleanupPolicies(Admin admin) throws Exception {
        Set<String> names = admin.listTopics().names().get().stream().filter(n -> n.startsWith("model-registry.")).collect(Collectors.toSet());
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        return admin.describeConfigs(resources).all().get().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().name(), e -> e.getValue().get("cleanup.policy").value()));
    }

    private static String readPartitionZero(String bootstrap, String topic) {
        StringBuilder values = new StringBuilder();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.length() == 0 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.append(r.value()));
            }
        }
        return values.toString();
    }

    static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
