package dev.modelregistry.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsApplyWithNothingGiven() {
        RegistryConfig config = RegistryConfig.load(null, Map.of(), Map.of());
        assertThat(config.getInt(RegistryConfig.HTTP_PORT)).isEqualTo(8080);
        assertThat(config.getString(RegistryConfig.BOOTSTRAP_SERVERS)).isEqualTo("127.0.0.1:9092");
        assertThat(config.topics().events()).isEqualTo("model-registry.events.v1");
        assertThat(config.stateDir()).isEqualTo(config.dataDir().resolve("streams"));
        assertThat(config.topics().replication()).as("the cluster's default.replication.factor, not 1").isEmpty();
        assertThat(config.streamsSettings().topics().replicationFactor()).as("Kafka Streams internal topics too").isEqualTo((short) -1);
    }

    @Test
    void fileThenEnvironmentThenFlagsEachOverrideTheLayerBelow() throws Exception {
        Path file = dir.resolve("registry.properties");
        Files.writeString(file, "http.port=1111\nkafka.port=2222\ntopic.partitions=5\nbootstrap.servers=file:9092\n");
        Map<String, String> env = Map.of("MODEL_REGISTRY_HTTP_PORT", "3333", "MODEL_REGISTRY_KAFKA_PORT", "4444",
                "KAFKA_BOOTSTRAP_SERVERS", "env:9092", "UNRELATED", "x");
        Map<String, Object> flags = new HashMap<>();
        flags.put(RegistryConfig.HTTP_PORT, 5555);
        flags.put(RegistryConfig.KAFKA_PORT, null);

        RegistryConfig config = RegistryConfig.load(file, env, flags);

        assertThat(config.getInt(RegistryConfig.HTTP_PORT)).as("flag beats env and file").isEqualTo(5555);
        assertThat(config.getInt(RegistryConfig.KAFKA_PORT)).as("env beats file; a null flag is no flag").isEqualTo(4444);
        assertThat(config.getInt(RegistryConfig.TOPIC_PARTITIONS)).as("file beats default").isEqualTo(5);
        assertThat(config.getString(RegistryConfig.BOOTSTRAP_SERVERS)).isEqualTo("env:9092");
    }

    @Test
    void kafkaPrefixedKeysPassThroughToClientsWithoutThePrefix() throws Exception {
        Path file = dir.resolve("secure.properties");
        Files.writeString(file, "kafka.security.protocol=SASL_SSL\nkafka.sasl.mechanism=PLAIN\nkafka.port=9999\n");
        Map<String, Object> settings = RegistryConfig.load(file, Map.of(), Map.of()).kafkaClientSettings();
        assertThat(settings).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .as("kafka.port is a registry key, not a client setting").doesNotContainKey("port");
    }

    @Test
    void kafkaSettingsFromTheEnvironmentReachTheClientsAndOverrideTheFile() throws Exception {
        Path file = dir.resolve("plain.properties");
        Files.writeString(file, "kafka.security.protocol=PLAINTEXT\n");
        Map<String, Object> settings = RegistryConfig.load(file, Map.of(
                "MODEL_REGISTRY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "MODEL_REGISTRY_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "MODEL_REGISTRY_KAFKA_PORT", "9555",
                "MODEL_REGISTRY_NOT_A_KEY", "ignored"), Map.of()).kafkaClientSettings();
        assertThat(settings).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKey("port").doesNotContainKey("not.a.key");
        assertThat(RegistryConfig.load(null, Map.of("MODEL_REGISTRY_KAFKA_PORT", "9555"), Map.of()).getInt(RegistryConfig.KAFKA_PORT))
                .isEqualTo(9555);
    }

    @Test
    void aBadValueNamesTheKey() {
        assertThatThrownBy(() -> RegistryConfig.load(null, Map.of("MODEL_REGISTRY_HTTP_PORT", "eighty"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.port");
        assertThatThrownBy(() -> RegistryConfig.load(null, Map.of(), Map.of(RegistryConfig.TOPIC_PARTITIONS, 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topic.partitions");
        assertThatThrownBy(() -> RegistryConfig.load(null, Map.of(), Map.of(RegistryConfig.TOPIC_REPLICATION_FACTOR, (short) 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topic.replication.factor").hasMessageContaining("-1");
        assertThat(RegistryConfig.load(null, Map.of(), Map.of(RegistryConfig.TOPIC_REPLICATION_FACTOR, (short) 3)).topics().replication()).contains((short) 3);
    }

    @Test
    void aMissingConfigFileIsAClearError() {
        assertThatThrownBy(() -> RegistryConfig.load(dir.resolve("nope.properties"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.properties");
    }

    @Test
    void theReadmeDocumentsEveryKey() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("testdata.dir"), "..", "README.md"));
        for (String key : RegistryConfig.DEFINITION.names()) {
            assertThat(readme).as("README.md documents %s", key).contains("`" + key + "`");
        }
    }

    @Test
    void everyKeyIsDocumentedInTheTable() {
        String table = RegistryConfig.markdownTable();
        for (String key : RegistryConfig.DEFINITION.names()) {
            assertThat(table).contains("`" + key + "`");
        }
    }

    @Test
    void aMisspeltVariableIsNamedNotSilentlyIgnored() {
        java.util.Map<String, String> env = java.util.Map.of("MODEL_REGISTRY_HTTP_PROT", "9000", "MODEL_REGISTRY_HTTP_PORT", "9001",
                "MODEL_REGISTRY_HEAP", "1g", "MODEL_REGISTRY_KAFKA_SECURITY_PROTOCOL", "SSL", "PATH", "/bin");
        org.assertj.core.api.Assertions.assertThat(RegistryConfig.unknownVariables(env)).containsExactly("MODEL_REGISTRY_HTTP_PROT");
        org.assertj.core.api.Assertions.assertThat(RegistryConfig.load(null, env, java.util.Map.of()).getInt(RegistryConfig.HTTP_PORT)).isEqualTo(9001);
    }
}
