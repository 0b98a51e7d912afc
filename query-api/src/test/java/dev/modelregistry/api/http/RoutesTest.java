package dev.modelregistry.api.http;

import static dev.modelregistry.streams.fold.Events.added;
import static dev.modelregistry.streams.fold.Events.changed;
import static dev.modelregistry.streams.fold.Events.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.api.cache.AnswerCache;
import dev.modelregistry.api.http.routes.AdviceRoutes;
import dev.modelregistry.api.http.routes.CatalogRoutes;
import dev.modelregistry.api.http.routes.ExportRoutes;
import dev.modelregistry.api.http.routes.HistoryRoutes;
import dev.modelregistry.api.http.routes.ModelRoutes;
import dev.modelregistry.api.http.routes.OperationsRoutes;
import dev.modelregistry.api.http.routes.SchemaRoutes;
import dev.modelregistry.api.http.routes.SourceRoutes;
import dev.modelregistry.api.http.routes.UiRoutes;
import dev.modelregistry.api.http.routes.WriteRoutes;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.api.ollama.OllamaDetails;
import dev.modelregistry.api.write.ModelWriter;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routes over real sockets, with the cluster replaced by events folded in memory: every GET
 * route honours {@code min_position} and answers with the token of its read; parameters and
 * unknown names get JSON errors.
 */
class RoutesTest {

    private static final InMemoryCluster CLUSTER = new InMemoryCluster();
    private static final AnswerCache CACHE = new AnswerCache();
    private static final List<ModelEvent> WRITES = new ArrayList<>();
    private static ApiServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One concrete request per GET route that reads the registry. */
    static final Map<String, String> READ_ROUTES = new LinkedHashMap<>();

    static {
        READ_ROUTES.put("/v1/models", "/v1/models?provider=openai");
        READ_ROUTES.put("/v1/models/{id}", "/v1/models/openai/gpt-4o");
        READ_ROUTES.put("/v1/models/{id}/history", "/v1/models/openai/gpt-4o/history");
        READ_ROUTES.put("/v1/models/{id}/diff", "/v1/models/openai/gpt-4o/diff?from=1");
        READ_ROUTES.put("/v1/models/{id}/offerings", "/v1/models/openai/gpt-4o/offerings");
        READ_ROUTES.put("/v1/models/{id}/params", "/v1/models/openai/gpt-4o/params");
        READ_ROUTES.put("/v1/providers", "/v1/providers");
        READ_ROUTES.put("/v1/providers/{provider}", "/v1/providers/openai");
        READ_ROUTES.put("/v1/stats", "/v1/stats");
        READ_ROUTES.put("/v1/compare", "/v1/compare?ids=openai/gpt-4o,anthropic/claude-x");
        READ_ROUTES.put("/v1/cost", "/v1/cost?model=openai/gpt-4o&input_tokens=1000&at=2026-03-01T00:00:00Z");
        READ_ROUTES.put("/v1/codex/models", "/v1/codex/models?auth=api_key");
        READ_ROUTES.put("/v1/ollama/models/{name}", "/v1/ollama/models/llama3");
        READ_ROUTES.put("/v1/export/litellm", "/v1/export/litellm");
        READ_ROUTES.put("/v1/export/models.dev", "/v1/export/models.dev");
        READ_ROUTES.put("/v1/export/openrouter", "/v1/export/openrouter?as_of=2026-03-01T00:00:00Z");
    }

    /** GET routes that read no model: operations. */
    static final List<String> OPERATIONS = List.of("/health/live", "/health/ready", "/metrics", "/openapi.json", "/v1/sources",
            "/v1/schemas", "/v1/schemas/{fingerprint}", "/asyncapi.json");

    /** GET routes of the web UI: its page and its script and style. */
    static final List<String> UI = List.of("/", "/ui/{asset}");

