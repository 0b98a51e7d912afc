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
 * A Kafka broker (KRaft, combined broker and controller) in this JVM: alone, for the
 * single-machine mode of {@code up}, or as one member of a cluster of a few such nodes on one
 * machine ({@link ClusterMember}, for the {@code cluster} command). Its log lives under {@code dataDir/kafka} and survives a
 * restart: the directory is formatted only the first time.
 *
 * <p>Listens on 127.0.0.1 only. Not thread-safe; start once, close once.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";

    /**
     * This node's place in a multi-node cluster.
     *
     * @param nodeId this node's id (1..size)
     * @param controllerPort this node's controller port on 127.0.0.1
     * @param voters every node's {@code id@host:controllerPort}, comma-separated
     * @param clusterId the cluster id every node is formatted with
     * @param size how many nodes the cluster has
     */
    public record ClusterMember(int nodeId, int controllerPort, String voters, String clusterId, int size) {
    }

    private final Path logDir;
    private final int port;
    private final ClusterMember member;
    private KafkaRaftServer server;

    /**
     * @param dataDir directory for the broker's data (created if missing)
     * @param port the client port on 127.0.0.1
     */
    public EmbeddedKafkaBroker(Path dataDir, int port) {
        this(dataDir, port, null);
    }

    /**
     * @param member this node's place in a cluster, or null for a single node
     */
    public EmbeddedKafkaBroker(Path dataDir, int port, ClusterMember member) {
        this.logDir = dataDir.resolve("kafka").toAbsolutePath();
        this.port = port;
        this.member = member;
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
        int controllerPort = member != null ? member.controllerPort() : freePort();
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
        String clusterId = member != null ? member.clusterId() : Uuid.randomUuid().toString();
        new Formatter()
                .setNodeId(member != null ? member.nodeId() : NODE_ID)
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
        p.put("node.id", String.valueOf(member != null ? member.nodeId() : NODE_ID));
        p.put("controller.quorum.voters", member != null ? member.voters() : NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        // One node: every internal topic lives with a single replica. Several: three copies (or
        // as many as there are nodes), two in sync before a write counts, so one node may die.
        String replicas = String.valueOf(member == null ? 1 : Math.min(3, member.size()));
        String inSync = String.valueOf(member == null ? 1 : Math.max(1, Math.min(3, member.size()) - 1));
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", inSync);
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", inSync);
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", inSync);
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
        if (member != null) {
            // a member answers only once a quorum of its peers runs: the cluster command waits for that
            while (!brokerAnswers()) {
                if (System.nanoTime() > deadline) {
                    throw new BrokerStartException("Kafka node " + member.nodeId() + " did not listen on " + port + " within 60 s", null);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
            return;
        }
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

    /** A cluster member may start before a quorum exists: its listener answering is enough here. */
    private boolean brokerAnswers() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
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
