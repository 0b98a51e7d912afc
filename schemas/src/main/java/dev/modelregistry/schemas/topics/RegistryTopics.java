package dev.modelregistry.schemas.topics;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The registry's four topics: their names (configurable) and the topic-level settings each
 * must have. Every module that reads or writes a topic takes its name from here, so the
 * contract between writers and readers lives next to the record schemas.
 *
 * @param events model events, keyed by model id: the fold's input; kept forever
 * @param history accepted, versioned changes, keyed by model id; kept forever
 * @param state each model's current state, keyed by model id; compacted
 * @param rejected events the fold refused, with the reason
 * @param partitions partitions of each topic; all four share it so a model's records co-partition
 * @param replicationFactor replication factor of each topic; {@link #BROKER_DEFAULT} (-1) takes the
 *     cluster's {@code default.replication.factor}
 */
public record RegistryTopics(String events, String history, String state, String rejected, int partitions,
                             short replicationFactor) {

    /** A replication factor that leaves it to the cluster: its {@code default.replication.factor}. */
    public static final short BROKER_DEFAULT = -1;

    public static final String DEFAULT_EVENTS = "model-registry.events.v1";
    public static final String DEFAULT_HISTORY = "model-registry.history.v1";
    public static final String DEFAULT_STATE = "model-registry.state.v1";
    public static final String DEFAULT_REJECTED = "model-registry.rejected.v1";

    /** Rejections are for operators to inspect, not an archive: 30 days. */
    static final String REJECTED_RETENTION_MS = String.valueOf(30L * 24 * 60 * 60 * 1000);

    public RegistryTopics {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(rejected, "rejected");
        if (partitions < 1 || (replicationFactor < 1 && replicationFactor != BROKER_DEFAULT)) {
            throw new IllegalArgumentException("partitions must be at least 1, the replication factor at least 1 or -1 (the broker's default)");
        }
    }

    /** @return the default names with {@code partitions} partitions and replication factor 1 */
    public static RegistryTopics defaults(int partitions) {
        return new RegistryTopics(DEFAULT_EVENTS, DEFAULT_HISTORY, DEFAULT_STATE, DEFAULT_REJECTED, partitions, (short) 1);
    }

    /** One topic and the configs it is created with. */
    public record Definition(String name, Map<String, String> configs) {
        /** @return the cleanup.policy this topic must have */
        public String cleanupPolicy() {
            return configs.get("cleanup.policy");
        }
    }

    /** @return the replication factor to create topics with: empty for the broker's default */
    public java.util.Optional<Short> replication() {
        return replicationFactor == BROKER_DEFAULT ? java.util.Optional.empty() : java.util.Optional.of(replicationFactor);
    }

    /** @return the four topics' names, in {@link #definitions()} order */
    public java.util.List<String> names() {
        return definitions().stream().map(Definition::name).toList();
    }

    /** @return the four topics with their required configs */
    public List<Definition> definitions() {
        Map<String, String> forever = Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1");
        return List.of(
                new Definition(events, forever),
                new Definition(history, forever),
                new Definition(state, Map.of("cleanup.policy", "compact")),
                new Definition(rejected, Map.of("cleanup.policy", "delete", "retention.ms", REJECTED_RETENTION_MS)));
    }
}
