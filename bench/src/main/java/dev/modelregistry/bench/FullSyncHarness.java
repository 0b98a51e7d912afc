package dev.modelregistry.bench;

import dev.modelregistry.app.sync.BundledCatalogs;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import dev.modelregistry.streams.runtime.StreamsSettings;
import dev.modelregistry.sync.fetch.FetchSettings;
import dev.modelregistry.sync.plan.Grace;
import dev.modelregistry.sync.plan.SyncPlanner;
import dev.modelregistry.sync.run.SyncRun;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A full sync of every bundled source (presets, LiteLLM, models.dev, OpenRouter, Codex) into an
 * empty registry, then the same sync again with nothing changed: wall time and events/s.
 */
public final class FullSyncHarness {

    public static void main(String[] args) throws Exception {
        RegistrySerdes serdes = new RegistrySerdes();
        try (BenchBroker bench = new BenchBroker("bench-sync-")) {
            Path dir = bench.dir;
            Map<String, Object> client = bench.client();
            RegistryTopics topics = bench.topics;
            StreamsSettings settings = new StreamsSettings(client, "bench-sync", dir.resolve("state"), 0, Duration.ofMillis(100),
                    "localhost:1", topics, null);
            List<SyncRun.Source> sources = BundledCatalogs.extract(dir).current();
            try (RegistryStreamsApp app = new RegistryStreamsApp(settings, serdes)) {
                app.start();
                app.awaitRunning(Duration.ofMinutes(2));
                System.out.println("| run | wall time | events | events/s |");
                System.out.println("|---|---|---|---|");
                for (String label : new String[] {"into an empty registry", "again, nothing changed"}) {
                    long start = System.nanoTime();
                    SyncRun.Report report = SyncRun.execute(new SyncRun.Settings(sources,
                            new SyncPlanner.Settings(Grace.parse("3"), new BigDecimal("0.001")), 0.75, null, false, Duration.ofMinutes(5)),
                            dir.resolve("sync"), client, topics, "bench-sync", serdes, FetchSettings.defaults(), Map.of());
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("| %s | %.2f s | %d | %.0f |%n", label, seconds, report.events().size(), report.events().size() / seconds);
                }
            }
        }
    }
}
