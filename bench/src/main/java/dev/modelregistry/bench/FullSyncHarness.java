package dev.modelregistry.bench;

import dev.modelregistry.app.broker.EmbeddedKafkaBroker;
import dev.modelregistry.app.sync.BundledCatalogs;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import dev.modelregistry.streams.runtime.StreamsSettings;
import dev.modelregistry.sync.fetch.CatalogFetcher;
import dev.modelregistry.sync.fetch.FetchSettings;
import dev.modelregistry.sync.plan.Grace;
import dev.modelregistry.sync.plan.SyncPlanner;
import dev.modelregistry.sync.publish.EventPublisher;
import dev.modelregistry.sync.publish.RegistryStateReader;
import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.sync.store.SyncStore;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A full sync of every bundled source (presets, LiteLLM, models.dev, OpenRouter, Codex) into an
 * empty registry, then the same sync again with nothing changed: wall time and events/s.
 */
public final class FullSyncHarness {

    public static void main(String[] args) throws Exception {
        RegistrySerdes serdes = new RegistrySerdes();
        Path dir = Files.createTempDirectory("bench-sync-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, port)) {
            broker.start();
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            RegistryTopics topics = RegistryTopics.defaults(3);
            try (Admin admin = Admin.create(client)) {
                List<NewTopic> create = new ArrayList<>();
                topics.definitions().forEach(d -> create.add(new NewTopic(d.name(), 3, (short) 1).configs(d.configs())));
                admin.createTopics(create).all().get();
            }
            StreamsSettings settings = new StreamsSettings(client, "bench-sync", dir.resolve("state"), 0, Duration.ofMillis(100),
                    "localhost:1", topics, Duration.ofDays(3650), null);
            List<SyncRun.Source> sources = BundledCatalogs.extract(dir);
            try (RegistryStreamsApp app = new RegistryStreamsApp(settings, serdes)) {
                app.start();
                app.awaitRunning(Duration.ofMinutes(2));
                System.out.println("| run | wall time | events | events/s |");
                System.out.println("|---|---|---|---|");
                for (String label : new String[] {"into an empty registry", "again, nothing changed"}) {
                    long start = System.nanoTime();
                    SyncRun.Report report;
                    try (CatalogFetcher fetcher = new CatalogFetcher(FetchSettings.defaults())) {
                        report = new SyncRun(new SyncRun.Settings(sources, new SyncPlanner.Settings(Grace.parse("3"), new BigDecimal("0.001")),
                                0.75, null, false, Duration.ofMinutes(5)), new SyncStore(dir.resolve("sync"), serdes.specs()),
                                new RegistryStateReader(client, topics, "bench-sync", serdes.states()),
                                new EventPublisher(client, topics.events(), serdes.events()), fetcher, Map.of(), Clock.systemUTC()).run();
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("| %s | %.2f s | %d | %.0f |%n", label, seconds, report.events().size(), report.events().size() / seconds);
                }
            }
        }
    }
}
