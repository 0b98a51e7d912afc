package dev.modelregistry.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.app.config.RegistryConfig;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.sync.poll.SourceStatusTopic;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/kubernetes/} checked offline, in the build: every document is read into the typed
 * API model of its kind (fabric8's Kubernetes model, generated from the Kubernetes OpenAPI
 * schema, and Strimzi's {@code api} classes, from which Strimzi generates its CRD schemas), with
 * unknown fields and wrong types refused; then the manifests are checked against the registry
 * itself: topic configs as {@code topics create} makes them, environment variables that are real
 * settings, an {@code application.server} the headless service resolves, probes on the
 * registry's health routes.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final Map<String, Class<?>> KINDS = Map.of(
            "v1/Service", Service.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "kafka.strimzi.io/v1beta2/Kafka", Kafka.class,
            "kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class);

    @Test
    void everyManifestIsAValidObjectOfItsKind() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DeployFiles.dir().resolve("kubernetes"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("kafka.yaml", "registry.yaml", "topics.yaml");
        int checked = 0;
        for (Path file : files) {
            for (JsonNode doc : DeployFiles.documents(file)) {
                List<String> problems = problems(doc);
                assertThat(problems).as("%s, %s %s", file.getFileName(), doc.path("kind").asText(), doc.at("/metadata/name").asText()).isEmpty();
                checked++;
            }
        }
        assertThat(checked).isEqualTo(11);
    }

    @Test
    void theCheckRefusesAnUnknownFieldAWrongTypeAndAnUnknownKind() throws IOException {
        JsonNode set = byKind("StatefulSet").get(0);
        ObjectNode misspelt = set.deepCopy();
        ((ObjectNode) misspelt.at("/spec")).set("replica", misspelt.at("/spec/replicas"));
        assertThat(problems(misspelt)).singleElement().asString().contains("spec.replica");
        ObjectNode wrongType = set.deepCopy();
        ((ObjectNode) wrongType.at("/spec")).put("replicas", "two");
        assertThat(problems(wrongType)).singleElement().asString().contains("replicas");
        ObjectNode deepProbe = set.deepCopy();
        ((ObjectNode) deepProbe.at("/spec/template/spec/containers/0/readinessProbe")).put("periodSecond", 5);
        assertThat(problems(deepProbe)).singleElement().asString().contains("readinessProbe.periodSecond");
        ObjectNode topic = byKind("KafkaTopic").get(0).deepCopy();
        ((ObjectNode) topic.at("/spec")).put("replicationFactor", 3);
        assertThat(problems(topic)).singleElement().asString().contains("spec.replicationFactor");
        ObjectNode unknownKind = ((ObjectNode) set.deepCopy()).put("kind", "StatefulSets");
        assertThat(problems(unknownKind)).singleElement().asString().contains("apps/v1/StatefulSets");
        assertThatThrownBy(() -> assertThat(problems(misspelt)).isEmpty()).isInstanceOf(AssertionError.class);
    }

    @Test
    void theTopicsAreTheOnesTopicsCreateMakes() throws IOException {
        RegistryTopics registry = new RegistryTopics(RegistryTopics.DEFAULT_EVENTS, RegistryTopics.DEFAULT_HISTORY, RegistryTopics.DEFAULT_STATE,
                RegistryTopics.DEFAULT_REJECTED, 6, (short) 3);
        Map<String, Map<String, String>> expected = new HashMap<>();
        registry.definitions().forEach(d -> expected.put(d.name(), d.configs()));
        expected.put(SourceStatusTopic.DEFAULT_NAME, Map.of("cleanup.policy", "compact"));
        Map<String, Map<String, String>> manifests = new HashMap<>();
        for (JsonNode topic : byKind("KafkaTopic")) {
            String name = topic.at("/metadata/name").asText();
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(kafka().at("/metadata/name").asText());
            assertThat(topic.at("/spec/replicas").asInt()).as(name).isEqualTo(3);
            assertThat(topic.at("/spec/partitions").asInt()).as(name).isEqualTo(name.equals(SourceStatusTopic.DEFAULT_NAME) ? 1 : registry.partitions());
            Map<String, String> configs = new HashMap<>();
            topic.at("/spec/config").fields().forEachRemaining(e -> configs.put(e.getKey(), e.getValue().asText()));
            assertThat(configs.remove("min.insync.replicas")).as(name).isEqualTo("2");
            manifests.put(name, configs);
        }
        assertThat(manifests).isEqualTo(expected);
    }

    @Test
    void theKafkaClusterKeepsThreeCopiesTwoInSync() throws IOException {
        JsonNode config = kafka().at("/spec/kafka/config");
        assertThat(config.get("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.get("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(config.get("offsets.topic.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.get("transaction.state.log.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.get("transaction.state.log.min.isr").asInt()).isEqualTo(2);
        assertThat(byKind("KafkaNodePool").get(0).at("/spec/replicas").asInt()).isEqualTo(3);
    }

    @Test
    void theInstancesFindEachOtherAndUseOnlyRealSettings() throws IOException {
        StatefulSet set = STRICT.treeToValue(byKind("StatefulSet").get(0), StatefulSet.class);
        Map<String, Service> services = new HashMap<>();
        for (JsonNode s : byKind("Service")) {
            services.put(s.at("/metadata/name").asText(), STRICT.treeToValue(s, Service.class));
        }
        Service headless = services.get(set.getSpec().getServiceName());
        assertThat(headless).as("the StatefulSet's governing service").isNotNull();
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        Map<String, String> podLabels = set.getSpec().getTemplate().getMetadata().getLabels();
        services.values().forEach(s -> assertThat(podLabels).as(s.getMetadata().getName()).containsAllEntriesOf(s.getSpec().getSelector()));
        PodDisruptionBudget pdb = STRICT.treeToValue(byKind("PodDisruptionBudget").get(0), PodDisruptionBudget.class);
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

        var container = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new HashMap<>();
        for (EnvVar v : container.getEnv()) {
            env.put(v.getName(), v.getValue());
        }
        List<String> unknown = env.keySet().stream().filter(n -> n.startsWith("MODEL_REGISTRY_"))
                .filter(n -> RegistryConfig.keyOfVariable(n).isEmpty()).toList();
        assertThat(unknown).as("variables the registry would ignore").isEmpty();
        assertThat(env.get("MODEL_REGISTRY_APPLICATION_SERVER"))
                .isEqualTo("$(POD_NAME)." + headless.getMetadata().getName() + ".$(POD_NAMESPACE).svc.cluster.local:8080");
        assertThat(env.get("MODEL_REGISTRY_HTTP_HOST")).isEqualTo("0.0.0.0");
        assertThat(env.get("MODEL_REGISTRY_BOOTSTRAP_SERVERS")).isEqualTo(kafka().at("/metadata/name").asText() + "-kafka-bootstrap:9092");
        assertThat(Integer.parseInt(env.get("MODEL_REGISTRY_NUM_STANDBY_REPLICAS"))).isGreaterThanOrEqualTo(1);
        assertThat(set.getSpec().getReplicas()).as("instances beyond the partitions would idle")
                .isLessThanOrEqualTo(Integer.parseInt(env.get("MODEL_REGISTRY_TOPIC_PARTITIONS")));
        assertThat(env.get("MODEL_REGISTRY_DATA_DIR")).isEqualTo(container.getVolumeMounts().stream()
                .filter(m -> m.getName().equals("data")).findFirst().orElseThrow().getMountPath());
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(container.getArgs()).startsWith("serve");
    }

    private static JsonNode kafka() throws IOException {
        return byKind("Kafka").get(0);
    }

    private static List<JsonNode> byKind(String kind) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(DeployFiles.dir().resolve("kubernetes"))) {
            for (Path file : s.sorted().toList()) {
                DeployFiles.documents(file).stream().filter(d -> d.path("kind").asText().equals(kind)).forEach(found::add);
            }
        }
        assertThat(found).as(kind).isNotEmpty();
        return found;
    }

    /** @return what makes {@code doc} no valid object of its kind: empty if none */
    static List<String> problems(JsonNode doc) {
        String kind = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<?> type = KINDS.get(kind);
        if (type == null) {
            return List.of("no known kind " + kind);
        }
        Object typed;
        try {
            typed = STRICT.treeToValue(doc, type);
        } catch (IOException e) {
            return List.of(e.getMessage().lines().findFirst().orElse("") + " at " + e.getMessage().lines()
                    .filter(l -> l.contains("reference chain")).findFirst().orElse("?"));
        }
        List<String> problems = new ArrayList<>();
        unknownFields(typed, "", problems);
        return problems;
    }

    /**
     * Both models keep fields they do not know in an {@code additionalProperties} map instead of
     * failing: any entry there is a field the schema does not have.
     */
    private static void unknownFields(Object node, String path, List<String> problems) {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean || node instanceof Enum<?>) {
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", problems);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
            return;
        }
        String pkg = node.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8") && !pkg.startsWith("io.strimzi")) {
            return;
        }
        try {
            for (PropertyDescriptor p : Introspector.getBeanInfo(node.getClass(), Object.class).getPropertyDescriptors()) {
                Method getter = p.getReadMethod();
                if (getter == null || getter.getParameterCount() > 0) {
                    continue;
                }
                Object value = getter.invoke(node);
                if (p.getName().equals("additionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add("unknown field" + (extra.size() > 1 ? "s " : " ")
                                + extra.keySet().stream().map(k -> (path.isEmpty() ? "" : path.substring(1) + ".") + k).collect(Collectors.joining(", ")));
                    }
                } else if (value != null && value != node) {
                    unknownFields(value, path + "." + p.getName(), problems);
                }
            }
        } catch (ReflectiveOperationException | java.beans.IntrospectionException e) {
            throw new IllegalStateException("cannot walk " + node.getClass(), e);
        }
    }
}
