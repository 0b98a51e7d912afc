package dev.modelregistry.sync.it;

import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.it.FoldOnKafkaIT;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import dev.modelregistry.sync.fetch.FetchSettings;
import dev.modelregistry.sync.plan.Grace;
import dev.modelregistry.sync.plan.SyncPlanner;
import dev.modelregistry.sync.publish.RegistryStateReader;
import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.testkit.KafkaBroker;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A registry (topics + a running streams app) and a sync store, for end-to-end sync tests. */
final class SyncHarness implements AutoCloseable {

    final KafkaBroker broker;
    final RegistrySerdes serdes = new RegistrySerdes();
    final RegistryTopics topics;
    final String appId;
    final RegistryStreamsApp app;
    final Path storeDir;

    SyncHarness(KafkaBroker broker) throws Exception {
        this.broker = broker;
        this.topics = FoldOnKafkaIT.topics(broker, 3);
        this.appId = broker.uniqueName("sync");
        this.app = new RegistryStreamsApp(FoldOnKafkaIT.settings(broker, topics, appId, "localhost:7401", 0), serdes);
        this.storeDir = Files.createTempDirectory("sync-store-");
        app.start();
        if (!app.awaitRunning(Duration.ofSeconds(60))) {
            throw new IllegalStateException("streams did not start");
        }
    }

    Map<String, Object> client() {
        return Map.of("bootstrap.servers", broker.bootstrapServers());
    }

    SyncRun.Report sync(List<SyncRun.Source> sources, Instant observedAt, Map<String, String> env) throws InterruptedException {
        return sync(sources, observedAt, env, FetchSettings.defaults());
    }

    SyncRun.Report sync(List<SyncRun.Source> sources, Instant observedAt, Map<String, String> env, FetchSettings fetch)
            throws InterruptedException {
        SyncRun.Settings settings = new SyncRun.Settings(sources, new SyncPlanner.Settings(Grace.parse("0"), BigDecimal.ZERO),
                0.75, observedAt, false, Duration.ofSeconds(120));
        return SyncRun.execute(settings, storeDir, client(), topics, appId, serdes, fetch, env);
    }

    RegistryStateReader stateReader() {
        return new RegistryStateReader(client(), topics, appId, serdes.states());
    }

    Map<String, ModelState> state() throws InterruptedException {
        return stateReader().read(Duration.ofSeconds(120));
    }

    @Override
    public void close() {
        app.close();
    }
}
