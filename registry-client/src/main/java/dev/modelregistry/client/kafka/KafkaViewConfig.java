package dev.modelregistry.client.kafka;

import dev.modelregistry.schemas.topics.RegistryTopics;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link KafkaRegistryView} reads from.
 *
 * @param kafka Kafka client settings ({@code bootstrap.servers}, security...); never null
 * @param stateTopic the registry's compacted state topic
 * @param historyTopic the registry's history topic (changes, kept forever)
 * @param eventsTopic the registry's events topic (the one consistency tokens count in)
 * @param registryApplicationId the registry's Kafka Streams application id, whose committed
 *     position tells how far the state topic reflects the events
 * @param schemaRegistryUrl the schema registry (Confluent REST API) of a registry that writes
 *     {@code serde.format=confluent}, or null for one that writes single-object encoding
 */
public record KafkaViewConfig(Map<String, Object> kafka, String stateTopic, String historyTopic, String eventsTopic, String registryApplicationId,
                              String schemaRegistryUrl) {

    public KafkaViewConfig {
        kafka = Map.copyOf(Objects.requireNonNull(kafka, "kafka"));
        Objects.requireNonNull(stateTopic, "stateTopic");
        Objects.requireNonNull(historyTopic, "historyTopic");
        Objects.requireNonNull(eventsTopic, "eventsTopic");
        Objects.requireNonNull(registryApplicationId, "registryApplicationId");
    }

    /** @return the registry's default topics and application id ({@code model-registry}) on these brokers */
    public static KafkaViewConfig defaults(String bootstrapServers) {
        Map<String, Object> kafka = new HashMap<>();
        kafka.put("bootstrap.servers", bootstrapServers);
        return new KafkaViewConfig(kafka, RegistryTopics.DEFAULT_STATE, RegistryTopics.DEFAULT_HISTORY, RegistryTopics.DEFAULT_EVENTS, "model-registry", null);
    }

    /** @return this config reading the given topics */
    public KafkaViewConfig withTopics(RegistryTopics topics) {
        return new KafkaViewConfig(kafka, topics.state(), topics.history(), topics.events(), registryApplicationId, schemaRegistryUrl);
    }

    /** @return this config for a registry running under another Kafka Streams application id */
    public KafkaViewConfig withApplicationId(String applicationId) {
        return new KafkaViewConfig(kafka, stateTopic, historyTopic, eventsTopic, applicationId, schemaRegistryUrl);
    }

    /**
     * @param url the Confluent REST API root of the schema registry a registry with
     *     {@code serde.format=confluent} writes to (e.g. {@code http://apicurio:8080/apis/ccompat/v7})
     * @return this config, also reading records in the Confluent wire format
     */
    public KafkaViewConfig withSchemaRegistry(String url) {
        return new KafkaViewConfig(kafka, stateTopic, historyTopic, eventsTopic, registryApplicationId, Objects.requireNonNull(url, "url"));
    }
}
