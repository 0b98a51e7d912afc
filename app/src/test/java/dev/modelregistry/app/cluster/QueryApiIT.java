package dev.modelregistry.app.cluster;

import static dev.modelregistry.app.cluster.TwoInstances.catalog;
import static dev.modelregistry.app.cluster.TwoInstances.presets;
import static dev.modelregistry.app.cluster.TwoInstances.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.api.http.QueryApi;
import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every endpoint and error code over real sockets, on two instances with one application id
 * sharing a real broker; data synced in from the real catalogs and the repo's presets.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiIT {

    private static final Instant DEC_17 = Instant.parse("2025-12-17T00:00:00Z");
    private static final Instant JAN_15 = Instant.parse("2026-01-15T00:00:00Z");
    private final KafkaBroker broker;
    private TwoInstances reg;

    QueryApiIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @BeforeAll
    void seed() throws Exception {
        reg = new TwoInstances(broker);
        reg.sync(DEC_17, source(SourceName.PRESETS, presets()), source(SourceName.CODEX, catalog("codex_models_2025-12-17_927a6acbe.json.gz")),
                source(SourceName.OPENROUTER, catalog("openrouter_api_v1_models_2026-05-15_c2c5cc8f.json.gz")));
        reg.sync(JAN_15, source(SourceName.CODEX, catalog("codex_models_2026-01-15_a09711332.json.gz")));
    }

    @AfterAll
    void stop() {
        reg.close();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void everyModelIsReadableThroughBothInstancesWithEqualAnswers() throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            TwoInstances.Reply page = reg.get(reg.a, "/v1/models?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(i -> ids.add(i.get("id").asText()));
            cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
        } while (cursor != null);
        assertThat(ids).hasSizeGreaterThan(350).doesNotHaveDuplicates();
        assertThat(reg.get(reg.b, "/v1/models?limit=1").json().get("total").asInt()).isEqualTo(ids.size());
        Set<String> servedBy = new HashSet<>();
        for (String id : ids) {
            TwoInstances.Reply viaA = reg.get(reg.a, "/v1/models/" + id);
            TwoInstances.Reply viaB = reg.get(reg.b, "/v1/models/" + id);
            assertThat(viaA.status()).as(id).isEqualTo(200);
            assertThat(viaB.json()).as(id).isEqualTo(viaA.json());
            assertThat(viaA.token()).as("token on %s", id).startsWith("v1.");
            servedBy.add(reg.streamsA.reader().locate(id).active().port() == reg.a.port() ? "a" : "b");
        }
        assertThat(servedBy).as("keys live on both instances, so forwarding was exercised").containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void idsWithSlashesAndAliasesResolve() throws Exception {
        JsonNode mini = reg.get(reg.b, "/v1/models/openrouter/openai/codex-mini").json();
        assertThat(mini.get("spec").get("displayName").asText()).isEqualTo("Codex Mini");
        assertThat(mini.get("spec").get("limits").get("contextWindow").asLong()).isEqualTo(128_000);
        assertThat(mini.get("spec").get("pricing").get("inputPerMillion").asText()).isEqualTo("1.5");
        for (String alias : List.of("codex-mini", "openai/codex-mini")) {
            for (QueryApi api : List.of(reg.a, reg.b)) {
                JsonNode viaAlias = reg.get(api, "/v1/models/" + alias).json();
                assertThat(viaAlias.get("id").asText()).isEqualTo("openrouter/openai/codex-mini");
                assertThat(viaAlias.get("resolvedFrom").asText()).isEqualTo(alias);
                JsonNode history = reg.get(api, "/v1/models/" + alias + "/history").json();
                assertThat(history.get("id").asText()).isEqualTo("openrouter/openai/codex-mini");
                assertThat(history.get("items")).isNotEmpty();
                assertThat(reg.get(api, "/v1/models/" + alias + "/diff?from=1").json().get("id").asText())
                        .isEqualTo("openrouter/openai/codex-mini");
                JsonNode params = reg.get(api, "/v1/models/" + alias + "/params").json();
                assertThat(params.get("id").asText()).isEqualTo("openrouter/openai/codex-mini");
                assertThat(params.get("known").asBoolean()).as("advice from the registry's data, not inferred").isTrue();
            }
        }
    }

    @Test
    void asOfAndVersionReadThePast() throws Exception {
        String id = "openai/gpt-5.1-codex";
        assertThat(reg.get(reg.a, "/v1/models/" + id).json().get("version").asInt()).isEqualTo(2);
        assertThat(reg.get(reg.b, "/v1/models/" + id + "?as_of=2025-12-20T00:00:00Z").json().get("version").asInt()).isEqualTo(1);
        assertThat(reg.get(reg.b, "/v1/models/" + id + "?as_of=2026-02-01T00:00:00Z").json().get("version").asInt()).isEqualTo(2);
        assertThat(reg.get(reg.a, "/v1/models/" + id + "?version=1").json().get("recordedAt").asText()).isEqualTo(DEC_17.toString());
        assertThat(reg.get(reg.a, "/v1/models/" + id + "?as_of=2025-01-01T00:00:00Z").status()).isEqualTo(404);
        assertThat(reg.get(reg.a, "/v1/models/" + id + "?version=9").status()).isEqualTo(404);
        JsonNode before = reg.get(reg.a, "/v1/models?as_of=2025-12-18T00:00:00Z&provider=openai&limit=1000").json();
        before.get("items").forEach(i -> assertThat(Instant.parse(i.get("recordedAt").asText())).isBeforeOrEqualTo(Instant.parse("2025-12-18T00:00:00Z")));
    }

    @Test
    void historyAndDiff() throws Exception {
        String id = "openai/gpt-5.1-codex";
        JsonNode history = reg.get(reg.b, "/v1/models/" + id + "/history").json();
        assertThat(history.get("items")).hasSize(2);
        JsonNode v2 = history.get("items").get(1);
        assertThat(v2.get("type").asText()).isEqualTo("model_changed");
        assertThat(v2.get("changes").size()).isGreaterThan(0);
        JsonNode page1 = reg.get(reg.a, "/v1/models/" + id + "/history?limit=1").json();
        assertThat(page1.get("items")).hasSize(1);
        JsonNode page2 = reg.get(reg.a, "/v1/models/" + id + "/history?limit=1&cursor=" + page1.get("next_cursor").asText()).json();
        assertThat(page2.get("items").get(0).get("version").asInt()).isEqualTo(2);
        assertThat(page2.get("next_cursor").isNull()).isTrue();
        assertThat(reg.get(reg.a, "/v1/models/" + id + "/history?from=2026-01-01T00:00:00Z").json().get("items")).hasSize(1);
        assertThat(reg.get(reg.a, "/v1/models/" + id + "/history?to=2026-01-01T00:00:00Z").json().get("items")).hasSize(1);

        JsonNode diff = reg.get(reg.a, "/v1/models/" + id + "/diff?from=1&to=2").json();
        assertThat(diff.get("changes")).isEqualTo(v2.get("changes"));
        JsonNode byInstant = reg.get(reg.b, "/v1/models/" + id + "/diff?from=2025-12-20T00:00:00Z&to=2026-02-01T00:00:00Z").json();
        assertThat(byInstant.get("changes")).isEqualTo(v2.get("changes"));
        assertThat(reg.get(reg.a, "/v1/models/" + id + "/diff?from=1").json().get("to").get("version").asInt()).isEqualTo(2);
    }

    @Test
    void listFiltersSortAndPage() throws Exception {
        JsonNode vision = reg.get(reg.b, "/v1/models?capability=vision&capability=tools&min_context=100000&sort=-context&limit=1000").json();
        long previous = Long.MAX_VALUE;
        for (JsonNode item : vision.get("items")) {
            JsonNode spec = item.get("spec");
            assertThat(spec.get("capabilities").get("vision").asBoolean()).isTrue();
            assertThat(spec.get("capabilities").get("tools").asBoolean()).isTrue();
            long context = spec.get("limits").get("contextWindow").asLong();
            assertThat(context).isGreaterThanOrEqualTo(100_000).isLessThanOrEqualTo(previous);
            previous = context;
        }
        assertThat(vision.get("total").asInt()).isGreaterThan(10);
        // Complete, not just correct: each instance filters its own models before sending them,
        // so the gathered answer must hold every match of the whole registry.
        List<JsonNode> everything = new ArrayList<>();
        reg.get(reg.a, "/v1/models?limit=1000").json().get("items").forEach(everything::add);
        assertThat(reg.get(reg.a, "/v1/models?limit=1").json().get("total").asInt()).as("one page holds all").isEqualTo(everything.size());
        long visionMatches = everything.stream().map(i -> i.get("spec")).filter(spec -> spec.path("capabilities").path("vision").asBoolean()
                && spec.path("capabilities").path("tools").asBoolean() && spec.path("limits").path("contextWindow").asLong() >= 100_000).count();
        assertThat(vision.get("total").asLong()).isEqualTo(visionMatches);
        assertThat(reg.get(reg.a, "/v1/models?capability=vision&capability=tools&min_context=100000&sort=-context&limit=1000").json())
                .as("the same through the other instance").isEqualTo(vision);
        JsonNode cheap = reg.get(reg.a, "/v1/models?provider=openrouter&max_input_price=0.5&max_output_price=1&q=llama").json();
        cheap.get("items").forEach(i -> {
            assertThat(new java.math.BigDecimal(i.get("spec").get("pricing").get("inputPerMillion").asText())).isLessThanOrEqualTo(new java.math.BigDecimal("0.5"));
            String name = (i.get("id").asText() + " " + i.get("spec").path("displayName").asText()).toLowerCase();
            assertThat(name).contains("llama");
        });
        JsonNode endpoints = reg.get(reg.a, "/v1/models?endpoint=completions&type=completion").json();
        assertThat(endpoints.get("items")).extracting(i -> i.get("id").asText()).contains("openai/davinci-002", "openai/babbage-002");
        long deprecated = everything.stream().filter(i -> "deprecated".equals(i.path("spec").path("lifecycle").path("status").asText())).count();
        assertThat(deprecated).as("the fixture's later Codex catalog dropped models").isPositive();
        assertThat(reg.get(reg.b, "/v1/models?status=deprecated").json().get("total").asLong()).isEqualTo(deprecated);
    }

    @Test
    void compareAndProviders() throws Exception {
        JsonNode cmp = reg.get(reg.a, "/v1/compare?ids=openai/gpt-5.2,openai/gpt-5.1-codex-max").json();
        assertThat(cmp.get("models")).hasSize(2);
        JsonNode defaults = cmp.get("differing").get("availability.defaultForAuthModes");
        assertThat(defaults.get("openai/gpt-5.1-codex-max").get(0).asText()).isEqualTo("api_key");
        assertThat(defaults.get("openai/gpt-5.2").isNull()).isTrue();
        assertThat(cmp.get("differing").has("availability.authModes")).as("equal fields are not listed").isFalse();
        JsonNode providers = reg.get(reg.b, "/v1/providers").json();
        assertThat(providers).extracting(p -> p.get("provider").asText()).contains("openai", "anthropic", "openrouter");
        JsonNode anthropic = reg.get(reg.a, "/v1/providers/anthropic").json();
        assertThat(anthropic.get("defaultModel").asText()).isEqualTo("anthropic/claude-sonnet-5");
        assertThat(anthropic.get("offers").get("vision").asBoolean()).isTrue();
        assertThat(reg.get(reg.a, "/v1/providers/nobody").status()).isEqualTo(404);
    }

    @Test
    void changeFeedPagesWithoutLossOrRepeat() throws Exception {
        List<String> all = new ArrayList<>();
        String after = null;
        int pages = 0;
        while (true) {
            JsonNode page = reg.get(reg.a, "/v1/changes?limit=97" + (after == null ? "" : "&after=" + after)).json();
            if (page.get("items").isEmpty()) {
                break;
            }
            page.get("items").forEach(i -> all.add(i.get("id").asText() + "@" + i.get("version").asInt()));
            after = page.get("next").asText();
            pages++;
        }
        assertThat(pages).isGreaterThan(2);
        assertThat(all).doesNotHaveDuplicates();
        assertThat(all).contains("openai/gpt-5.1-codex@1", "openai/gpt-5.1-codex@2");
        JsonNode filtered = reg.get(reg.b, "/v1/changes?model=openai/gpt-5.1-codex").json();
        List<Integer> versions = new ArrayList<>();
        filtered.get("items").forEach(i -> {
            assertThat(i.get("id").asText()).isEqualTo("openai/gpt-5.1-codex");
            versions.add(i.get("version").asInt());
        });
        assertThat(versions).startsWith(1, 2).isSorted();

        // newest=true: the same model's changes read back from the end, newest first, and where to go on from
        JsonNode newest = reg.get(reg.a, "/v1/changes?model=openai/gpt-5.1-codex&newest=true&limit=2").json();
        List<Integer> newestVersions = new ArrayList<>();
        newest.get("items").forEach(i -> newestVersions.add(i.get("version").asInt()));
        assertThat(newestVersions).containsExactly(versions.get(versions.size() - 1), versions.get(versions.size() - 2));
        assertThat(reg.get(reg.a, "/v1/changes?model=openai/gpt-5.1-codex&after=" + enc(newest.get("next").asText())).json().get("items"))
                .as("next is the end of the feed: nothing after it yet").isEmpty();
    }

    @Test
    void sseDeliversExactlyASyncsChangesInOrderAndResumesWithLastEventId() throws Exception {
        Sse first = Sse.open(reg, reg.b, null, "provider=openai");
        first.awaitSubscribed();
        SyncRun.Report report = reg.sync(Instant.parse("2026-02-09T00:00:00Z"),
                source(SourceName.CODEX, catalog("codex_models_2026-02-09_c816c430a.json.gz")));
        int expected = report.events().size();
        assertThat(expected).isGreaterThan(2);
        List<Sse.Event> got = first.take(expected, Duration.ofSeconds(60));
        assertThat(got).extracting(e -> e.data().get("id").asText())
                .containsExactlyInAnyOrderElementsOf(report.events().stream().map(e -> e.getModelId()).toList());
        assertThat(first.take(1, Duration.ofSeconds(2))).as("nothing more than that sync").isEmpty();
        first.close();

        // Same stream from just before: drop after two events, resume from the second's id.
        JsonNode feedOrder = reg.get(reg.a, "/v1/changes?after=" + enc(first.startCursor()) + "&provider=openai").json();
        List<String> order = new ArrayList<>();
        feedOrder.get("items").forEach(i -> order.add(i.get("id").asText() + "@" + i.get("version").asInt()));
        // Kafka orders within a partition, so the promise is per model: each model's changes in version order.
        assertThat(got).extracting(e -> e.data().get("id").asText() + "@" + e.data().get("version").asInt()).containsExactlyInAnyOrderElementsOf(order);
        assertPerModelOrder(got);

        Sse partial = Sse.open(reg, reg.a, first.startCursor(), "provider=openai");
        List<Sse.Event> two = partial.take(2, Duration.ofSeconds(30));
        partial.close();
        Sse resumed = Sse.open(reg, reg.b, two.get(1).id(), "provider=openai");
        List<Sse.Event> rest = resumed.take(expected - 2, Duration.ofSeconds(30));
        assertThat(resumed.take(1, Duration.ofSeconds(2))).isEmpty();
        resumed.close();
        List<String> joined = new ArrayList<>();
        Stream.concat(two.stream(), rest.stream()).forEach(e -> joined.add(e.data().get("id").asText() + "@" + e.data().get("version").asInt()));
        assertThat(joined).as("no loss, no repeat").containsExactlyInAnyOrderElementsOf(order).doesNotHaveDuplicates();
        assertPerModelOrder(Stream.concat(two.stream(), rest.stream()).toList());
    }

    private static void assertPerModelOrder(List<Sse.Event> events) {
        Map<String, Integer> last = new java.util.HashMap<>();
        for (Sse.Event e : events) {
            int version = e.data().get("version").asInt();
            Integer before = last.put(e.data().get("id").asText(), version);
            assertThat(before == null || before < version).as("versions of %s in order", e.data().get("id").asText()).isTrue();
        }
    }

    @Test
    void aWriteThroughOneInstanceIsReadThroughTheOtherWithItsToken() throws Exception {
        String body = """
                {"id": "openai/custom-model", "type": "chat", "context_window": 8000, "max_output_tokens": 4000,
                 "capabilities": {"tools": true, "streaming": true, "vision": false}, "endpoints": ["chat"], "temperature": "any"}
                """;
        Instant beforeWrite = Instant.now();
        TwoInstances.Reply written = reg.post(reg.a, "/v1/models", body, "Authorization", "Bearer " + TwoInstances.TOKEN);
        assertThat(written.status()).as(written.text()).isEqualTo(202);
        String token = written.json().get("consistencyToken").asText();
        TwoInstances.Reply read = reg.get(reg.b, "/v1/models/openai/custom-model?min_position=" + token);
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        assertThat(read.json().get("version").asInt()).isEqualTo(1);
        assertThat(read.json().get("spec").get("limits").get("contextWindow").asInt()).isEqualTo(8000);

        String override = body.replace("8000", "16000");
        TwoInstances.Reply second = reg.post(reg.a, "/v1/models", override, "Authorization", "Bearer " + TwoInstances.TOKEN);
        JsonNode v2 = reg.get(reg.b, "/v1/models/openai/custom-model", "X-Min-Position", second.json().get("consistencyToken").asText()).json();
        assertThat(v2.get("version").asInt()).isEqualTo(2);
        assertThat(reg.get(reg.a, "/v1/models/openai/custom-model?version=1&min_position=" + second.token()).json()
                .get("spec").get("limits").get("contextWindow").asInt()).as("the old version stays readable").isEqualTo(8000);
        assertThat(reg.get(reg.a, "/v1/models/openai/custom-model?as_of=" + beforeWrite).status()).as("not there before the write").isEqualTo(404);

        TwoInstances.Reply dep = reg.post(reg.a, "/v1/models/openai/custom-model/deprecation", "{\"replacement\": \"openai/gpt-5.2\"}",
                "Authorization", "Bearer " + TwoInstances.TOKEN);
        assertThat(dep.status()).isEqualTo(202);
        JsonNode v3 = reg.get(reg.b, "/v1/models/openai/custom-model?min_position=" + dep.json().get("consistencyToken").asText()).json();
        assertThat(v3.get("spec").get("lifecycle").get("status").asText()).isEqualTo("deprecated");
        assertThat(v3.get("spec").get("lifecycle").get("replacement").asText()).isEqualTo("openai/gpt-5.2");
        TwoInstances.Reply again = reg.post(reg.a, "/v1/models/openai/custom-model/deprecation", "", "Authorization", "Bearer " + TwoInstances.TOKEN,
                "X-Min-Position", dep.json().get("consistencyToken").asText());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("already_deprecated");
    }

    @Test
    void errorsAreTheSameJsonOnBothInstances() throws Exception {
        // Parameter errors and Jetty's own are covered route by route in query-api (RoutesTest,
        // JsonErrorsTest), min_position on every route in ConsistencyTokensIT; here: what depends
        // on the cluster (a model owned by either instance, the feed, an instance without writes).
        Map<String, Integer> cases = Map.ofEntries(
                Map.entry("/v1/models/no/such-model", 404),
                Map.entry("/v1/models/no/such-model/history", 404),
                Map.entry("/v1/models/openai/gpt-5.2?version=999", 404),
                Map.entry("/v1/compare?ids=openai/gpt-5.2,no/such", 404),
                Map.entry("/v1/changes?after=zz", 400),
                Map.entry("/v1/changes?newest=true&after=zz", 400),
                Map.entry("/v1/changes?newest=maybe", 400),
                Map.entry("/v2/anything", 404));
        for (Map.Entry<String, Integer> c : cases.entrySet()) {
            for (QueryApi api : List.of(reg.a, reg.b)) {
                TwoInstances.Reply r = reg.get(api, c.getKey());
                assertThat(r.json()).as(c.getKey() + " -> " + r.status() + " " + r.text()).isNotNull();
                assertThat(r.status()).as(c.getKey() + " -> " + r.text()).isEqualTo(c.getValue());
                assertThat(r.json().get("code").isTextual()).as(c.getKey()).isTrue();
                assertThat(r.json().get("message").asText()).as(c.getKey()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
            }
        }
        TwoInstances.Reply disabled = reg.post(reg.b, "/v1/models", "{\"id\": \"openai/x\"}", "Authorization", "Bearer " + TwoInstances.TOKEN);
        assertThat(disabled.status()).isEqualTo(403);
        assertThat(disabled.json().get("code").asText()).isEqualTo("writes_disabled");
        assertThat(reg.post(reg.a, "/v1/models", "{\"name\": \"no id\"}", "Authorization", "Bearer " + TwoInstances.TOKEN).status()).isEqualTo(400);
        // a model of its own: other tests read the synced models, and a write replaces a spec whole
        String probe = "{\"id\": \"acme/errors-probe\", \"context_window\": 1000}";
        TwoInstances.Reply first = reg.post(reg.a, "/v1/models", probe, "Authorization", "Bearer " + TwoInstances.TOKEN);
        assertThat(first.status()).as(first.text()).isEqualTo(202);
        TwoInstances.Reply same = reg.post(reg.a, "/v1/models", probe, "Authorization", "Bearer " + TwoInstances.TOKEN,
                "X-Min-Position", first.token());
        assertThat(same.status()).as(same.text()).isEqualTo(409);
        assertThat(same.json().get("code").asText()).isEqualTo("no_change");
    }

    @Test
    void healthMetricsAndTheOpenApiDocumentMatchTheServer() throws Exception {
        assertThat(reg.get(reg.a, "/health/live").status()).isEqualTo(200);
        assertThat(reg.get(reg.b, "/health/ready").status()).isEqualTo(200);
        assertThat(reg.get(reg.a, "/metrics").text()).contains("kafka_stream").contains("jvm_memory");

        JsonNode doc = reg.get(reg.a, "/openapi.json").json();
        Set<String> documented = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<String> methods = p.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                documented.add(method + " " + p.getKey());
                String path = p.getKey().replace("{id}", "openai/gpt-5.2").replace("{provider}", "openai").replace("{name}", "llama2")
                        .replace("{asset}", "app.js").replace("{fingerprint}", "0000000000000000");
                int status;
                if (path.endsWith("/stream")) {
                    HttpResponse<java.io.InputStream> r = reg.http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + reg.a.port() + path)).build(),
                            HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
                    status = r.statusCode();
                    r.body().close();
                } else if (method.equals("POST")) {
                    status = reg.post(reg.a, path, "{}").status();
                } else {
                    TwoInstances.Reply r = reg.get(reg.a, path);
                    status = r.status();
                    if (status == 404) {
                        assertThat(r.json().get("message").asText()).as(path).doesNotStartWith("no route");
                    }
                }
                assertThat(status).as("%s %s answers", method, path).isNotIn(405, 500);
            }
        }
        Set<String> served = new HashSet<>();
        reg.a.routes().forEach(r -> served.add(r.method() + " " + r.path()));
        assertThat(documented).as("every route is documented, every documented route served").isEqualTo(served);
    }

    /** A tiny SSE client over java.net.http. */
    static final class Sse implements AutoCloseable {
        record Event(String id, JsonNode data) {
        }

        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        private final CompletableFuture<HttpResponse<Stream<String>>> response;
        private final String startCursor;
        // Lines are read on a thread of their own: with thenAccept, a response that had already
        // arrived ran the endless read loop on the caller's thread and the test never went on.
        private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sse-test-reader");
            t.setDaemon(true);
            return t;
        });

        private Sse(TwoInstances reg, QueryApi api, String lastEventId, String query) throws Exception {
            this.startCursor = lastEventId != null ? lastEventId : reg.get(api, "/v1/changes?limit=1&after=" + tail(reg, api)).json().get("next").asText();
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/v1/changes/stream?" + query))
                    .header("Accept", "text/event-stream").header("Last-Event-ID", startCursor);
            response = reg.http.sendAsync(r.build(), HttpResponse.BodyHandlers.ofLines());
            response.thenAcceptAsync(resp -> {
                String id = null;
                StringBuilder data = new StringBuilder();
                for (Iterator<String> it = resp.body().iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith(":")) {
                        subscribed.complete(null);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    } else if (line.isEmpty() && data.length() > 0) {
                        try {
                            events.add(new Event(id, dev.modelregistry.api.json.SpecJson.MAPPER.readTree(data.toString())));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        data.setLength(0);
                    }
                }
            }, reader);
        }

        /** The feed position of "now", found by paging the feed to its end. */
        private static String tail(TwoInstances reg, QueryApi api) throws Exception {
            String after = null;
            while (true) {
                JsonNode page = reg.get(api, "/v1/changes?limit=1000" + (after == null ? "" : "&after=" + enc(after))).json();
                String next = page.get("next").asText();
                if (page.get("items").isEmpty()) {
                    return enc(next);
                }
                after = next;
            }
        }

        static Sse open(TwoInstances reg, QueryApi api, String lastEventId, String query) throws Exception {
            return new Sse(reg, api, lastEventId, query);
        }

        String startCursor() {
            return startCursor;
        }

        void awaitSubscribed() throws Exception {
            subscribed.get(30, TimeUnit.SECONDS);
        }

        List<Event> take(int n, Duration timeout) throws InterruptedException {
            List<Event> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < n) {
                Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    break;
                }
                out.add(e);
            }
            return out;
        }

        @Override
        public void close() {
            response.thenAccept(r -> r.body().close());
            response.cancel(true);
            reader.shutdownNow();
        }
    }
}
