package dev.modelregistry.app.cli;

import dev.modelregistry.app.broker.EmbeddedKafkaBroker;
import dev.modelregistry.app.config.RegistryConfig;
import dev.modelregistry.app.sync.BundledCatalogs;
import dev.modelregistry.app.sync.BundledHistory;
import dev.modelregistry.app.sync.LiveSources;
import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.sync.store.SyncStore;
import java.util.List;
import dev.modelregistry.app.sync.SyncJob;
import dev.modelregistry.app.topics.TopicProvisioner;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.sync.publish.RegistryStateReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code up}: the single-machine mode. Starts an embedded Kafka broker, creates the topics, runs
 * the registry, and stays up until SIGINT/SIGTERM, then shuts everything down in reverse order.
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

    @Option(names = "--no-history", description = "On a first start, sync only the newest bundled catalogs, not their dated past.")
    boolean noHistory;

    @Option(names = "--no-poll", description = "Do not poll the catalog sources' URLs (same as sync.poll=false): the registry keeps the bundled data.")
    boolean noPoll;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> flags = new HashMap<>();
        flags.put(RegistryConfig.DATA_DIR, dataDir);
        flags.put(RegistryConfig.KAFKA_PORT, kafkaPort);
        flags.put(RegistryConfig.HTTP_PORT, httpPort);
        RegistryConfig fileAndEnv = RegistryConfig.load(configFile, System.getenv(), flags);
        PrintWriter out = spec.commandLine().getOut();

        try (Services services = new Services().withShutdownHook()) {
            long started = System.nanoTime();
            EmbeddedKafkaBroker broker = services.add(new EmbeddedKafkaBroker(fileAndEnv.dataDir(), fileAndEnv.getInt(RegistryConfig.KAFKA_PORT)));
            broker.start();
            out.printf("Kafka is up at %s (data in %s, %d ms)%n", broker.bootstrapServers(), broker.logDir(),
                    (System.nanoTime() - started) / 1_000_000);
            // Everything after this talks to the embedded broker, whatever the config said.
            flags.put(RegistryConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            RegistryConfig config = RegistryConfig.load(configFile, System.getenv(), flags);
            try (Admin admin = Admin.create(config.kafkaClientSettings())) {
                for (TopicProvisioner.Result r : new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(config.topics())) {
                    out.printf("  topic %-28s %-7s cleanup.policy=%s%n", r.topic(), r.outcome().name().toLowerCase(), r.cleanupPolicy());
                }
            }
            RegistrySerdes serdes = config.serdes();
            BundledCatalogs.Bundle bundle = BundledCatalogs.extract(config.dataDir());
            LiveSources live = LiveSources.open(config, bundle.presetsDir(), System.getenv(), serdes);
            out.printf("  topic %-28s %-7s cleanup.policy=compact%n", config.getString(RegistryConfig.TOPIC_SOURCES), "ready");
            services.add(live);
            var api = RegistryNode.start(config, services, out, live);
            if (!noBundled) {
                RegistryStateReader registry = new RegistryStateReader(config.kafkaClientSettings(), config.topics(),
                        config.getString(RegistryConfig.APPLICATION_ID), serdes.states());
                if (!noHistory) {
                    BundledHistory.abortUnfinished(config, serdes);
                    Map<String, ModelState> now = registry.read(Duration.ofMinutes(5));
                    Optional<Instant> newest = now.values().stream().map(ModelState::getUpdatedAt).max(Comparator.naturalOrder());
                    var days = BundledHistory.remaining(bundle.history(), newest);
                    BundledHistory.record(config, days, now, newest.isPresent(), serdes, System.getenv(), out);
                }
                // A source already polled live keeps its live copy: the bundled one is older.
                SyncStore store = new SyncStore(config.syncStoreDir(), serdes.specs());
                List<SyncRun.Source> bundled = bundle.current().stream().filter(s -> store.copyInfo(s.name())
                        .map(c -> c.origin() == null || !c.origin().startsWith("http")).orElse(true)).toList();
                out.println("Syncing the bundled presets and the newest catalog of each source"
                        + (bundled.size() < bundle.current().size() ? " not yet polled live" : "") + "...");
                out.flush();
                SyncJob.print(SyncJob.run(config, bundled, null, null, false, serdes, System.getenv()), config.topics().events(), out);
                // Answer queries with the bundled data from the first request on.
                registry.awaitCaughtUp(Duration.ofMinutes(5));
            }
            String base = "http://" + config.getString(RegistryConfig.HTTP_HOST) + ":" + api.port();
            out.printf("Ready. Open %s/ in a browser, or try: curl %s/v1/models/openrouter/openai/codex-mini   (more: %s/openapi.json)%n", base, base, base);
            out.printf("Kafka bootstrap servers: %s. Press Ctrl-C to stop.%n", broker.bootstrapServers());
            boolean poll = !noPoll && config.getBoolean(RegistryConfig.SYNC_POLL);
            out.printf("Catalog sources (%s/v1/sources)%s:%n", base, poll ? "" : ", not polled (--no-poll or sync.poll=false)");
            live.printBanner(out, poll);
            if (poll) {
                live.startPolling(System.getenv(), serdes, out);
            }
            out.flush();
            services.awaitStop();
            return 0;
        }
    }
}
