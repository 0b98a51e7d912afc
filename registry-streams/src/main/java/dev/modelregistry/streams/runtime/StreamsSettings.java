package dev.modelregistry.streams.runtime;

import dev.modelregistry.schemas.topics.RegistryTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the streams runner needs to know.
 *
 * @param clientSettings Kafka client settings (bootstrap servers, security...) passed to every client
 * @param applicationId instances with the same id share partitions and state
 * @param stateDir local RocksDB directory; keep it across restarts to avoid a full restore
 * @param numStandbyReplicas warm copies per store on other instances
 * @param commitInterval how often transactions commit (exactly_once_v2)
 * @param applicationServer host:port by which other instances reach this one, or null for none
 * @param topics the registry's topics
 * @param groupInstanceId stable identity of this instance in the consumer group (static
 *     membership), or null for a dynamic member; must differ between instances
 * @param rocksDbMemoryBytes off-heap memory of all this instance's RocksDB stores together
 *     (block cache and memtables), in bytes; 0 leaves RocksDB's per-store defaults
 */
public record StreamsSettings(Map<String, Object> clientSettings, String applicationId, Path stateDir,
                              int numStandbyReplicas, Duration commitInterval, String applicationServer,
                              RegistryTopics topics, String groupInstanceId,
                              long rocksDbMemoryBytes) {

    /** Budget when none is given: ample for tens of thousands of models and their history. */
    public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 128L * 1024 * 1024;

    /** Settings with the default RocksDB memory budget. */
    public StreamsSettings(Map<String, Object> clientSettings, String applicationId, Path stateDir,
                           int numStandbyReplicas, Duration commitInterval, String applicationServer,
                           RegistryTopics topics, String groupInstanceId) {
        this(clientSettings, applicationId, stateDir, numStandbyReplicas, commitInterval, applicationServer, topics,
                groupInstanceId, DEFAULT_ROCKSDB_MEMORY_BYTES);
    }

    public StreamsSettings {
        if (rocksDbMemoryBytes < 0) {
            throw new IllegalArgumentException("rocksDbMemoryBytes must be >= 0, got " + rocksDbMemoryBytes);
        }
        Objects.requireNonNull(clientSettings, "clientSettings");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(topics, "topics");
        clientSettings = Map.copyOf(clientSettings);
    }

    /**
     * @return a group instance id for {@code applicationId} at {@code applicationServer}, using
     *     only the characters Kafka allows ({@code localhost:7201} becomes {@code localhost_7201})
     */
    public static String instanceIdFor(String applicationId, String applicationServer) {
        return (applicationId + "-" + applicationServer).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** @return these settings with another static-membership identity (null for dynamic) */
    public StreamsSettings withGroupInstanceId(String id) {
        return new StreamsSettings(clientSettings, applicationId, stateDir, numStandbyReplicas, commitInterval, applicationServer,
                topics, id, rocksDbMemoryBytes);
    }
}