    static final java.time.Instant NOW = java.time.Instant.parse("2026-11-23T12:00:00Z");
    /** A live source read an hour ago and one failing on its months-old bundled copy, as the poller publishes them. */
    static final List<dev.modelregistry.catalogs.source.SourceStatus> SOURCES = List.of(
            new dev.modelregistry.catalogs.source.SourceStatus("litellm", "https://example.test/prices.json", Duration.ofHours(1), null, "live",
                    NOW.minusSeconds(3600), NOW.minusSeconds(3601), NOW.minusSeconds(3600), "ok", null, 0, 2962, 1, 2, 0,
                    NOW.plusSeconds(60), "10.0.0.1:8080"),
            new dev.modelregistry.catalogs.source.SourceStatus("modelsdev", "https://example.test/api.json", Duration.ofHours(1), null, "bundled",
                    java.time.Instant.parse("2026-07-02T00:00:00Z"), NOW.minusSeconds(30), null, "failed", "HTTP 503 from https://example.test/api.json",
                    3, 5276, 0, 0, 0, NOW.plusSeconds(240), "10.0.0.1:8080"),
            new dev.modelregistry.catalogs.source.SourceStatus("openai", null, null, "needs an API key: set OPENAI_API_KEY", "none",
                    null, null, null, null, null, 0, -1, 0, 0, 0, null, "10.0.0.1:8080"));

    @BeforeAll
    static void start() {
        ModelSpec gpt4o = spec("openai/gpt-4o", 128_000, "5");
        ModelSpec cheaper = spec("openai/gpt-4o", 128_000, "2.5");
        ModelSpec claude = spec("anthropic/claude-x", 200_000, "3");
        claude.setAliases(List.of("claude-latest"));
        CLUSTER.given(added(gpt4o, "2026-01-01T00:00:00Z"), added(claude, "2026-01-02T00:00:00Z"),
                added(spec("ollama/llama3", 8192, null), "2026-01-03T00:00:00Z"), changed(cheaper, 1, "2026-06-01T00:00:00Z"));
        ModelWriter writer = new ModelWriter() {
            @Override
            public Written register(ModelSpec s, ModelState current) {
                return written(ModelEvent.newBuilder(added(s, "2026-07-01T00:00:00Z")).setExpectedVersion(current == null ? 0 : current.getVersion()).build());
            }

            @Override
            public Written deprecate(ModelState current, String replacement, String retirementDate, String note) {
                return written(dev.modelregistry.streams.fold.Events.deprecated(current.getSpec(), current.getVersion(), "2026-07-01T00:00:00Z"));
            }

            private Written written(ModelEvent e) {
                WRITES.add(e);
                return new Written(e, new ConsistencyToken(InMemoryCluster.TOPIC, Map.of(0, 100L + WRITES.size())));
            }
        };
        CLUSTER.listener = dev.modelregistry.streams.topology.FoldListener.of(CACHE::changed, CACHE::reset);
        server = new ApiServer("localhost", 0, "memory:0", List.of(new ModelRoutes(CLUSTER, CACHE), new HistoryRoutes(CLUSTER, CACHE), new CatalogRoutes(CLUSTER), new ExportRoutes(CLUSTER, CACHE),
                new AdviceRoutes(CLUSTER, new OllamaDetails(null, Duration.ofSeconds(1))), new WriteRoutes(CLUSTER, writer, "secret"),
                new SourceRoutes(() -> SOURCES, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC)),
                new OperationsRoutes(Optional::empty, () -> "# no metrics\n", () -> SOURCES, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC)),
                new SchemaRoutes(dev.modelregistry.schemas.topics.RegistryTopics.defaults(1)),
                new UiRoutes()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Reply(int status, JsonNode json, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    static Reply get(String path, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> resp = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = resp.headers().firstValue("Content-Type").orElse("").startsWith("application/json") ? SpecJson.MAPPER.readTree(resp.body()) : null;
        return new Reply(resp.statusCode(), json, resp);
    }

    static Reply post(String path, String body, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> resp = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(resp.statusCode(), SpecJson.MAPPER.readTree(resp.body()), resp);
    }

    private static String with(String path, String param) {
        return path + (path.contains("?") ? "&" : "?") + param;
    }

    @Test
    void theTableCoversEveryGetRoute() {
        TreeSet<String> served = new TreeSet<>();
        server.routes().stream().filter(r -> r.method().equals("GET")).forEach(r -> served.add(r.path()));
        TreeSet<String> tabled = new TreeSet<>(READ_ROUTES.keySet());
        tabled.addAll(OPERATIONS);
        tabled.addAll(UI);
        assertThat(tabled).isEqualTo(served);
    }

    @Test
    void everyReleasedSchemaIsServedByTheFingerprintItsRecordsCarry() throws Exception {
        Reply list = get("/v1/schemas");
        assertThat(list.status()).isEqualTo(200);
        dev.modelregistry.schemas.encoding.RegistrySerdes serdes = new dev.modelregistry.schemas.encoding.RegistrySerdes();
        byte[] record = serdes.states().encode(dev.modelregistry.schemas.SampleRecords.fullState("openai/gpt-4o"));
        String carried = java.util.HexFormat.of().formatHex(record, 2, 10);
        JsonNode entry = null;
        for (JsonNode s : list.json().get("schemas")) {
            if (s.get("fingerprint").asText().equals(carried)) {
                entry = s;
            }
        }
        assertThat(entry).as("the fingerprint a state record carries is listed").isNotNull();
        assertThat(entry.get("record").asText()).isEqualTo("dev.modelregistry.schemas.ModelState");
        assertThat(entry.get("current").asBoolean()).isTrue();
        assertThat(entry.get("topic").asText()).isEqualTo("model-registry.state.v1");
        assertThat(list.json().get("schemas")).hasSize(dev.modelregistry.schemas.encoding.ReleasedSchemas.load().all().size());

        // a consumer that knows nothing of the registry decodes the record with the schema it fetched
        Reply schema = get(entry.get("url").asText());
        assertThat(schema.status()).isEqualTo(200);
        org.apache.avro.Schema writer = new org.apache.avro.Schema.Parser().parse(schema.raw().body());
        org.apache.avro.generic.GenericRecord decoded = new org.apache.avro.generic.GenericDatumReader<org.apache.avro.generic.GenericRecord>(writer)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(record, 10, record.length - 10, null));
        assertThat(decoded.get("modelId").toString()).isEqualTo("openai/gpt-4o");

        assertThat(get("/v1/schemas/0000000000000000").status()).isEqualTo(404);
        Reply bad = get("/v1/schemas/xyz");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText()).contains("16 hex digits");
    }

