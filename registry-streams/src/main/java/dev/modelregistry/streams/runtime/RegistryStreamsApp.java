package dev.modelregistry.streams.runtime;

import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.streams.query.RegistryReader;
import dev.modelregistry.streams.topology.RegistryTopology;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the registry topology with exactly-once processing and gives a {@link RegistryReader}
 * over its stores. Start once, close once; {@link #close()} is safe to call twice.
 *
 * <p>The state directory is kept across a clean restart, which then needs no full restore; after
 * an unclean stop (a killed process) it is wiped once, see {@link CleanShutdownMarker}.
 */
public final class RegistryStreamsApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryStreamsApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final StreamsSettings settings;
    private final KafkaStreams streams;
    private final RegistryReader reader;
    private final CountDownLatch running = new CountDownLatch(1);
    private final RocksDbMemory rocksDbMemory;
    private final FoldSignals signals = new FoldSignals();
    private final CleanShutdownMarker cleanShutdown;
    private volatile boolean closed;

    public RegistryStreamsApp(StreamsSettings settings, RegistrySerdes serdes) {
        this.settings = settings;
        this.cleanShutdown = new CleanShutdownMarker(settings.stateDir(), settings.applicationId());
        this.rocksDbMemory = settings.rocksDbMemoryBytes() > 0 ? new RocksDbMemory(settings.rocksDbMemoryBytes()) : null;
        Properties props = properties(settings);
        if (rocksDbMemory != null) {
            props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbMemory.BoundedConfig.class);
            props.put(RocksDbMemory.CONFIG_KEY, rocksDbMemory);
        }
        this.streams = new KafkaStreams(
                RegistryTopology.buildTopology(new RegistryTopology.Config(settings.topics(), serdes, signals)),
                props);
        streams.setUncaughtExceptionHandler(RegistryStreamsApp::onUncaught);
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
                signals.reset();
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
                // a restoring partition answers no reads, so nothing is cached from it until the end
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
                signals.reset();
            }
        });
        streams.setStateListener((now, before) -> {
            log.info("streams {} -> {}", before, now);
            if (now != KafkaStreams.State.RUNNING) {
                // partitions may move or be restored: whatever was derived from the stores is suspect
                signals.reset();
            }
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        HostInfo self = settings.applicationServer() == null ? null : HostInfo.buildFromEndpoint(settings.applicationServer());
        this.reader = new RegistryReader(streams, self, serdes);
    }

    static Properties properties(StreamsSettings s) {
        Properties p = new Properties();
        p.putAll(s.clientSettings());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toString());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, s.numStandbyReplicas());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, s.commitInterval().toMillis());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) s.topics().replicationFactor());
        if (s.applicationServer() != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, s.applicationServer());
        }
        if (s.groupInstanceId() != null) {
            // Static membership: a restarted instance takes its partitions back at once instead
            // of waiting for the group to time out its previous incarnation.
            p.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, s.groupInstanceId());
        }
        return p;
    }

    /**
     * Transient trouble (a rebalance race, a broker hiccup) replaces the thread; anything else
     * is a bug or a misconfiguration that a retry will not fix, so the client shuts down and
     * the process reports it rather than spinning.
     */
    private static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaught(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetriableException || t instanceof TaskMigratedException || t instanceof TaskCorruptedException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                log.warn("stream thread failed with a transient error; replacing it", e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        log.error("stream thread failed with a fatal error; shutting down the streams client", e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Starts processing; returns at once. */
    public void start() {
        if (cleanShutdown.lastRunWasUnclean()) {
            log.warn("the last run on {} did not stop cleanly; wiping its local state so no store keeps writes of an "
                    + "aborted transaction (restoring from the changelogs)", settings.stateDir());
            streams.cleanUp();
        }
        cleanShutdown.running();
        streams.start();
    }

    /** @return true if the app reached RUNNING within {@code timeout} */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the current Kafka Streams state */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** @return the read interface over this instance's stores */
    public RegistryReader reader() {
        return reader;
    }

    /** @return where the fold's change signals can be subscribed to */
    public FoldSignals signals() {
        return signals;
    }

    /** @return the settings it runs with */
    public StreamsSettings settings() {
        return settings;
    }

    /** @return the underlying client, for metrics and metadata */
    public KafkaStreams streams() {
        return streams;
    }

    /** Closes without leaving the group: a static member restarted within the session timeout causes no rebalance. */
    @Override
    public void close() {
        close(false);
    }

    /**
     * @param leaveGroup true when this instance goes away for good (scale-down): its partitions
     *     move to the others at once instead of after the session timeout (Kafka Streams 4.1
     *     honours this for static members only)
     */
    public void close(boolean leaveGroup) {
        if (closed) {
            return;
        }
        closed = true;
        if (!streams.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT).leaveGroup(leaveGroup))) {
            // stores may still be open: freeing their shared cache under them would crash the JVM
            log.warn("streams did not close within {}; RocksDB memory left to the JVM's exit", CLOSE_TIMEOUT);
            return;
        }
        cleanShutdown.closedCleanly();
        if (rocksDbMemory != null) {
            rocksDbMemory.close();
        }
    }
}
