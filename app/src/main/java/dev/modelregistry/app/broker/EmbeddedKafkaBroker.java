package dev.modelregistry.app.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft, combined broker and controller) in this JVM, for the
 * single-machine mode of {@code up}. Its log lives under {@code dataDir/kafka} and survives a
 * restart: the directory is formatted only the first time.
 *
 * <p>Listens on 127.0.0.1 only. Not thread-safe; start once, close once.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";

    private final Path logDir;
    private final int port;
    private KafkaRaftServer server;

    /**
     * @param dataDir directory for the broker's data (created if missing)
     * @param port the client port on 127.0.0.1
     */
    public EmbeddedKafkaBroker(Path dataDir, int port) {
        this.logDir = dataDir.resolve("kafka").toAbsolutePath();
        this.port = port;
    }

    /**
     * Formats the log directory if new, starts the broker and waits until it answers.
     *
     * @throws BrokerStartException with a user-facing message if the port is taken or the data
     *     directory is unusable or locked by another broker
     */
    public void start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        ensurePortFree(port, "Kafka port (--kafka-port)");
        int controllerPort = freePort();
        Properties props = brokerProperties(controllerPort);
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format();
            } else {
                log.info("reusing Kafka data in {}", logDir);
            }
        } catch (Exception e) {
            throw new BrokerStartException("cannot prepare Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
        try {
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
        } catch (RuntimeException e) {
            close();
            throw new BrokerStartException("embedded Kafka failed to start (is another broker using " + logDir
                    + "?): " + e.getMessage(), e);
        }
        awaitReady();
    }

    private void format() throws Exception {
        String clusterId = Uuid.randomUuid().toString();
        new Formatter()
                .setNodeId(NODE_ID)
                .setClusterId(clusterId)
                .setDirectories(java.util.List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .run();
        log.info("formatted new Kafka data directory {} (cluster id {})", logDir, clusterId);
    }

    private Properties brokerProperties(int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        // One node: every internal topic must live with a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // One node on a laptop-sized machine: the defaults are sized for a cluster member. The log
        // cleaner's dedupe buffer alone is 128 MiB of heap (8 MiB holds ~350k keys, far more than
        // the compacted state topic has); threads are cut to what one node with a handful of
        // clients uses.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8L << 20));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        return p;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000"))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new BrokerStartException("embedded Kafka did not become ready within 60 s: " + e.getMessage(), e);
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
        }
    }

    /** @return host:port for clients */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** @return the directory holding the broker's log */
    public Path logDir() {
        return logDir;
    }

    /** Stops the broker and waits for it; safe to call more than once. */
    @Override
    public void close() {
        KafkaRaftServer s = server;
        server = null;
        if (s != null) {
            s.shutdown();
            s.awaitShutdown();
            log.info("embedded Kafka stopped");
        }
    }

    /**
     * @throws BrokerStartException naming {@code what} if {@code port} is taken on 127.0.0.1
     */
    public static void ensurePortFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw new BrokerStartException(what + " " + port + " on " + HOST + " is already in use; stop what holds it "
                    + "or choose another port", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BrokerStartException("no free port for the embedded controller: " + e.getMessage(), e);
        }
    }
}
