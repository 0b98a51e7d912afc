package dev.modelregistry.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's first command as a new user meets it: {@code up} with the bundled data records
 * the catalogs' history on the first start (resumed if that start is killed part-way), then
 * every read example the README shows answers, with the past prices it promises; a restart
 * records nothing twice.
 */
class UpWithBundledDataIT {

    private static final Duration START = Duration.ofMinutes(5);
    /** The README's curl lines (not the POST, not the endless stream) and its inline {@code `GET /path`} references. */
    private static final Pattern README_CURL = Pattern.compile("^curl (?!.*-X POST)(?!.*-N )['\"]?localhost:8080(/[^'\"\\s]+)['\"]?", Pattern.MULTILINE);
    private static final Pattern README_GET = Pattern.compile("`GET (/[^`\\s]+)`");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyReadExampleOfTheReadmeAnswersOnTheBundledDataWithItsHistory() throws Exception {
        Path work = Files.createTempDirectory("up-bundled-");
        int httpPort = ChildJvm.freePort();
        // No network, as on a plane: every catalog URL points at a port nobody listens on.
        int nobody = ChildJvm.freePort();
        Path offline = work.resolve("offline.properties");
        Files.write(offline, Stream.of("codex", "openrouter", "modelsdev", "litellm")
                .map(s -> "source." + s + ".url=http://127.0.0.1:" + nobody + "/" + s + ".json").toList());
        String[] args = {"up", "--config", offline.toString(), "--data-dir", work.resolve("data").toString(), "--kafka-port",
                String.valueOf(ChildJvm.freePort()), "--http-port", String.valueOf(httpPort)};

        String readme = Files.readString(Path.of(System.getProperty("testdata.dir"), "..", "README.md"));
        Set<String> examples = new LinkedHashSet<>();
        for (Pattern p : List.of(README_CURL, README_GET)) {
            Matcher m = p.matcher(readme);
            while (m.find()) {
                // placeholders of token counts in the prose
                examples.add(m.group(1).replace("=N&", "=1000&").replace("=M&", "=1000&"));
            }
        }
        assertThat(examples).as("the README's GET examples").hasSizeGreaterThanOrEqualTo(25);

        try (ChildJvm interrupted = ChildJvm.start(work.resolve("interrupted.log"), args)) {
            // a few days into planning the history, before anything is published
            assertThat(interrupted.awaitOutput("  2025-12-17  codex", START))
                    .contains("Empty registry: recording the history of 24 bundled catalog snapshots");
            interrupted.kill();
        }

        try (ChildJvm first = ChildJvm.start(work.resolve("first.log"), args)) {
            String out = first.awaitOutput("Ready.", START);
            // the history is one transaction: a start killed before it committed left nothing, so all of it is recorded now
            assertThat(out).as("the history is recorded whole after an interrupted first start")
                    .contains("Empty registry: recording").contains("  2025-04-01  litellm")
                    .contains("  2026-08-19  openrouter").contains("History recorded:").doesNotContain("failed, skipped");
            for (String example : examples) {
                HttpResponse<String> r = get(httpPort, example);
                assertThat(r.statusCode()).as("README example %s answered %s", example, r.body()).isEqualTo(200);
            }
            // The point of keeping history: a past bill is recomputed with the price valid then.
            JsonNode then = JSON.readTree(get(httpPort, "/v1/cost?model=openai/gpt-3.5-turbo&input_tokens=1000000&output_tokens=0"
                    + "&at=2025-06-01T00:00:00Z").body());
            JsonNode now = JSON.readTree(get(httpPort, "/v1/cost?model=openai/gpt-3.5-turbo&input_tokens=1000000&output_tokens=0").body());
            assertThat(then.get("inputCost").asText()).isEqualTo("1.5");
            assertThat(now.get("inputCost").asText()).isEqualTo("0.5");
            JsonNode history = JSON.readTree(get(httpPort, "/v1/models/openai/gpt-4o/history").body());
            assertThat(history.get("items").get(0).get("recordedAt").asText()).as("first seen in the oldest snapshot")
                    .isEqualTo("2025-04-01T00:00:00Z");
            // offline, each source says once that the bundled copy stays in use; the registry answers on
            String said = first.awaitOutput("source litellm: cannot reach", START);
            for (String source : List.of("codex", "openrouter", "modelsdev", "litellm")) {
                assertThat(said).containsPattern("source " + source + ": cannot reach .*; using its bundled copy of 20\\d\\d-\\d\\d-\\d\\d");
            }
            assertThat(get(httpPort, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(first.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        }

        try (ChildJvm second = ChildJvm.start(work.resolve("second.log"), args)) {
            String out = second.awaitOutput("Ready.", START);
            assertThat(out).as("history is recorded once, and nothing changed since")
                    .doesNotContain("recording the history").contains("Published: 0 added, 0 changed, 0 deprecated");
            assertThat(second.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        }
    }

    private HttpResponse<String> get(int port, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
