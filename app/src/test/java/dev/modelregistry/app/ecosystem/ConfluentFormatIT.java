package dev.modelregistry.app.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.app.cli.ChildJvm;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.encoding.ReleasedSchemas;
import dev.modelregistry.schemas.encoding.SchemaRegistryClient;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.testkit.Await;
import dev.modelregistry.testkit.KafkaBroker;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code serde.format=confluent} against a real schema registry: Apicurio Registry 3.0.9, run
 * from its distribution on Maven Central (unpacked by the build), spoken to over its
 * Confluent-compatible API. {@code up} writes every topic in the Confluent wire format; Apicurio's
 * own Kafka deserializer, which knows nothing of this project, reads every record of all four
 * topics, and what it reads equals what the registry's own serde reads. The registry itself
 * folds and serves the records it wrote that way.
 */
class ConfluentFormatIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Process apicurio;
    private static ChildJvm registry;
    private static String ccompat;
    private static String apicurioApi;
    private static String bootstrap;
    private static String api;

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createTempDirectory("confluent-format-");
        Path distribution = Path.of("target", "apicurio-registry", "apicurio-registry-app-3.0.9-runner.jar");
        assertThat(distribution).as("Apicurio unpacked by the build (pre-integration-test)").exists();
        int registryPort = ChildJvm.freePort();
        apicurio = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-Dquarkus.http.port=" + registryPort, "-Dquarkus.http.host=127.0.0.1", "-jar", distribution.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("apicurio.log").toFile()).start();
        apicurioApi = "http://127.0.0.1:" + registryPort + "/apis/registry/v3";
        ccompat = "http://127.0.0.1:" + registryPort + "/apis/ccompat/v7";
        awaitOk(apicurioApi + "/system/info", work.resolve("apicurio.log"));

        int kafka = ChildJvm.freePort();
        int http = ChildJvm.freePort();
        bootstrap = "127.0.0.1:" + kafka;
        api = "http://127.0.0.1:" + http;
        Path config = work.resolve("registry.properties");
        Files.write(config, List.of("serde.format=confluent", "schema.registry.url=" + ccompat));
        registry = ChildJvm.start(work.resolve("up.log"), "up", "--config", config.toString(), "--data-dir", work.resolve("data").toString(),
                "--kafka-port", String.valueOf(kafka), "--http-port", String.valueOf(http), "--no-history", "--no-poll");
        registry.awaitOutput("Ready.", START);
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.terminate(Duration.ofSeconds(60));
        }
        if (apicurio != null) {
            apicurio.destroy();
            apicurio.waitFor();
        }
    }

    @Test
    void apicuriosOwnDeserializerReadsEveryRecordOfEveryTopic() throws Exception {
        KafkaBroker kafka = kafka();
        // a duplicate of an event the fold applied: rejected, so the rejected topic has a record too
        ConsumerRecord<byte[], byte[]> first = kafka.readAtLeast(RegistryTopics.DEFAULT_EVENTS, 1, START).get(0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
            producer.send(new ProducerRecord<>(RegistryTopics.DEFAULT_EVENTS, first.key(), first.value())).get();
        }
        kafka.readAtLeast(RegistryTopics.DEFAULT_REJECTED, 1, START);

        RegistrySerdes ours = new RegistrySerdes(ReleasedSchemas.load(), new SchemaRegistryClient(ccompat, Duration.ofSeconds(10)), false);
        Map<String, Function<byte[], Object>> decoders = Map.of(
                RegistryTopics.DEFAULT_EVENTS, ours.events()::decode,
                RegistryTopics.DEFAULT_HISTORY, ours.changes()::decode,
                RegistryTopics.DEFAULT_STATE, ours.states()::decode,
                RegistryTopics.DEFAULT_REJECTED, ours.rejections()::decode);
        Map<String, Integer> counts = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        // two consumers that know nothing of this project's serdes: one reads generic records (any
        // consumer can), the other Apicurio's specific reader into the generated classes, to compare
        try (AvroKafkaDeserializer<GenericRecord> generic = new AvroKafkaDeserializer<>();
             AvroKafkaDeserializer<Object> specific = new AvroKafkaDeserializer<>()) {
            generic.configure(Map.of("apicurio.registry.url", apicurioApi), false);
            specific.configure(Map.of("apicurio.registry.url", apicurioApi, "apicurio.registry.use-specific-avro-reader", "true"), false);
            for (Map.Entry<String, Function<byte[], Object>> topic : decoders.entrySet()) {
                List<String> mismatches = new ArrayList<>();
                List<ConsumerRecord<byte[], byte[]>> records = kafka.readAll(topic.getKey(), START);
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    assertThat(r.value()[0]).as("Confluent magic byte on %s", topic.getKey()).isZero();
                    String key = new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
                    GenericRecord any = generic.deserialize(topic.getKey(), r.value());
                    Object theirs = specific.deserialize(topic.getKey(), r.value());
                    Object mine = topic.getValue().apply(r.value());
                    if (any == null || !key.equals(String.valueOf(any.get("modelId")))) {
                        mismatches.add(key + ": the generic reader read " + any);
                    } else if (!mine.equals(theirs)) {
                        mismatches.add(key + ": " + firstDifference(json.readTree(String.valueOf(theirs)), json.readTree(mine.toString()), ""));
                    }
                }
                assertThat(mismatches).as("records of %s Apicurio reads differently", topic.getKey()).isEmpty();
                counts.put(topic.getKey(), records.size());
            }
        }
        System.out.printf("Apicurio's deserializer read every record: %s%n", counts);
        assertThat(counts.get(RegistryTopics.DEFAULT_STATE)).isGreaterThan(1000);
        assertThat(counts.get(RegistryTopics.DEFAULT_HISTORY)).isGreaterThanOrEqualTo(counts.get(RegistryTopics.DEFAULT_STATE));
        assertThat(counts.get(RegistryTopics.DEFAULT_REJECTED)).isGreaterThanOrEqualTo(1);

        JsonNode subjects = new ObjectMapper().readTree(get(ccompat + "/subjects").body());
        List<String> names = new ArrayList<>();
        subjects.forEach(n -> names.add(n.asText()));
        assertThat(names).as("one subject per record type (record name strategy)")
                .contains("dev.modelregistry.schemas.ModelEvent", "dev.modelregistry.schemas.ModelChange",
                        "dev.modelregistry.schemas.ModelState", "dev.modelregistry.schemas.Rejection");
    }

    @Test
    void theRegistryFoldsAndServesWhatItWroteInThatFormat() throws Exception {
        HttpResponse<String> model = get(api + "/v1/models/openai/gpt-4o");
        assertThat(model.statusCode()).as(model.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(model.body()).at("/spec/provider").asText()).isEqualTo("openai");
        HttpResponse<String> history = get(api + "/v1/models/openai/gpt-4o/history");
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(get(api + "/asyncapi.json").body()).at("/info/description").asText())
                .as("the topics' contract names the format written").contains("Confluent wire format").contains(ccompat);
    }

    @Test
    void theClientLibraryReadsARegistryThatWritesTheConfluentFormat() throws Exception {
        long states = kafka().readAll(RegistryTopics.DEFAULT_STATE, START).stream().map(r -> new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))
                .distinct().count();
        try (dev.modelregistry.client.kafka.KafkaRegistryView view = dev.modelregistry.client.kafka.KafkaRegistryView.open(
                dev.modelregistry.client.kafka.KafkaViewConfig.defaults(bootstrap).withSchemaRegistry(ccompat))) {
            assertThat(view.awaitReady(START)).as("the view caught up").isTrue();
            assertThat(view.find(s -> true)).as("every model, decoded through the schema registry").hasSize((int) states);
            assertThat(view.get("openai/gpt-4o")).isPresent();
        }
    }

    @Test
    void aRecordInTheConfluentFormatIsUndecodableWithoutARegistryAndSaysWhy() {
        byte[] value = kafka().readAtLeast(RegistryTopics.DEFAULT_STATE, 1, START).get(0).value();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RegistrySerdes().states().decode(value))
                .isInstanceOf(dev.modelregistry.schemas.encoding.UndecodableRecordException.class)
                .hasMessageContaining("Confluent-framed").hasMessageContaining("no schema registry is configured");
    }

    /**
     * Compares a generic reader's record with ours as JSON trees: field order is free (Avro maps
     * come back as hash maps), and a timestamp-millis a generic reader leaves as a number equals
     * the instant our generated classes convert it to.
     *
     * @return where they first differ, or null if they do not
     */
    private static String firstDifference(JsonNode generic, JsonNode specific, String path) {
        if (generic.isNumber() && specific.isTextual()) {
            try {
                return java.time.Instant.parse(specific.asText()).toEpochMilli() == generic.asLong() ? null : path;
            } catch (java.time.format.DateTimeParseException e) {
                return path + " (" + generic + " vs " + specific + ")";
            }
        }
        if (generic.isObject() && specific.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            generic.fieldNames().forEachRemaining(names::add);
            specific.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                if (!generic.has(f) || !specific.has(f)) {
                    return path + "." + f + " (only one has it)";
                }
                String d = firstDifference(generic.get(f), specific.get(f), path + "." + f);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (generic.isArray() && specific.isArray() && generic.size() == specific.size()) {
            for (int i = 0; i < generic.size(); i++) {
                String d = firstDifference(generic.get(i), specific.get(i), path + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return generic.equals(specific) ? null : path + " (" + generic + " vs " + specific + ")";
    }

    private static KafkaBroker kafka() {
        return KafkaBroker.at(bootstrap, "up's embedded broker");
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitOk(String url, Path log) throws Exception {
        Await.until(START, "Apicurio answers " + url, () -> {
            if (!apicurio.isAlive()) {
                throw new AssertionError("Apicurio exited:\n" + (Files.exists(log) ? Files.readString(log) : ""));
            }
            return get(url).statusCode() == 200;
        });
    }
}