    @Test
    void theWebUiIsServedFromTheJarWithItsOwnOriginOnly() throws Exception {
        Reply page = get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'").doesNotContain("unsafe");
        assertThat(page.raw().body()).contains("<script type=\"module\" src=\"/ui/app.js\">").contains("href=\"/ui/app.css\"");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
        Reply again = get("/", "If-None-Match", page.header("ETag"));
        assertThat(again.status()).as("revalidated, not sent again").isEqualTo(304);

        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of("src", "main", "resources", "ui"))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("every UI file is served").containsExactlyInAnyOrderElementsOf(UiRoutes.ASSETS.keySet());
        }
        for (String asset : List.of("app.js", "app.css")) {
            Reply r = get("/ui/" + asset, "Accept-Encoding", "gzip");
            assertThat(r.status()).as(asset).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith(asset.endsWith(".js") ? "text/javascript" : "text/css");
            assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
            String body = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src", "main", "resources", "ui", asset)), StandardCharsets.UTF_8);
            // no CDN, no font or script from elsewhere: the only URL is the SVG namespace name
            assertThat(body.replace("http://www.w3.org/2000/svg", "")).as(asset).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
        }
        Reply missing = get("/ui/nope.js");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("message").asText()).contains("nope.js");
        assertThat(get("/ui/index.html").status()).as("the page has one address").isEqualTo(404);
    }

    @Test
    void everyReadRouteHonoursMinPositionAndAnswersWithTheTokenOfItsRead() throws Exception {
        ConsistencyToken reached = CLUSTER.position();
        ConsistencyToken ahead = new ConsistencyToken(InMemoryCluster.TOPIC, Map.of(0, reached.offsets().get(0) + 1));
        for (Map.Entry<String, String> route : READ_ROUTES.entrySet()) {
            String path = route.getValue();
            Reply plain = get(path);
            assertThat(plain.status()).as(route.getKey()).isEqualTo(200);
            assertThat(plain.header(Replies.TOKEN_HEADER)).as(route.getKey() + " token").isEqualTo(reached.encode());

            CLUSTER.boundsSeen.clear();
            Reply atReached = get(with(path, "min_position=" + URLEncoder.encode(reached.encode(), StandardCharsets.UTF_8)));
            assertThat(atReached.status()).as(route.getKey() + " at a reached position").isEqualTo(200);
            assertThat(CLUSTER.boundsSeen).as(route.getKey() + " passes its bound to every read").isNotEmpty().allMatch(reached::equals);

            Reply beyond = get(with(path, "min_position=" + URLEncoder.encode(ahead.encode(), StandardCharsets.UTF_8)));
            assertThat(beyond.status()).as(route.getKey() + " beyond the store").isEqualTo(503);
            assertThat(beyond.json().get("code").asText()).as(route.getKey()).isEqualTo("not_caught_up");
            assertThat(beyond.header("Retry-After")).as(route.getKey()).isEqualTo("1");

            Reply byHeader = get(path, RequestParams.MIN_POSITION_HEADER, ahead.encode());
            assertThat(byHeader.status()).as(route.getKey() + " bound given as a header").isEqualTo(503);
        }
    }

    @Test
    void sourcesTellEachCatalogsFreshnessAndTheReadyAnswerItsStaleness() throws Exception {
        Reply r = get("/v1/sources");
        assertThat(r.status()).isEqualTo(200);
        JsonNode litellm = r.json().get("sources").get(0);
        assertThat(litellm.get("source").asText()).isEqualTo("litellm");
        assertThat(litellm.get("catalog_age_seconds").asLong()).isEqualTo(3600);
        assertThat(litellm.get("interval_seconds").asLong()).isEqualTo(3600);
        assertThat(litellm.get("last_sync_events").toString()).isEqualTo("{\"added\":1,\"changed\":2,\"deprecated\":0}");
        assertThat(litellm.get("stale").asBoolean()).as("an hour old at a 1 h interval is on time").isFalse();
        JsonNode modelsdev = r.json().get("sources").get(1);
        assertThat(modelsdev.get("stale").asBoolean()).as("failing, on a bundled copy months old").isTrue();
        assertThat(modelsdev.get("last_success").isNull()).isTrue();
        assertThat(modelsdev.get("consecutive_failures").asInt()).isEqualTo(3);
        JsonNode openai = r.json().get("sources").get(2);
        assertThat(openai.get("polled").asBoolean()).isFalse();
        assertThat(openai.get("not_polled_because").asText()).contains("OPENAI_API_KEY");
        assertThat(openai.get("models").isNull()).as("no copy: unknown, not zero").isTrue();
        assertThat(openai.get("stale").asBoolean()).isFalse();

        Reply ready = get("/health/ready");
        assertThat(ready.status()).as("a failing source leaves the instance ready").isEqualTo(200);
        assertThat(ready.json().at("/sources/modelsdev/stale").asBoolean()).isTrue();
        assertThat(ready.json().at("/sources/litellm/stale").asBoolean()).isFalse();
    }

    @Test
    void exportsAnswerFromMemoryWithAnEtagA304AndCacheControl() throws Exception {
        Reply first = get("/v1/export/litellm");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("gpt-4o").get("input_cost_per_token").decimalValue().compareTo(new java.math.BigDecimal("0.0000025")))
                .as("the current price, per token").isZero();
        assertThat(first.header("Cache-Control")).isEqualTo("public, max-age=60");
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();
        Reply again = get("/v1/export/litellm", "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        Reply then = get("/v1/export/litellm?as_of=2026-03-01T00:00:00Z");
        assertThat(then.json().get("gpt-4o").get("input_cost_per_token").decimalValue().compareTo(new java.math.BigDecimal("0.000005")))
                .as("the price valid then").isZero();
        assertThat(then.header("Cache-Control")).isEqualTo("public, max-age=3600");
        assertThat(get("/v1/export/openrouter").json().get("data")).as("only models OpenRouter offers").isEmpty();
        assertThat(get("/v1/export/models.dev").json().at("/openai/models/gpt-4o/cost/input").decimalValue().compareTo(new java.math.BigDecimal("2.5")))
                .isZero();
        assertThat(get("/v1/export/litellm?as_of=yesterday").status()).isEqualTo(400);
    }

    @Test
    void pagesOnAnAllowedOriginMayReadButNotWriteAndOthersGetNoCorsHeaders() throws Exception {
        try (ApiServer cors = new ApiServer("localhost", 0, null, List.of(new ExportRoutes(CLUSTER, null), new WriteRoutes(CLUSTER, null, "secret")),
                new Cors(List.of("https://tools.example")))) {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            String url = "http://localhost:" + cors.port() + "/v1/export/litellm";
            HttpResponse<String> read = client.send(HttpRequest.newBuilder(URI.create(url)).header("Origin", "https://tools.example").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).contains("https://tools.example");
            assertThat(read.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("ETag").contains("X-Consistency-Token");

            HttpResponse<String> preflight = client.send(HttpRequest.newBuilder(URI.create(url)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://tools.example").header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "if-none-match").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).contains("GET, HEAD");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()).contains("If-None-Match");

            HttpResponse<String> elsewhere = client.send(HttpRequest.newBuilder(URI.create(url)).header("Origin", "https://evil.example").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(elsewhere.headers().firstValue("Access-Control-Allow-Origin")).as("an origin not listed").isEmpty();

            HttpResponse<String> write = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + cors.port() + "/v1/models"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://tools.example")
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(write.headers().firstValue("Access-Control-Allow-Origin")).as("writes are not offered across origins").isEmpty();
        }
    }

    @Test
    void aBadMinPositionIsA400() throws Exception {
        Reply r = get("/v1/models/openai/gpt-4o?min_position=nonsense");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).startsWith("min_position:");
    }

    @Test
    void anAliasAnswersForItsModelAndSaysSo() throws Exception {
        Reply r = get("/v1/models/claude-latest");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo("anthropic/claude-x");
        assertThat(r.json().get("resolvedFrom").asText()).isEqualTo("claude-latest");
        assertThat(r.header(Replies.ANSWERED_BY)).isEqualTo("memory:0");
    }

    @Test
    void unknownNamesVersionsAndTimesAre404WithWhatWasAsked() throws Exception {
        assertThat(get("/v1/models/openai/nope").json().get("message").asText()).isEqualTo("unknown model 'openai/nope'");
        assertThat(get("/v1/models/openai/gpt-4o?version=9").json().get("message").asText()).isEqualTo("openai/gpt-4o has no version 9");
        assertThat(get("/v1/models/openai/gpt-4o?as_of=2025-01-01T00:00:00Z").status()).isEqualTo(404);
        assertThat(get("/v1/cost?model=openai/gpt-4o&at=2025-01-01T00:00:00Z").json().get("message").asText())
                .isEqualTo("openai/gpt-4o did not exist at 2025-01-01T00:00:00Z");
        assertThat(get("/v1/models/openai/gpt-4o/diff?from=7").status()).isEqualTo(404);
        assertThat(get("/v1/providers/nobody").status()).isEqualTo(404);
    }

    @Test
    void aLargeUsageLogIsPricedInOneRequestAndTooManyLinesAreRefusedWithTheLimit() throws Exception {
        String line = "{\"model\":\"openai/gpt-4o\",\"at\":\"2026-03-01T00:00:00Z\",\"input_tokens\":1000}";
        String big = "[" + String.join(",", java.util.Collections.nCopies(20_000, line)) + "]";
        assertThat(big.length()).as("more than Javalin's default 1 MB").isGreaterThan(1_000_000);
        Reply priced = post("/v1/cost", big, null);
        assertThat(priced.status()).as(String.valueOf(priced.json())).isEqualTo(200);
        assertThat(priced.json().get("lines").asInt()).isEqualTo(20_000);
        assertThat(priced.json().get("models").get(0).get("versions").toString()).isEqualTo("[1]");
        // version 1 of the test's gpt-4o costs 5 per million input tokens (see historyDiffAndCost...)
        assertThat(new java.math.BigDecimal(priced.json().get("totals").get("USD").asText())).isEqualByComparingTo("100");

        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(50_001, "{\"model\":\"openai/gpt-4o\"}")) + "]";
        Reply refused = post("/v1/cost", tooMany, null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("message").asText()).isEqualTo("at most 50000 lines per request, got 50001; send the log in parts");
    }

    @Test
    void historyDiffAndCostReadThePastFromOneHistory() throws Exception {
        JsonNode history = get("/v1/models/openai/gpt-4o/history").json();
        assertThat(history.get("items")).hasSize(2);
        JsonNode diff = get("/v1/models/openai/gpt-4o/diff?from=2026-02-01T00:00:00Z&to=2").json();
        assertThat(diff.get("from").get("version").asLong()).isEqualTo(1);
        assertThat(diff.get("to").get("version").asLong()).isEqualTo(2);
        assertThat(diff.get("changes").toString()).contains("pricing.inputPerMillion");
        JsonNode then = get("/v1/cost?model=openai/gpt-4o&input_tokens=1000000&at=2026-03-01T00:00:00Z").json();
        assertThat(then.get("version").asLong()).isEqualTo(1);
        assertThat(then.get("total").asText()).isEqualTo("5");
    }

    @Test
    void aModelIsServedFromMemoryWithItsETagUntilTheFoldChangesIt() throws Exception {
        CLUSTER.given(added(spec("test/cached", 1000, "1"), "2026-02-01T00:00:00Z"));
        Reply first = get("/v1/models/test/cached");
        assertThat(first.status()).isEqualTo(200);
        String etag = first.header("ETag");
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(CACHE.get("test/cached", AnswerCache.CURRENT)).as("the answer was kept").isNotNull();

        Reply again = get("/v1/models/test/cached");
        assertThat(again.raw().body()).isEqualTo(first.raw().body());
        assertThat(again.header("ETag")).isEqualTo(etag);
        assertThat(again.header("X-Consistency-Token")).isEqualTo(first.header("X-Consistency-Token"));

        assertThat(get("/v1/models/test/cached", "If-None-Match", etag).status()).isEqualTo(304);
        assertThat(get("/v1/models/test/cached", "If-None-Match", "\"other\", " + etag).status()).isEqualTo(304);
        assertThat(get("/v1/models/test/cached", "If-None-Match", "\"other\"").status()).isEqualTo(200);

        HttpResponse<byte[]> zipped = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/v1/models/test/cached"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(first.raw().body());
        }

        assertThat(get("/v1/models/test/cached/history").json().get("items")).hasSize(1);
        assertThat(get("/v1/models/test/cached?as_of=2026-03-01T00:00:00Z").json().get("version").asLong()).isEqualTo(1);
        assertThat(CACHE.size()).as("current, history page and as-of views of test/cached, at least").isGreaterThanOrEqualTo(3);

        CLUSTER.given(changed(spec("test/cached", 2000, "1"), 1, "2026-02-02T00:00:00Z"));
        assertThat(get("/v1/models/test/cached/history").json().get("items")).as("the history view was dropped too").hasSize(2);
        assertThat(get("/v1/models/test/cached?as_of=2026-03-01T00:00:00Z").json().get("version").asLong()).isEqualTo(2);
        assertThat(CACHE.get("test/cached", AnswerCache.CURRENT)).as("the fold's change dropped it").isNull();
        Reply changed = get("/v1/models/test/cached");
        assertThat(changed.json().get("version").asLong()).isEqualTo(2);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        assertThat(get("/v1/models/test/cached", "If-None-Match", etag).status()).isEqualTo(200);
    }

    @Test
    void aListAnswerIsServedFromMemoryUntilTheFoldChangesAModel() throws Exception {
        Reply first = get("/v1/models?provider=listcache");
        assertThat(first.json().get("total").asInt()).isZero();
        assertThat(CACHE.page("provider=listcache")).isNotNull();
        assertThat(get("/v1/models?provider=listcache", "If-None-Match", first.header("ETag")).status()).isEqualTo(304);
        CLUSTER.given(added(spec("listcache/m1", 1000, "1"), "2026-02-01T00:00:00Z"));
        Reply after = get("/v1/models?provider=listcache");
        assertThat(after.json().get("total").asInt()).isEqualTo(1);
        assertThat(after.header("X-Consistency-Token")).isNotEqualTo(first.header("X-Consistency-Token"));
    }

    @Test
    void historyPagesFollowTheirCursorsToTheEnd() throws Exception {
        JsonNode first = get("/v1/models/openai/gpt-4o/history?limit=1").json();
        assertThat(first.get("id").asText()).isEqualTo("openai/gpt-4o");
        assertThat(first.get("items")).hasSize(1);
        assertThat(first.get("items").get(0).get("version").asLong()).isEqualTo(1);
        assertThat(first.get("next_cursor").asText()).isEqualTo("v2");
        JsonNode second = get("/v1/models/openai/gpt-4o/history?limit=1&cursor=v2").json();
        assertThat(second.get("items").get(0).get("version").asLong()).isEqualTo(2);
        assertThat(second.get("next_cursor").isNull()).isTrue();
        JsonNode past = get("/v1/models/openai/gpt-4o/history?cursor=v9").json();
        assertThat(past.get("id").asText()).isEqualTo("openai/gpt-4o");
        assertThat(past.get("items")).isEmpty();
        assertThat(get("/v1/models/nobody/nothing/history?cursor=v9").status()).isEqualTo(404);
        JsonNode inTime = get("/v1/models/openai/gpt-4o/history?from=2026-01-01T00:00:00Z&limit=1").json();
        assertThat(inTime.get("items").get(0).get("version").asLong()).isEqualTo(1);
        assertThat(inTime.get("next_cursor").asText()).isEqualTo("v2");
    }

    @Test
    void badParametersAre400sThatNameTheParameter() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/v1/models?limit=0", "limit");
        cases.put("/v1/models?limit=5000", "limit");
        cases.put("/v1/models?status=gone", "status");
        cases.put("/v1/models?conflicting=maybe", "conflicting");
        cases.put("/v1/models?sort=bogus", "sort");
        cases.put("/v1/models?min_context=-1", "min_context");
        cases.put("/v1/models?max_input_price=cheap", "max_input_price");
        cases.put("/v1/models?cursor=nonsense", "cursor");
        cases.put("/v1/models/openai/gpt-4o?as_of=yesterday", "as_of");
        cases.put("/v1/models/openai/gpt-4o?as_of=2026-01-01T00:00:00Z&version=1", "as_of or version");
        cases.put("/v1/models/openai/gpt-4o/history?cursor=x", "cursor");
        cases.put("/v1/models/openai/gpt-4o/diff", "from");
        cases.put("/v1/models/openai/gpt-4o/params?temperature=hot", "temperature");
        cases.put("/v1/models/openai/gpt-4o/params?temperature=3", "temperature");
        cases.put("/v1/cost", "model");
        cases.put("/v1/cost?model=openai/gpt-4o&input_tokens=-1", "input_tokens");
        cases.put("/v1/compare", "ids");
        cases.put("/v1/codex/models", "auth");
        cases.put("/v1/codex/models?auth=api_key&remote_models=yes", "remote_models");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Reply r = get(c.getKey());
            assertThat(r.status()).as(c.getKey()).isEqualTo(400);
            assertThat(r.json().get("code").asText()).as(c.getKey()).isEqualTo("bad_request");
            assertThat(r.json().get("message").asText()).as(c.getKey()).contains(c.getValue());
        }
    }

    @Test
    void writesNeedTheTokenAndReadTheCurrentStateAtTheGivenBound() throws Exception {
        assertThat(post("/v1/models", "{\"id\":\"acme/new\"}", null).status()).isEqualTo(401);
        assertThat(post("/v1/models", "{\"id\":\"acme/new\"}", "wrong").status()).isEqualTo(403);
        assertThat(post("/v1/models", "not json", "secret").status()).isEqualTo(400);
        Reply created = post("/v1/models", "{\"id\":\"acme/new\",\"context_window\":1000}", "secret");
        assertThat(created.status()).isEqualTo(202);
        assertThat(created.header(Replies.TOKEN_HEADER)).isEqualTo(created.json().get("consistencyToken").asText());
        assertThat(created.json().get("expectedVersion").asLong()).isZero();

        ConsistencyToken ahead = new ConsistencyToken(InMemoryCluster.TOPIC, Map.of(0, 999L));
        HttpResponse<String> behind = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/v1/models/openai/gpt-4o/deprecation"))
                .header("Authorization", "Bearer secret").header(RequestParams.MIN_POSITION_HEADER, ahead.encode())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(behind.statusCode()).as("a write reads the state at its bound first").isEqualTo(503);
        Reply deprecated = post("/v1/models/openai/gpt-4o/deprecation", "{\"replacement\":\"openai/gpt-5\"}", "secret");
        assertThat(deprecated.status()).isEqualTo(202);
        assertThat(deprecated.json().get("expectedVersion").asLong()).isEqualTo(2);
        assertThat(post("/v1/models/openai/nope/deprecation", "", "secret").status()).isEqualTo(404);
    }

    @Test
    void aWriteThatChangesOnlyProvenanceIsNoChange() throws Exception {
        Reply same = post("/v1/models", "{\"id\":\"anthropic/claude-x\",\"name\":\"claude-x\",\"context_window\":200000,"
                + "\"pricing\":{\"input\":3},\"aliases\":[\"claude-latest\"]}", "secret");
        assertThat(same.status()).as(same.json().toString()).isEqualTo(409);
        assertThat(same.json().get("code").asText()).isEqualTo("no_change");
    }
}
