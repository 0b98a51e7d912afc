package dev.modelregistry.sync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.catalogs.adapters.Catalogs;
import dev.modelregistry.sync.fetch.FetchSettings;
import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A remote source that fails, served by a real local HTTP server: the source is reported failed,
 * nothing of it is deprecated, the other source still syncs.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class SourceFailuresIT {

    private static final FetchSettings FAST = new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), 2,
            Duration.ofMillis(50), 4L << 20);

    private final KafkaBroker broker;

    SourceFailuresIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void eachKindOfFailureKeepsTheSourcesModelsAndLetsTheOthersSync() throws Exception {
        byte[] litellm = Catalogs.read(Catalogs.snapshots("litellm_").get(0));
        List<Path> codex = Catalogs.snapshots("codex_");
        try (CatalogServer server = new CatalogServer(); SyncHarness registry = new SyncHarness(broker)) {
            server.answer("/litellm.json", CatalogServer.Answer.ok(litellm));
            SyncRun.Report first = registry.sync(List.of(new SyncRun.Source(SourceName.LITELLM, server.url("/litellm.json")),
                    new SyncRun.Source(SourceName.CODEX, codex.get(0).toString())), Instant.parse("2026-01-01T00:00:00Z"), Map.of(), FAST);
            assertThat(first.partialFailure()).isFalse();
            int liteLlmModels = first.sources().stream().filter(s -> s.source() == SourceName.LITELLM).findFirst().orElseThrow().models();
            assertThat(liteLlmModels).isGreaterThan(800);

            Map<String, CatalogServer.Answer> failures = Map.of(
                    "HTTP 500", new CatalogServer.Answer(500, "oops".getBytes(StandardCharsets.UTF_8), "text/plain", null, false),
                    "timeout", new CatalogServer.Answer(200, new byte[0], "application/json", null, true),
                    "truncated JSON", CatalogServer.Answer.ok(Arrays.copyOf(litellm, litellm.length / 2)),
                    "HTML error page with status 200", new CatalogServer.Answer(200,
                            "<!DOCTYPE html><html><body>Service unavailable</body></html>".getBytes(StandardCharsets.UTF_8), "text/html", null, false),
                    "shrunk by 90%", CatalogServer.Answer.ok(shrink(litellm, 0.1)),
                    "oversized body", CatalogServer.Answer.ok(new byte[5 << 20]));
            Map<String, String> expectedReason = Map.of("HTTP 500", "HTTP 500", "timeout", "timeout", "truncated JSON", "invalid or truncated JSON",
                    "HTML error page with status 200", "HTML", "shrunk by 90%", "shrank from", "oversized body", "larger than the limit");
            int round = 1;
            for (Map.Entry<String, CatalogServer.Answer> failure : failures.entrySet()) {
                String path = "/bad-" + round + ".json";
                server.answer(path, failure.getValue());
                SyncRun.Report report = registry.sync(List.of(new SyncRun.Source(SourceName.LITELLM, server.url(path)),
                                new SyncRun.Source(SourceName.CODEX, codex.get(round).toString())),
                        Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofDays(round)), Map.of(), FAST);
                SyncRun.SourceReport lite = report.sources().stream().filter(s -> s.source() == SourceName.LITELLM).findFirst().orElseThrow();
                SyncRun.SourceReport cdx = report.sources().stream().filter(s -> s.source() == SourceName.CODEX).findFirst().orElseThrow();
                assertThat(report.partialFailure()).as(failure.getKey()).isTrue();
                assertThat(lite.status()).as(failure.getKey()).isEqualTo("failed");
                assertThat(lite.detail()).as(failure.getKey()).contains(expectedReason.get(failure.getKey()));
                assertThat(lite.deprecated()).as(failure.getKey()).isZero();
                assertThat(cdx.status()).as("the other source still syncs (%s)", failure.getKey()).isEqualTo("ok");
                assertThat(report.events()).as("codex's changes are published (%s)", failure.getKey())
                        .allMatch(e -> e.getModelId().startsWith("openai/"));
                Map<String, ModelState> state = registry.state();
                long activeLiteLlm = state.values().stream()
                        .filter(s -> s.getSpec().getProvenance().containsValue("litellm"))
                        .filter(s -> s.getSpec().getLifecycle().getStatus() == LifecycleStatus.ACTIVE).count();
                assertThat(activeLiteLlm).as("nothing of litellm deprecated after %s", failure.getKey()).isGreaterThanOrEqualTo(liteLlmModels - 10);
                round++;
            }
            assertThat(server.hits("/bad-" + (List.copyOf(failures.keySet()).indexOf("HTTP 500") + 1) + ".json"))
                    .as("5xx is retried").isEqualTo(FAST.maxAttempts());
        }
    }

    @Test
    void aSourceThatHangsFailsWithinItsOwnTimeWhileTheOthersAreRead() throws Exception {
        byte[] codex = Catalogs.read(Catalogs.snapshots("codex_").get(0));
        // one attempt could wait 30 s, three of them 90 s; the source's own limit is 3 s
        FetchSettings hangs = new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(30), 3, Duration.ofMillis(100), 8L << 20,
                Duration.ofSeconds(3));
        try (CatalogServer server = new CatalogServer(); SyncHarness registry = new SyncHarness(broker)) {
            server.answer("/litellm.json", new CatalogServer.Answer(200, new byte[0], "application/json", null, true));
            server.answer("/codex.json", CatalogServer.Answer.ok(codex));
            long started = System.nanoTime();
            SyncRun.Report report = registry.sync(List.of(new SyncRun.Source(SourceName.LITELLM, server.url("/litellm.json")),
                    new SyncRun.Source(SourceName.CODEX, server.url("/codex.json"))), null, Map.of(), hangs);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            SyncRun.SourceReport lite = report.sources().stream().filter(s -> s.source() == SourceName.LITELLM).findFirst().orElseThrow();
            SyncRun.SourceReport cdx = report.sources().stream().filter(s -> s.source() == SourceName.CODEX).findFirst().orElseThrow();
            assertThat(lite.status()).isEqualTo("failed");
            assertThat(lite.detail()).contains("timeout");
            assertThat(cdx.status()).isEqualTo("ok");
            assertThat(report.counts().values().stream().mapToLong(Long::longValue).sum()).as("codex's models are published")
                    .isEqualTo(cdx.added());
            assertThat(took).as("the hanging source cost its own limit, not 3 x 30 s (slack for a slow machine)")
                    .isLessThan(Duration.ofSeconds(45));
        }
    }

    @Test
    void anApiKeyIsSentButNeverPrintedAndAMissingOneIsAClearMessage() throws Exception {
        byte[] openrouter = Catalogs.read(Catalogs.snapshots("openrouter_").get(0));
        try (CatalogServer server = new CatalogServer(); SyncHarness registry = new SyncHarness(broker)) {
            server.answer("/api/v1/models", new CatalogServer.Answer(200, openrouter, "application/json", "\"v1\"", false));
            server.answer("/v1/models", CatalogServer.Answer.ok("{\"data\": []}".getBytes(StandardCharsets.UTF_8)));
            SyncRun.Report missing = registry.sync(List.of(new SyncRun.Source(SourceName.OPENAI, server.url("/v1/models"))),
                    null, Map.of(), FAST);
            assertThat(missing.sources().get(0).detail()).as("OpenAI's /v1/models refuses every request without a key")
                    .contains("OPENAI_API_KEY is not set");
            assertThat(server.hits("/v1/models")).isZero();

            SyncRun.Report anonymous = registry.sync(List.of(new SyncRun.Source(SourceName.OPENROUTER, server.url("/api/v1/models"))),
                    null, Map.of(), FAST);
            assertThat(anonymous.partialFailure()).as("OpenRouter's model list is public: no key needed").isFalse();
            assertThat(server.authorization("/api/v1/models")).isNull();

            String secret = "sk-or-test-" + "0123456789abcdef";
            SyncRun.Report ok = registry.sync(List.of(new SyncRun.Source(SourceName.OPENROUTER, server.url("/api/v1/models?key=" + secret))),
                    null, Map.of("OPENROUTER_API_KEY", secret), FAST);
            assertThat(ok.partialFailure()).isFalse();
            assertThat(server.authorization("/api/v1/models")).isEqualTo("Bearer " + secret);
            assertThat(ok.sources().toString()).doesNotContain(secret);

            SyncRun.Report again = registry.sync(List.of(new SyncRun.Source(SourceName.OPENROUTER, server.url("/api/v1/models"))),
                    null, Map.of("OPENROUTER_API_KEY", secret), FAST);
            assertThat(again.sources().get(0).status()).as("ETag unchanged -> 304 -> last good copy").isEqualTo("not-modified");
            assertThat(again.events()).isEmpty();

            server.answer("/denied", new CatalogServer.Answer(401, "no".getBytes(StandardCharsets.UTF_8), "text/plain", null, false));
            SyncRun.Report denied = registry.sync(List.of(new SyncRun.Source(SourceName.OPENROUTER, server.url("/denied?token=" + secret))),
                    null, Map.of("OPENROUTER_API_KEY", secret), FAST);
            assertThat(denied.sources().get(0).detail()).contains("HTTP 401").contains("refused").doesNotContain(secret);
        }
    }

    /** @return the LiteLLM catalog keeping only {@code share} of its models */
    private static byte[] shrink(byte[] litellm, double share) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(litellm);
        int keep = (int) (root.size() * share);
        int i = 0;
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            it.next();
            if (i++ >= keep) {
                it.remove();
            }
        }
        return json.writeValueAsBytes(root);
    }
}
