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
 */
public record KafkaViewConfig(Map<String, Object> kafka, String stateTopic, String historyTopic, String eventsTopic, String registryApplicationId) {

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
        return new KafkaViewConfig(kafka, RegistryTopics.DEFAULT_STATE, RegistryTopics.DEFAULT_HISTORY, RegistryTopics.DEFAULT_EVENTS, "model-registry");
    }

    /** @return this config reading the given topics */
    public KafkaViewConfig withTopics(RegistryTopics topics) {
        return new KafkaViewConfig(kafka, topics.state(), topics.history(), topics.events(), registryApplicationId);
    }

    /** @return this config for a registry running under another Kafka Streams application id */
    public KafkaViewConfig withApplicationId(String applicationId) {
        return new KafkaViewConfig(kafka, stateTopic, historyTopic, eventsTopic, applicationId);
    }
}
