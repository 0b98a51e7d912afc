package dev.modelregistry.streams.topology;

import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the registry's topology: events topic -> decode + fold -> stores, history topic, state
 * topic, rejected topic. Store and node names are constants here; stores are queried by name.
 *
 * <p>Data directories written by earlier builds also hold a versioned store ({@code model-versions})
 * and an {@code applied-event-ids} store; this topology no longer reads them (the history store
 * answers both questions), so they lie unused and their changelog topics may be deleted.
 */
public final class RegistryTopology {

    /** Current state per model id: encoded {@code ModelState} bytes (scanned by list queries). */
    public static final String LATEST_STORE = "model-latest";
    /**
     * Every accepted change keyed by {@link #historyKey}: encoded {@code ModelChange} bytes, kept
     * forever. Keys sort by version within a model, so it also answers as-of reads (versions'
     * validity starts increase with the version) and detects replayed events (the version an
     * event would have made names the event that made it).
     */
    public static final String HISTORY_STORE = "model-history";
    /**
     * One key, {@link #PROGRESS_KEY}: the offset of the last event folded, accepted or rejected.
     * Every event writes it, so its store position is how far the fold has read.
     */
    public static final String PROGRESS_STORE = "fold-progress";

    static final String SOURCE = "events-source";
    static final String FOLD = "fold";
    static final String HISTORY_SINK = "history-sink";
    static final String STATE_SINK = "state-sink";
    static final String REJECTED_SINK = "rejected-sink";

    /** The one key of {@link #PROGRESS_STORE}. */
    public static final String PROGRESS_KEY = "progress";

    /** Separates model id and version/event id in store keys; ids never contain it. */
    static final char SEPARATOR = '\u0000';

    private RegistryTopology() {
    }

    /**
     * @param topics topic names
     * @param serdes the record serdes
     * @param listener told of every change the fold makes; {@link FoldListener#NONE} for none
     */
    public record Config(RegistryTopics topics, RegistrySerdes serdes, FoldListener listener) {
        /** A topology nobody listens to. */
        public Config(RegistryTopics topics, RegistrySerdes serdes) {
            this(topics, serdes, FoldListener.NONE);
        }
    }

    /** @return the topology; every call builds a new one */
    public static Topology buildTopology(Config config) {
        RegistrySerdes serdes = config.serdes();
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), config.topics().events());
        topology.addProcessor(FOLD, () -> new FoldProcessor(serdes, config.listener()), SOURCE);
        // The stores hold the encoded records (the bytes the typed stores of earlier releases
        // held, so their data carries over): the fold encodes each record once, for its store
        // and its output topic, and readers decode only what they return.
        topology.addStateStore(Stores.keyValueStoreBuilder(LockOrderedKeyValueStore.persistent(LATEST_STORE), Serdes.String(), Serdes.ByteArray()), FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(LockOrderedKeyValueStore.persistent(HISTORY_STORE), Serdes.String(), Serdes.ByteArray()), FOLD);
        topology.addStateStore(Stores.keyValueStoreBuilder(LockOrderedKeyValueStore.persistent(PROGRESS_STORE), Serdes.String(), Serdes.Long()), FOLD);
        topology.addSink(HISTORY_SINK, config.topics().history(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), FOLD);
        topology.addSink(STATE_SINK, config.topics().state(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), FOLD);
        topology.addSink(REJECTED_SINK, config.topics().rejected(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), FOLD);
        return topology;
    }

    /** @return the history store key of one version: model id, separator, 19-digit zero-padded version */
    public static String historyKey(String modelId, long version) {
        if (version < 0) {
            throw new IllegalArgumentException("negative version " + version);
        }
        String digits = Long.toString(version);
        StringBuilder key = new StringBuilder(modelId.length() + 20).append(modelId).append(SEPARATOR);
        for (int pad = 19 - digits.length(); pad > 0; pad--) {
            key.append('0');
        }
        return key.append(digits).toString();
    }

    /** @return the version encoded in a {@link #historyKey} */
    public static long versionOfHistoryKey(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf(SEPARATOR) + 1));
    }

}
