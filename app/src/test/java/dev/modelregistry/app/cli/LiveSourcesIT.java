package dev.modelregistry.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * {@code up} polling its sources from a local HTTP server that stands in for each public catalog
 * (the bundled files served with ETags): nothing changes while the catalogs do not, a changed
 * catalog publishes exactly its change, a 429 is honoured, a source down for three polls
 * deprecates nothing and recovers, a second instance never polls, and {@code GET /v1/sources}
 * tells the truth at each step.
 */
class LiveSourcesIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration STEP = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REMOTE = List.of("codex", "openrouter", "modelsdev", "litellm");
    private static final String NEW_MODEL = "zz-registry-live-test";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void upKeepsTheCatalogsCurrentAndSaysHowFreshEachSourceIs() throws Exception {
        Path work = Files.createTempDirectory("live-sources-");
        Path catalogs = Path.of(System.getProperty("testdata.dir"), "catalogs");
        int kafkaPort = ChildJvm.freePort();
        int httpPort = ChildJvm.freePort();
        try (SourceStandIns sources = new SourceStandIns()) {
            byte[] litellm = SourceStandIns.read(catalogs.resolve("litellm_model_prices_2026-07-24_8442b939.json.gz"));
            sources.answer("/codex.json", SourceStandIns.Answer.catalog(SourceStandIns.read(catalogs.resolve("codex_models_2026-07-09_3380969a2.json.gz")), "\"c1\""));
            sources.answer("/openrouter.json", SourceStandIns.Answer.catalog(SourceStandIns.read(catalogs.resolve("openrouter_api_v1_models_2026-08-19_ef05c3b.json.gz")), "\"o1\""));
            sources.answer("/modelsdev.json", SourceStandIns.Answer.catalog(SourceStandIns.read(catalogs.resolve("modelsdev_api_2026-07-02_f3fc6922.json.gz")), "\"m1\""));
            sources.answer("/litellm.json", SourceStandIns.Answer.catalog(litellm, "\"l1\""));
            List<String> settings = new ArrayList<>(List.of("sync.jitter=0", "sync.retry.initial=1s", "sync.leader.session.timeout.ms=6000"));
            for (String s : REMOTE) {
                settings.add("source." + s + ".url=" + sources.url("/" + s + ".json"));
                settings.add("source." + s + ".interval=3s");
            }
            Path config = work.resolve("registry.properties");
            Files.write(config, settings);

            try (ChildJvm up = ChildJvm.start(work.resolve("up.log"), "up", "--config", config.toString(), "--data-dir",
                    work.resolve("data").toString(), "--kafka-port", String.valueOf(kafkaPort), "--http-port", String.valueOf(httpPort),
                    "--no-history")) {
                String banner = up.awaitOutput("source ollama", START);
                for (String s : REMOTE) {
                    assertThat(banner).as("the banner ends with a line per source").containsPattern("source " + s + " +bundled copy of 20\\d\\d-\\d\\d-\\d\\d .*; polls "
                            + sources.url("/" + s + ".json").replace(".", "\\.") + " every 3s");
                }
                assertThat(banner).contains("source openai     no copy yet; not polled: needs an API key: set OPENAI_API_KEY");

                // 1. The stand-ins serve what was bundled: every source is read live, nothing changes.
                JsonNode first = awaitSources(httpPort, all -> REMOTE.stream().allMatch(s -> "live".equals(source(all, s).path("copy").asText())
                        && isSuccess(source(all, s))), "every remote source read live");
                for (String s : REMOTE) {
                    JsonNode st = source(first, s);
                    assertThat(st.get("url").asText()).isEqualTo(sources.url("/" + s + ".json"));
                    assertThat(st.get("polled_by").asText()).isEqualTo("127.0.0.1:" + httpPort);
                    assertThat(st.get("models").asInt()).as(s).isPositive();
                    assertThat(st.get("catalog_age_seconds").asLong()).as("a live copy is fresh").isLessThan(60);
                    assertThat(st.get("stale").asBoolean()).isFalse();
                }
                Instant mark = Instant.now();

                // 2. Unchanged catalogs cost a 304: If-None-Match carries the ETag.
                Await.until(STEP, "a 304 for litellm", () -> sources.notModified("/litellm.json") >= 1);
                JsonNode unchanged = awaitSources(httpPort, all -> "not-modified".equals(source(all, "litellm").path("outcome").asText()), "litellm not modified");
                assertThat(source(unchanged, "litellm").get("last_sync_events").toString()).isEqualTo("{\"added\":0,\"changed\":0,\"deprecated\":0}");

                // 3. A changed catalog: exactly its change is published, first an addition, then a price change.
                sources.answer("/litellm.json", SourceStandIns.Answer.catalog(withModel(litellm, "0.000001"), "\"l2\""));
                String id = "/v1/models/openai/" + NEW_MODEL;
                Await.until(STEP, "the new model appears", () -> get(httpPort, id).statusCode() == 200);
                sources.answer("/litellm.json", SourceStandIns.Answer.catalog(withModel(litellm, "0.000002"), "\"l3\""));
                Await.until(STEP, "its price change is recorded", () -> JSON.readTree(get(httpPort, id + "/history").body()).path("items").size() == 2);
                JsonNode history = JSON.readTree(get(httpPort, id + "/history").body()).get("items");
                assertThat(history.get(0).get("type").asText()).isEqualTo("model_added");
                assertThat(history.get(1).get("type").asText()).isEqualTo("model_changed");
                assertThat(history.get(1).get("changes").findValuesAsText("path")).as("the price, and only the price, changed")
                        .containsExactly("pricing.inputPerMillion");
                assertThat(history.get(1).get("changes").get(0).get("new").asText()).isEqualTo("2");

                // 4. A 429 with Retry-After: the source is not asked again before the wait is over.
                sources.answer("/openrouter.json", new SourceStandIns.Answer(429, "slow down".getBytes(StandardCharsets.UTF_8), null, "8"));
                JsonNode limited = awaitSources(httpPort, all -> "failed".equals(source(all, "openrouter").path("outcome").asText()), "openrouter rate-limited");
                JsonNode or = source(limited, "openrouter");
                assertThat(or.get("last_error").asText()).contains("HTTP 429").contains("retry after 8 s");
                assertThat(Duration.between(Instant.parse(or.get("last_attempt").asText()), Instant.parse(or.get("next_poll").asText())))
                        .as("the next poll honours Retry-After, not the 1 s retry nor the 3 s interval").isGreaterThanOrEqualTo(Duration.ofSeconds(8));
                assertThat(get(httpPort, "/health/ready").statusCode()).as("a failing source leaves the registry ready").isEqualTo(200);
                int asked = sources.hits("/openrouter.json");
                sources.answer("/openrouter.json", SourceStandIns.Answer.catalog(SourceStandIns.read(
                        catalogs.resolve("openrouter_api_v1_models_2026-08-19_ef05c3b.json.gz")), "\"o1\""));
                Await.until(STEP, "openrouter asked again", () -> sources.hits("/openrouter.json") > asked);
                List<Instant> times = sources.times("/openrouter.json");
                assertThat(Duration.between(times.get(asked - 1), times.get(asked))).as("not asked again before Retry-After ran out")
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(8));
                awaitSources(httpPort, all -> isSuccess(source(all, "openrouter")) && source(all, "openrouter").get("consecutive_failures").asInt() == 0,
                        "openrouter back");

                // 5. A source down for three polls: failed, stale, nothing of it deprecated; then back.
                String lastSuccess = source(getSources(httpPort), "modelsdev").get("last_success").asText();
                sources.answer("/modelsdev.json", new SourceStandIns.Answer(503, "down".getBytes(StandardCharsets.UTF_8), null, null));
                JsonNode down = awaitSources(httpPort, all -> source(all, "modelsdev").path("consecutive_failures").asInt() >= 3, "modelsdev failed three polls");
                JsonNode md = source(down, "modelsdev");
                assertThat(md.get("outcome").asText()).isEqualTo("failed");
                assertThat(md.get("last_error").asText()).contains("HTTP 503");
                assertThat(md.get("last_success").asText()).as("the last success stays what it was").isEqualTo(lastSuccess);
                assertThat(md.get("stale").asBoolean()).isTrue();
                assertThat(md.get("models").asInt()).as("its last good copy is kept").isPositive();
                HttpResponse<String> ready = get(httpPort, "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(ready.body()).at("/sources/modelsdev/stale").asBoolean()).as("the ready answer names the staleness").isTrue();
                assertThat(get(httpPort, "/metrics").body()).contains("registry_source_consecutive_failures{source=\"modelsdev\"}")
                        .contains("registry_source_last_success_timestamp_seconds{source=\"litellm\"}");
                sources.answer("/modelsdev.json", SourceStandIns.Answer.catalog(SourceStandIns.read(catalogs.resolve("modelsdev_api_2026-07-02_f3fc6922.json.gz")), "\"m1\""));
                awaitSources(httpPort, all -> isSuccess(source(all, "modelsdev")) && source(all, "modelsdev").get("consecutive_failures").asInt() == 0,
                        "modelsdev back");
                assertThat(up.output()).as("an outage is told once, and its end").containsOnlyOnce("source modelsdev: HTTP 503")
                        .contains("source modelsdev: reachable again after");

                // 6. A second instance that may poll: it waits, and tells the same freshness.
                int servePort = ChildJvm.freePort();
                Path serveConfig = work.resolve("serve.properties");
                List<String> serveSettings = new ArrayList<>(settings);
                serveSettings.add("data.dir=" + work.resolve("serve-data"));
                Files.write(serveConfig, serveSettings);
                try (ChildJvm serve = ChildJvm.start(work.resolve("serve.log"), "serve", "--sync", "--config", serveConfig.toString(),
                        "--bootstrap-servers", "127.0.0.1:" + kafkaPort, "--http-port", String.valueOf(servePort))) {
                    serve.awaitOutput("Serving.", START);
                    int before = sources.hits("/litellm.json");
                    Await.until(STEP, "three more polls while both instances run", () -> sources.hits("/litellm.json") >= before + 3);
                    JsonNode seenThere = getSources(servePort);
                    for (String s : REMOTE) {
                        assertThat(source(seenThere, s).get("polled_by").asText()).as("one instance polls " + s).isEqualTo("127.0.0.1:" + httpPort);
                    }
                    assertThat(serve.output()).doesNotContain("now polls the catalogs").doesNotContain("polling [");
                    try (Stream<Path> files = Files.exists(work.resolve("serve-data/sync")) ? Files.list(work.resolve("serve-data/sync")) : Stream.empty()) {
                        assertThat(files.toList()).as("the waiting instance fetched nothing").isEmpty();
                    }
                    serve.terminate(Duration.ofSeconds(60));
                }

                // Exactly the changes: the new model's addition and its price change, nothing else, since the mark.
                List<ConsumerRecord<String, byte[]>> events = eventsSince(kafkaPort, mark);
                assertThat(events).extracting(ConsumerRecord::key).containsExactly("openai/" + NEW_MODEL, "openai/" + NEW_MODEL);
                up.terminate(Duration.ofSeconds(60));
            }

            // 7. A restart keeps the live copies (no step back to the bundled ones) and what the
            // last poller published: no source is shown as never read.
            try (ChildJvm again = ChildJvm.start(work.resolve("up-again.log"), "up", "--config", config.toString(), "--data-dir",
                    work.resolve("data").toString(), "--kafka-port", String.valueOf(kafkaPort), "--http-port", String.valueOf(httpPort),
                    "--no-history")) {
                String banner = again.awaitOutput("source ollama", START);
                assertThat(banner).contains("newest catalog of each source not yet polled live")
                        .containsPattern("source litellm +live copy of 20\\d\\d-\\d\\d-\\d\\d");
                // until the new poller's first poll has come back, every answer keeps the last success
                Instant restarted = Instant.parse(source(getSources(httpPort), "litellm").get("last_attempt").asText());
                Await.until(STEP, "the first poll after the restart", () -> {
                    JsonNode all = getSources(httpPort);
                    for (String s : REMOTE) {
                        assertThat(source(all, s).path("last_success").isTextual()).as("%s keeps its last success across the restart", s).isTrue();
                    }
                    return Instant.parse(source(all, "litellm").get("last_attempt").asText()).isAfter(restarted);
                });
                again.terminate(Duration.ofSeconds(60));
            }
        }
    }

    private static boolean isSuccess(JsonNode status) {
        String outcome = status.path("outcome").asText();
        return outcome.equals("ok") || outcome.equals("not-modified");
    }

    private static JsonNode source(JsonNode all, String name) {
        for (JsonNode s : all.get("sources")) {
            if (s.get("source").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no source " + name + " in " + all);
    }

    private static byte[] withModel(byte[] litellm, String inputCost) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(litellm);
        root.putObject(NEW_MODEL).put("litellm_provider", "openai").put("mode", "chat").put("max_input_tokens", 64_000)
                .put("max_output_tokens", 8_000).put("input_cost_per_token", Double.parseDouble(inputCost)).put("output_cost_per_token", 0.000004);
        return JSON.writeValueAsBytes(root);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getSources(int port) throws Exception {
        HttpResponse<String> r = get(port, "/v1/sources");
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode awaitSources(int port, Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = getSources(port);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + STEP + ": " + what + "; last /v1/sources: " + last);
    }

    private static List<ConsumerRecord<String, byte[]>> eventsSince(int kafkaPort, Instant mark) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", "127.0.0.1:" + kafkaPort,
                "isolation.level", "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor("model-registry.events.v1").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.timestamp() >= mark.toEpochMilli()) {
                        out.add(r);
                    }
                }
            }
            out.sort(java.util.Comparator.comparingLong(ConsumerRecord::timestamp));
            return out;
        }
    }
}
