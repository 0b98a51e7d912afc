package dev.modelregistry.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several instances as a user runs them: {@code up} (broker, streams, API) in one child JVM and
 * a {@code serve} instance with the same application id in another, each with its own state
 * directory and HTTP port. Every model reads the same through both, keys owned by the other
 * process are forwarded to it, and a write through one is read back through the other with the
 * consistency token the write returned.
 */
class ServeInstancesIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final String TOKEN = "serve-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void upAndServeAnswerEveryModelAlikeAndReadEachOthersWrites() throws Exception {
        Path work = Files.createTempDirectory("serve-");
        int kafkaPort = ChildJvm.freePort();
        int portUp = ChildJvm.freePort();
        int portServe = ChildJvm.freePort();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        Path config = work.resolve("registry.properties");
        // the test syncs by hand, so nothing polls the catalog URLs
        Files.write(config, List.of("api.write.token=" + TOKEN, "num.standby.replicas=1", "sync.poll=false"));
        Path testdata = Path.of(System.getProperty("testdata.dir"));

        try (ChildJvm up = ChildJvm.start(work.resolve("up.log"), "up", "--config", config.toString(),
                "--data-dir", work.resolve("up-data").toString(), "--kafka-port", String.valueOf(kafkaPort),
                "--http-port", String.valueOf(portUp), "--no-bundled")) {
            up.awaitOutput("Ready.", START);
            try (ChildJvm serve = ChildJvm.start(work.resolve("serve.log"), "serve", "--config", config.toString(),
                    "--bootstrap-servers", bootstrap, "--http-port", String.valueOf(portServe),
                    "--state-dir", work.resolve("serve-state").toString())) {
                serve.awaitOutput("Serving.", START);
                awaitReady(portUp);
                awaitReady(portServe);

                Path syncConfig = work.resolve("sync.properties");
                Files.write(syncConfig, List.of("bootstrap.servers=" + bootstrap, "data.dir=" + work.resolve("sync-data")));
                CliRun sync = CliRun.of("sync", "--config", syncConfig.toString(),
                        "--presets", testdata.resolve("..").resolve("presets").toString(),
                        "--source", "codex=" + testdata.resolve("catalogs/codex_models_2026-07-09_3380969a2.json.gz"));
                assertThat(sync.exit()).as(sync.out() + sync.err()).isZero();
                String token = sync.out().lines().filter(l -> l.startsWith("Consistency token: ")).findFirst().orElseThrow()
                        .substring("Consistency token: ".length());

                String list = "/v1/models?limit=500&min_position=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
                Reply listUp = get(portUp, list);
                Reply listServe = get(portServe, list);
                assertThat(listUp.status()).as(listUp.text()).isEqualTo(200);
                assertThat(listServe.json()).as("the same list through both instances").isEqualTo(listUp.json());
                List<String> ids = new ArrayList<>();
                listUp.json().get("items").forEach(m -> ids.add(m.get("id").asText()));
                assertThat(ids).hasSizeGreaterThan(20).contains("openai/gpt-5.6-sol");

                Set<String> answeredBy = new HashSet<>();
                for (String id : ids) {
                    Reply viaUp = get(portUp, "/v1/models/" + id);
                    Reply viaServe = get(portServe, "/v1/models/" + id);
                    assertThat(viaUp.status()).as(id + ": " + viaUp.text()).isEqualTo(200);
                    assertThat(viaServe.json()).as(id + " through both instances").isEqualTo(viaUp.json());
                    assertThat(viaServe.answeredBy()).as(id + " is answered by its owner, whichever instance is asked")
                            .isEqualTo(viaUp.answeredBy());
                    answeredBy.add(viaUp.answeredBy());
                }
                assertThat(answeredBy).as("each process owns some models; the other's are forwarded across processes")
                        .containsExactlyInAnyOrder("127.0.0.1:" + portUp, "127.0.0.1:" + portServe);

                // Each instance now also holds standby copies of the other's data: they must not
                // keep it unready.
                awaitReady(portUp);
                awaitReady(portServe);

                HttpResponse<String> write = http.send(HttpRequest.newBuilder(uri(portServe, "/v1/models"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"id\":\"acme/serve-test-model\",\"type\":\"chat\",\"context_window\":32000}"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(write.statusCode()).as(write.body()).isEqualTo(202);
                String written = JSON.readTree(write.body()).get("consistencyToken").asText();
                Reply readBack = get(portUp, "/v1/models/acme/serve-test-model?min_position="
                        + URLEncoder.encode(written, StandardCharsets.UTF_8));
                assertThat(readBack.status()).as(readBack.text()).isEqualTo(200);
                assertThat(readBack.json().at("/spec/limits/contextWindow").asLong()).isEqualTo(32000L);

                assertThat(serve.terminate(Duration.ofSeconds(60))).as("serve's exit code after SIGTERM").isIn(0, 143);
            }
            assertThat(up.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        }
    }

    private record Reply(int status, String answeredBy, JsonNode json, String text) {
    }

    private Reply get(int port, String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(port, pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
        return new Reply(r.statusCode(), r.headers().firstValue("X-Registry-Answered-By").orElse(null), json, r.body());
    }

    private void awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            try {
                status = http.send(HttpRequest.newBuilder(uri(port, "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                status = -1;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("instance on port " + port + " not ready within " + START + " (last status " + status + ")");
    }

    private static URI uri(int port, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

}
