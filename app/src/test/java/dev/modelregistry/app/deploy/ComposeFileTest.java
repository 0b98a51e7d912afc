package dev.modelregistry.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.app.config.RegistryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/compose.yaml} as Docker Compose reads it (anchors and merge keys resolved), held
 * to what it promises: three KRaft brokers that form one quorum with three copies of every topic
 * and two in sync, topics made by the registry's own {@code topics create}, two instances that
 * can reach each other with only real settings and one poller, and nginx in front of both. No
 * Docker engine runs here, so the file is checked, not started; {@code cluster} runs the same
 * layout as processes in ClusterFaultIT.
 */
class ComposeFileTest {

    @Test
    void threeBrokersOneQuorumThreeCopiesTwoInSync() throws IOException {
        JsonNode services = compose().get("services");
        List<String> brokers = names(services, "kafka-");
        assertThat(brokers).containsExactly("kafka-1", "kafka-2", "kafka-3");
        Set<String> ids = new HashSet<>();
        Set<String> clusterIds = new HashSet<>();
        for (String b : brokers) {
            JsonNode s = services.get(b);
            JsonNode env = s.get("environment");
            assertThat(s.get("image").asText()).startsWith("apache/kafka:");
            ids.add(env.get("KAFKA_NODE_ID").asText());
            clusterIds.add(env.get("CLUSTER_ID").asText());
            assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").asText()).isEqualTo("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS").asText()).isEqualTo("PLAINTEXT://" + b + ":9092");
            assertThat(env.get("KAFKA_DEFAULT_REPLICATION_FACTOR").asText()).isEqualTo("3");
            assertThat(env.get("KAFKA_MIN_INSYNC_REPLICAS").asText()).isEqualTo("2");
            assertThat(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText()).isEqualTo("3");
            assertThat(env.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").asText()).isEqualTo("2");
            assertThat(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR").asText()).isEqualTo("3");
        }
        assertThat(ids).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(clusterIds).singleElement().asString()
                .as("a Kafka cluster id: 16 bytes in URL-safe base64").matches("[A-Za-z0-9][A-Za-z0-9_-]{21}");
    }

    @Test
    void topicsComeFromTopicsCreateBeforeAnyInstanceStarts() throws IOException {
        JsonNode services = compose().get("services");
        List<String> command = strings(services.at("/topics/command"));
        assertThat(command).containsSubsequence("topics", "create").containsSubsequence("--replication-factor", "3")
                .containsSubsequence("--bootstrap-servers", "kafka-1:9092,kafka-2:9092,kafka-3:9092");
        for (String b : List.of("kafka-1", "kafka-2", "kafka-3")) {
            assertThat(services.at("/topics/depends_on/" + b + "/condition").asText()).isEqualTo("service_healthy");
        }
        for (String r : names(services, "registry-")) {
            assertThat(services.at("/" + r + "/depends_on/topics/condition").asText()).isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void twoInstancesThatReachEachOtherWithRealSettingsAndOnePoller() throws IOException {
        JsonNode services = compose().get("services");
        List<String> registries = names(services, "registry-");
        assertThat(registries).containsExactly("registry-1", "registry-2");
        int pollers = 0;
        Set<String> servers = new HashSet<>();
        for (String r : registries) {
            JsonNode s = services.get(r);
            Map<String, String> env = new TreeMap<>();
            s.get("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            assertThat(env.keySet().stream().filter(n -> n.startsWith("MODEL_REGISTRY_")).filter(n -> RegistryConfig.keyOfVariable(n).isEmpty()))
                    .as("variables the registry would ignore").isEmpty();
            assertThat(env.get("MODEL_REGISTRY_APPLICATION_SERVER")).isEqualTo(s.get("hostname").asText() + ":" + env.get("MODEL_REGISTRY_HTTP_PORT"));
            assertThat(env.get("MODEL_REGISTRY_HTTP_HOST")).isEqualTo("0.0.0.0");
            assertThat(env.get("MODEL_REGISTRY_NUM_STANDBY_REPLICAS")).isEqualTo("1");
            assertThat(env.get("MODEL_REGISTRY_BOOTSTRAP_SERVERS")).isEqualTo("kafka-1:9092,kafka-2:9092,kafka-3:9092");
            servers.add(env.get("MODEL_REGISTRY_APPLICATION_SERVER"));
            List<String> command = strings(s.get("command"));
            // the image's entrypoint is java -jar; the command is the registry's own arguments
            assertThat(command.get(0)).isEqualTo("serve");
            pollers += command.contains("--sync") ? 1 : 0;
            assertThat(s.get("image").asText()).isEqualTo(builtImage());
            assertThat(strings(s.get("volumes"))).anyMatch(v -> v.endsWith(":" + env.get("MODEL_REGISTRY_DATA_DIR")));
            assertThat(strings(s.at("/healthcheck/test"))).containsSubsequence("-jar", "/opt/model-registry/model-registry.jar", "probe");
        }
        assertThat(servers).hasSize(2);
        assertThat(pollers).isEqualTo(1);
        assertThat(services.at("/topics/image").asText()).isEqualTo(builtImage());
    }

    /** @return the name:tag image/pom.xml builds (image/src/test/.../ImageIT checks the tar carries it) */
    private static String builtImage() throws IOException {
        String pom = Files.readString(DeployFiles.dir().resolveSibling("image").resolve("pom.xml"));
        java.util.regex.Matcher name = java.util.regex.Pattern.compile("<image.name>([^<]+)</image.name>").matcher(pom);
        assertThat(name.find()).as("image/pom.xml sets image.name").isTrue();
        return name.group(1);
    }

    @Test
    void nginxSendsToBothAndRetriesReadsOnTheOther() throws IOException {
        JsonNode gateway = compose().at("/services/gateway");
        assertThat(gateway.get("image").asText()).startsWith("nginx:");
        assertThat(strings(gateway.get("volumes"))).contains("./nginx.conf:/etc/nginx/nginx.conf:ro");
        String conf = Files.readString(DeployFiles.dir().resolve("nginx.conf"));
        Matcher upstream = Pattern.compile("upstream registry \\{([^}]*)}").matcher(conf);
        assertThat(upstream.find()).isTrue();
        List<String> servers = new ArrayList<>();
        Matcher server = Pattern.compile("server (\\S+?)[ ;]").matcher(upstream.group(1));
        while (server.find()) {
            servers.add(server.group(1));
        }
        assertThat(servers).containsExactly("registry-1:8080", "registry-2:8080");
        assertThat(conf).contains("proxy_next_upstream error timeout http_502 http_503;").contains("proxy_next_upstream_tries 2;")
                .contains("proxy_buffering off;");
    }

    private static JsonNode compose() throws IOException {
        List<JsonNode> docs = DeployFiles.documents(DeployFiles.dir().resolve("compose.yaml"));
        assertThat(docs).hasSize(1);
        return docs.get(0);
    }

    private static List<String> names(JsonNode services, String prefix) {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(n -> {
            if (n.startsWith(prefix)) {
                names.add(n);
            }
        });
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
