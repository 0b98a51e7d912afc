package dev.modelregistry.app.cli;

import dev.modelregistry.app.topics.TopicProvisioner;
import dev.modelregistry.schemas.topics.RegistryTopics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cluster}: a real multi-broker setup on one machine, without Docker: N KRaft nodes and M
 * registry instances ({@code serve}, the first also polling the sources), each in its own
 * process, so any of them can be killed and restarted like a machine in production. Topics get
 * three replicas (or as many as there are brokers) and {@code min.insync.replicas} two; the
 * instances keep standby copies of each other's state. Until Ctrl-C, which stops them all.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Start a local cluster for trying the registry past one machine: N Kafka brokers and M registry instances, each its own process.")
public final class ClusterCommand implements Callable<Integer> {

    @Option(names = "--brokers", paramLabel = "N", description = "Kafka brokers (default 3).")
    int brokers = 3;

    @Option(names = "--instances", paramLabel = "N", description = "Registry instances (default 2).")
    int instances = 2;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./model-registry-cluster); each process keeps its part in a subdirectory, logs in logs/.")
    Path dataDir = Path.of("model-registry-cluster");

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Client port of the first broker; the others take the next ones (default 9092).")
    int kafkaPort = 9092;

    @Option(names = "--http-port", paramLabel = "PORT", description = "API port of the first instance; the others take the next ones (default 8080).")
    int httpPort = 8080;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file passed to every instance.")
    Path configFile;

    @Option(names = "--no-poll", description = "No instance polls the catalog sources; publish with the sync command instead.")
    boolean noPoll;

    @Option(names = "--restart-after", paramLabel = "DURATION",
            description = "Start a process that exits again after DURATION (e.g. 5s), like a supervisor would; by default a killed process stays down.")
    String restartAfter;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (brokers < 1 || instances < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--brokers and --instances must be at least 1");
        }
        Duration restartDelay = restartAfter == null ? null : parseDelay(restartAfter);
        PrintWriter out = spec.commandLine().getOut();
        Path logs = dataDir.resolve("logs");
        Files.createDirectories(logs);
        Path clusterIdFile = dataDir.resolve("cluster.id");
        String clusterId = Files.exists(clusterIdFile) ? Files.readString(clusterIdFile).strip() : Uuid.randomUuid().toString();
        Files.writeString(clusterIdFile, clusterId);
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            controllerPorts.add(freePort());
        }
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < brokers; i++) {
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(controllerPorts.get(i));
        }
        String bootstrap = String.join(",", java.util.stream.IntStream.range(0, brokers).mapToObj(i -> "127.0.0.1:" + (kafkaPort + i)).toList());
        short replicas = (short) Math.min(3, brokers);

        List<Member> children = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread stopAll = new Thread(() -> {
            stopping.set(true);
            stop(children);
        });
        Runtime.getRuntime().addShutdownHook(stopAll);
        for (int i = 0; i < brokers; i++) {
            int node = i + 1;
            Member m = new Member("broker " + node, logs.resolve("broker-" + node + ".log"), null, List.of("broker", "--node-id", String.valueOf(node),
                    "--data-dir", dataDir.resolve("broker-" + node).toString(), "--kafka-port", String.valueOf(kafkaPort + i),
                    "--controller-port", String.valueOf(controllerPorts.get(i)), "--voters", voters.toString(), "--cluster-id", clusterId,
                    "--size", String.valueOf(brokers)));
            m.start();
            children.add(m);
            out.printf("broker %d: pid %d, 127.0.0.1:%d (log %s)%n", node, m.process.pid(), kafkaPort + i, m.log);
        }
        out.flush();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", "5000", "default.api.timeout.ms", "10000"))) {
            awaitBrokers(admin, brokers, Duration.ofMinutes(2));
            RegistryTopics topics = new RegistryTopics(RegistryTopics.DEFAULT_EVENTS, RegistryTopics.DEFAULT_HISTORY, RegistryTopics.DEFAULT_STATE,
                    RegistryTopics.DEFAULT_REJECTED, 6, replicas);
            // a cluster that just formed may still refuse a creation while its metadata settles: try again a few times
            for (int attempt = 1; ; attempt++) {
                try {
                    new TopicProvisioner(admin, Duration.ofSeconds(60)).ensure(topics);
                    break;
                } catch (IllegalStateException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                    out.printf("topics not created yet (%s); trying again%n", e.getMessage());
                    Thread.sleep(2_000);
                }
            }
        }
        out.printf("Kafka cluster up: %d brokers at %s, topics with %d replicas%n", brokers, bootstrap, replicas);
        for (int i = 0; i < instances; i++) {
            List<String> args = new ArrayList<>(List.of("serve", "--bootstrap-servers", bootstrap, "--http-port", String.valueOf(httpPort + i),
                    "--state-dir", dataDir.resolve("instance-" + (i + 1)).resolve("streams").toString()));
            if (configFile != null) {
                args.addAll(List.of("--config", configFile.toString()));
            }
            boolean polls = i == 0 && !noPoll;
            if (polls) {
                args.add("--sync");
            }
            Member m = new Member("instance " + (i + 1), logs.resolve("instance-" + (i + 1) + ".log"), dataDir.resolve("instance-" + (i + 1)), args);
            m.start();
            children.add(m);
            out.printf("instance %d: pid %d, http://127.0.0.1:%d%s (log %s)%n", i + 1, m.process.pid(), httpPort + i, polls ? ", polls the sources" : "",
                    m.log);
        }
        out.println("Cluster ready. Press Ctrl-C to stop every process.");
        out.flush();
        // Lives as long as the children. Without --restart-after a killed one stays down (that is what trying faults is for).
        while (!stopping.get() && children.stream().anyMatch(c -> c.process.isAlive() || restartDelay != null)) {
            for (Member m : children) {
                if (!m.process.isAlive() && restartDelay != null && !stopping.get()) {
                    restart(m, restartDelay, stopping, out);
                }
            }
            children.get(0).process.waitFor(1, TimeUnit.SECONDS);
        }
        return 0;
    }

    private static void restart(Member m, Duration delay, java.util.concurrent.atomic.AtomicBoolean stopping, PrintWriter out)
            throws IOException, InterruptedException {
        if (m.diedAt == 0) {
            m.diedAt = System.nanoTime();
            out.printf("%s exited (code %d); starting it again in %s%n", m.label, m.process.exitValue(), delay.toMillis() + " ms");
            out.flush();
        }
        if (System.nanoTime() - m.diedAt >= delay.toNanos() && !stopping.get()) {
            m.start();
            out.printf("%s: pid %d, started again (log %s)%n", m.label, m.process.pid(), m.log);
            out.flush();
        }
    }

    private Duration parseDelay(String text) {
        try {
            return dev.modelregistry.app.config.Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--restart-after: " + e.getMessage());
        }
    }

    /** One process of the cluster, started again with the same command line after it exits. */
    private final class Member {
        final String label;
        final Path log;
        /** the child's own data directory (sync store, bundled catalogs), or null */
        final Path dataDirOfChild;
        final List<String> args;
        volatile Process process;
        /** System.nanoTime() when its exit was seen, 0 while running */
        long diedAt;

        Member(String label, Path log, Path dataDirOfChild, List<String> args) {
            this.label = label;
            this.log = log;
            this.dataDirOfChild = dataDirOfChild;
            this.args = List.copyOf(args);
        }

        void start() throws IOException {
            ProcessBuilder b = new ProcessBuilder(javaCommand(args.toArray(String[]::new))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (dataDirOfChild != null) {
                b.environment().put("MODEL_REGISTRY_DATA_DIR", dataDirOfChild.toString());
            }
            b.environment().put("MODEL_REGISTRY_NUM_STANDBY_REPLICAS", String.valueOf(Math.min(1, instances - 1)));
            b.environment().put("MODEL_REGISTRY_TOPIC_PARTITIONS", "6");
            process = b.start();
            diedAt = 0;
        }
    }

    /** @return the command line that runs this app with {@code args} in a new JVM (same Java, same class path, 512 MiB heap) */
    static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.modelregistry.app.Main");
        command.addAll(List.of(args));
        return command;
    }

    /** Waits until every node has registered as a broker: topics with three replicas need all three. */
    private static void awaitBrokers(Admin admin, int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            try {
                int registered = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                if (registered >= expected) {
                    return;
                }
                last = registered + " of " + expected + " brokers registered";
            } catch (Exception e) {
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka nodes did not form a cluster within " + timeout + ": " + last);
            }
            Thread.sleep(500);
        }
    }

    private static void stop(List<Member> children) {
        // instances first, then brokers: the instances commit and leave their group cleanly
        for (int i = children.size() - 1; i >= 0; i--) {
            Process p = children.get(i).process;
            p.destroy();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
