package dev.modelregistry.app.seeds;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.api.http.QueryApi;
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
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
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
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One registry (streams + API on a real socket, real broker) with the repo's presets and real
 * catalogs synced in at their dates, shared by the seed acceptance tests of one test JVM:
 * presets (2025-03-01), LiteLLM 2025-04-01, Codex 2025-12-17, OpenRouter 2026-05-15,
 * Codex 2026-07-09 and LiteLLM 2026-07-24, grace 0.
 */
public final class SeededRegistry implements ParameterResolver {

    static final String TOKEN = "seed-token";
    static final Instant PRESETS_AT = Instant.parse("2025-03-01T00:00:00Z");

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Registry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        KafkaBroker broker = (KafkaBroker) new EmbeddedKafkaExtension().resolveParameter(p, c);
        return c.getRoot().getStore(ExtensionContext.Namespace.create(SeededRegistry.class))
                .getOrComputeIfAbsent(Registry.class, k -> Registry.start(broker), Registry.class);
    }

    /** The running registry. */
    public static final class Registry implements ExtensionContext.Store.CloseableResource {
        final KafkaBroker broker;
        final RegistryTopics topics;
        final String appId;
        final RegistryStreamsApp streams;
        final QueryApi api;
        final RegistrySerdes serdes = new RegistrySerdes();
        final Path store;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        private Registry(KafkaBroker broker) throws Exception {
            this.broker = broker;
            this.topics = FoldOnKafkaIT.topics(broker, 3);
            this.appId = broker.uniqueName("seeds");
            this.store = Files.createTempDirectory("seed-sync-");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            streams = new RegistryStreamsApp(FoldOnKafkaIT.settings(broker, topics, appId, "localhost:" + port, 0), serdes);
            streams.start();
            api = new QueryApi(new QueryApi.Settings("localhost", port, TOKEN, Duration.ofSeconds(5), Duration.ofSeconds(5)), streams, serdes,
                    Map.of("bootstrap.servers", broker.bootstrapServers()), topics);
            api.start();
            streams.awaitRunning(Duration.ofSeconds(60));
        }

        /** @return the brokers the registry runs on */
        public String bootstrapServers() {
            return broker.bootstrapServers();
        }

        /** @return the registry's topics */
        public RegistryTopics topics() {
            return topics;
        }

        /** @return the registry's Kafka Streams application id */
        public String applicationId() {
            return appId;
        }

        /** @return the query API's base URL */
        public String baseUrl() {
            return "http://localhost:" + api.port();
        }

        static Registry start(KafkaBroker broker) {
            try {
                Registry r = new Registry(broker);
                r.sync(PRESETS_AT, new SyncRun.Source(SourceName.PRESETS, presets().toString()));
                r.sync(Instant.parse("2025-04-01T00:00:00Z"), catalog(SourceName.LITELLM, "litellm_model_prices_2025-04-01_a8c1324f.json.gz"));
                r.sync(Instant.parse("2025-12-17T00:00:00Z"), catalog(SourceName.CODEX, "codex_models_2025-12-17_927a6acbe.json.gz"));
                r.sync(Instant.parse("2026-05-15T00:00:00Z"), catalog(SourceName.OPENROUTER, "openrouter_api_v1_models_2026-05-15_c2c5cc8f.json.gz"));
                r.sync(Instant.parse("2026-07-09T00:00:00Z"), catalog(SourceName.CODEX, "codex_models_2026-07-09_3380969a2.json.gz"));
                r.sync(Instant.parse("2026-07-24T00:00:00Z"), catalog(SourceName.LITELLM, "litellm_model_prices_2026-07-24_8442b939.json.gz"));
                return r;
            } catch (Exception e) {
                throw new IllegalStateException("cannot seed the registry", e);
            }
        }

        static Path presets() {
            return Path.of(System.getProperty("testdata.dir"), "..", "presets");
        }

        static SyncRun.Source catalog(SourceName name, String file) {
            return new SyncRun.Source(name, Path.of(System.getProperty("testdata.dir"), "catalogs", file).toString());
        }

        SyncRun.Report sync(Instant at, SyncRun.Source... sources) throws Exception {
            return sync(at, Map.of(), sources);
        }

        SyncRun.Report sync(Instant at, Map<String, String> env, SyncRun.Source... sources) throws Exception {
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            RegistryStateReader reader = new RegistryStateReader(client, topics, appId, serdes.states());
            SyncRun.Report report = SyncRun.execute(new SyncRun.Settings(List.of(sources),
                    new SyncPlanner.Settings(Grace.parse("0"), new BigDecimal("0.001")), 0.75, at, false, Duration.ofSeconds(120)),
                    store, client, topics, appId, serdes, new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 1,
                            Duration.ofMillis(10), 64L << 20), env);
            reader.awaitCaughtUp(Duration.ofSeconds(120));
            return report;
        }

        /** GET, expecting JSON; returns status and body. */
        public Reply get(String pathAndQuery) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + pathAndQuery))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), SpecJson.MAPPER.readTree(r.body()));
        }

        /** GET, expecting 200; returns the body's bytes as sent (JSON or XML). */
        byte[] bytes(String pathAndQuery) throws Exception {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + pathAndQuery))
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new AssertionError(pathAndQuery + " -> " + r.statusCode());
            }
            return r.body();
        }

        JsonNode json(String pathAndQuery) throws Exception {
            Reply r = get(pathAndQuery);
            if (r.status() != 200) {
                throw new AssertionError(pathAndQuery + " -> " + r.status() + " " + r.body());
            }
            return r.body();
        }

        /** POST with the write token; returns status and JSON body. */
        public Reply post(String path, String body) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), SpecJson.MAPPER.readTree(r.body()));
        }

        @Override
        public void close() {
            api.close();
            streams.close();
        }
    }

    /** A response. */
    public record Reply(int status, JsonNode body) {
    }
}
