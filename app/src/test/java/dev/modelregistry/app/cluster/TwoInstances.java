package dev.modelregistry.app.cluster;

import dev.modelregistry.api.http.QueryApi;
import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.it.FoldOnKafkaIT;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import dev.modelregistry.sync.fetch.FetchSettings;
import dev.modelregistry.sync.plan.Grace;
import dev.modelregistry.sync.plan.SyncPlanner;
import dev.modelregistry.sync.publish.RegistryStateReader;
import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.testkit.KafkaBroker;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Two registry instances (streams + API) with one application id, over real sockets, and a way to sync data in. */
final class TwoInstances implements AutoCloseable {

    static final String TOKEN = "test-write-token";
    final KafkaBroker broker;
    final RegistrySerdes serdes = new RegistrySerdes();
    final RegistryTopics topics;
    final String appId;
    final RegistryStreamsApp streamsA;
    final RegistryStreamsApp streamsB;
    final QueryApi a;
    final QueryApi b;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path store;

    /** A response: status, the consistency token header, the body as JSON (or null) and as text, and which instance answered. */
    record Reply(int status, String token, String retryAfter, JsonNode json, String text, String answeredBy) {
    }

    TwoInstances(KafkaBroker broker) throws Exception {
        this.broker = broker;
        this.topics = FoldOnKafkaIT.topics(broker, 3);
        this.appId = broker.uniqueName("api");
        this.store = Files.createTempDirectory("api-sync-");
        int portA = freePort();
        int portB = freePort();
        streamsA = new RegistryStreamsApp(FoldOnKafkaIT.settings(broker, topics, appId, "localhost:" + portA, 0), serdes);
        streamsB = new RegistryStreamsApp(FoldOnKafkaIT.settings(broker, topics, appId, "localhost:" + portB, 0), serdes);
        streamsA.start();
        streamsB.start();
        Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
        a = new QueryApi(new QueryApi.Settings("localhost", portA, TOKEN, Duration.ofSeconds(5), Duration.ofMillis(800)), streamsA, serdes, client, topics);
        b = new QueryApi(new QueryApi.Settings("localhost", portB, null, Duration.ofSeconds(5), Duration.ofMillis(800)), streamsB, serdes, client, topics);
        a.start();
        b.start();
        if (!streamsA.awaitRunning(Duration.ofSeconds(60)) || !streamsB.awaitRunning(Duration.ofSeconds(60))) {
            throw new IllegalStateException("streams did not start");
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Path catalog(String name) {
        return Path.of(System.getProperty("testdata.dir"), "catalogs", name);
    }

    static Path presets() {
        return Path.of(System.getProperty("testdata.dir"), "..", "presets");
    }

    /** Syncs, then waits until both instances have folded it. */
    SyncRun.Report sync(Instant observedAt, SyncRun.Source... sources) throws Exception {
        Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
        RegistryStateReader reader = new RegistryStateReader(client, topics, appId, serdes.states());
        SyncRun.Report report = SyncRun.execute(new SyncRun.Settings(List.of(sources),
                new SyncPlanner.Settings(Grace.parse("3"), new BigDecimal("0.001")), 0.75, observedAt, false, Duration.ofSeconds(120)),
                store, client, topics, appId, serdes, FetchSettings.defaults(), Map.of());
        reader.awaitCaughtUp(Duration.ofSeconds(120));
        return report;
    }

    static SyncRun.Source source(SourceName name, Path location) {
        return new SyncRun.Source(name, location.toString());
    }

    Reply get(QueryApi api, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return reply(http.send(r.build(), HttpResponse.BodyHandlers.ofString()));
    }

    Reply post(QueryApi api, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return reply(http.send(r.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Reply reply(HttpResponse<String> r) {
        JsonNode json = null;
        try {
            json = SpecJson.MAPPER.readTree(r.body());
        } catch (Exception e) {
            // not JSON (metrics, SSE)
        }
        return new Reply(r.statusCode(), r.headers().firstValue("X-Consistency-Token").orElse(null),
                r.headers().firstValue("Retry-After").orElse(null), json, r.body(), r.headers().firstValue("X-Registry-Answered-By").orElse(null));
    }

    @Override
    public void close() {
        a.close();
        b.close();
        streamsA.close();
        streamsB.close();
    }
}
