package dev.modelregistry.app.cli;

import dev.modelregistry.app.broker.EmbeddedKafkaBroker;
import dev.modelregistry.app.config.RegistryConfig;
import dev.modelregistry.app.topics.TopicProvisioner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code up}: the single-machine mode. Starts an embedded Kafka broker, creates the topics and
 * runs until SIGINT/SIGTERM, then shuts everything down in reverse order.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run everything on this machine: embedded Kafka, topics, and the registry, until Ctrl-C.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of settings.")
    java.nio.file.Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./model-registry-data).")
    String dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Embedded Kafka port on 127.0.0.1 (default 9092).")
    Integer kafkaPort;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Query API port (default 8080).")
    Integer httpPort;

    @Option(names = "--no-bundled", description = "Start with an empty registry: do not sync the bundled catalogs.")
    boolean noBundled;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> flags = new HashMap<>();
        flags.put(RegistryConfig.DATA_DIR, dataDir);
        flags.put(RegistryConfig.KAFKA_PORT, kafkaPort);
        flags.put(RegistryConfig.HTTP_PORT, httpPort);
        RegistryConfig config = RegistryConfig.load(configFile, System.getenv(), flags);
        PrintWriter out = spec.commandLine().getOut();

        Lifecycle lifecycle = new Lifecycle();
        Runtime.getRuntime().addShutdownHook(new Thread(lifecycle::stop, "model-registry-shutdown"));
        try {
            long started = System.nanoTime();
            EmbeddedKafkaBroker broker = lifecycle.add(new EmbeddedKafkaBroker(config.dataDir(), config.getInt(RegistryConfig.KAFKA_PORT)));
            broker.start();
            out.printf("Kafka is up at %s (data in %s, %d ms)%n", broker.bootstrapServers(), broker.logDir(),
                    (System.nanoTime() - started) / 1_000_000);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                for (TopicProvisioner.Result r : new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(config.topics())) {
                    out.printf("  topic %-28s %-7s cleanup.policy=%s%n", r.topic(), r.outcome().name().toLowerCase(), r.cleanupPolicy());
                }
            }
            out.printf("Ready. Bootstrap servers: %s. Press Ctrl-C to stop.%n", broker.bootstrapServers());
            out.flush();
            lifecycle.awaitStop();
            return 0;
        } finally {
            lifecycle.stop();
        }
    }

    /** Closes what was started, newest first, exactly once, from whichever thread asks first. */
    static final class Lifecycle {
        private final java.util.Deque<AutoCloseable> resources = new java.util.ArrayDeque<>();
        private final CountDownLatch stopRequested = new CountDownLatch(1);
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();

        synchronized <T extends AutoCloseable> T add(T resource) {
            resources.push(resource);
            return resource;
        }

        void awaitStop() throws InterruptedException {
            stopRequested.await();
        }

        void stop() {
            stopRequested.countDown();
            if (!stopping.compareAndSet(false, true)) {
                // A second caller (the shutdown hook while main is closing) waits for the first.
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            try {
                AutoCloseable next;
                while ((next = poll()) != null) {
                    try {
                        next.close();
                    } catch (Exception e) {
                        org.slf4j.LoggerFactory.getLogger(UpCommand.class).warn("error while stopping {}: {}", next, e.toString());
                    }
                }
            } finally {
                stopped.countDown();
            }
        }

        private synchronized AutoCloseable poll() {
            return resources.poll();
        }
    }
}
