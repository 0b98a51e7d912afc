package dev.modelregistry.streams.topology;

import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.AvroSerde;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the registry's topology: events topic -> decode + fold -> stores, history topic, state
 * topic, rejected topic. Store and node names are constants here; stores are queried by name.
 */
public final class RegistryTopology {

    /** Current state per model id (a key-value store; scanned by list queries). */
    public static final String LATEST_STORE = "model-latest";
    /** Every version per model id with its validity start, for as-of reads (versioned store). */
    public static final String VERSIONS_STORE = "model-versions";
    /** Every accepted change keyed by {@link #historyKey}; kept forever. */
    public static final String HISTORY_STORE = "model-history";
    /** Event ids applied per model ({@link #eventIdKey}) -> version they made; detects replays. */
    public static final String EVENT_IDS_STORE = "applied-event-ids";

    static final String SOURCE = "events-source";
    static final String FOLD = "fold";
    static final String HISTORY_SINK = "history-sink";
    static final String STATE_SINK = "state-sink";
    static final String REJECTED_SINK = "rejected-sink";

    /** Key in {@link #EVENT_IDS_STORE} written for rejected events, so that store's position covers every event. */
    public static final String PROGRESS_KEY = "\u0000progress";

    /** Separates model id and version/event id in store keys; ids never contain it. */
    static final char SEPARATOR = '\u0000';

    private RegistryTopology() {
    }

    /**
     * @param topics topic names
     * @param serdes the record serdes
     * @param versionsRetention how far back the versioned store answers as-of reads by itself
     *     (older reads fall back to the history store)
     */
    public record Config(RegistryTopics topics, RegistrySerdes serdes, Duration versionsRetention) {
        /** The default: ten years of as-of reads from the versioned store. */
        public static Config defaults(RegistryTopics topics, RegistrySerdes serdes) {
            return new Config(topics, serdes, Duration.ofDays(3650));
        }
    }

    /** @return the topology; every call builds a new one */
    public static Topology buildTopology(Config config) {
        RegistrySerdes serdes = config.serdes();
        AvroSerde<ModelState> states = serdes.states();
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), config.topics().events());
        topology.addProcessor(FOLD, () -> new FoldProcessor(serdes.events()), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(LockOrderedKeyValueStore.persistent(LATEST_STORE), Serdes.String(), states), FOLD);
        topology.addStateStore(Stores.versionedKeyValueStoreBuilder(
                Stores.persistentVersionedKeyValueStore(VERSIONS_STORE, config.versionsRetention(), Duration.ofDays(30)),
                Serdes.String(), states), FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(LockOrderedKeyValueStore.persistent(HISTORY_STORE), Serdes.String(), serdes.changes()), FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(LockOrderedKeyValueStore.persistent(EVENT_IDS_STORE), Serdes.String(), Serdes.Long()), FOLD);
        topology.addSink(HISTORY_SINK, config.topics().history(), Serdes.String().serializer(), widen(serdes.changes()), FOLD);
        topology.addSink(STATE_SINK, config.topics().state(), Serdes.String().serializer(), widen(states), FOLD);
        topology.addSink(REJECTED_SINK, config.topics().rejected(), Serdes.String().serializer(), widen(serdes.rejections()), FOLD);
        return topology;
    }

    /** @return the history store key of one version: model id, separator, 19-digit zero-padded version */
    public static String historyKey(String modelId, long version) {
        return modelId + SEPARATOR + String.format("%019d", version);
    }

    /** @return the version encoded in a {@link #historyKey} */
    public static long versionOfHistoryKey(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf(SEPARATOR) + 1));
    }

    static String eventIdKey(String modelId, String eventId) {
        return modelId + SEPARATOR + eventId;
    }

    /** Lets one processor forward different record types to sinks typed by their own serializer. */
    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Serializer<SpecificRecord> widen(AvroSerde<T> serde) {
        return (topic, data) -> serde.serialize(topic, (T) data);
    }
}
