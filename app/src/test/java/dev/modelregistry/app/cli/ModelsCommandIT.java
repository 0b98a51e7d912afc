package dev.modelregistry.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.api.http.QueryApi;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.it.FoldOnKafkaIT;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code models} against a running registry: the Codex list for an auth mode, as the seed expects. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ModelsCommandIT {

    private final KafkaBroker broker;

    ModelsCommandIT(KafkaBroker broker) {
        this.broker = broker;
    }

    private static String run(String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        return r.out();
    }

    @Test
    void listsTheSeedsModelsPerAuthModeWithTheDefaultFirst() throws Exception {
        RegistryTopics topics = FoldOnKafkaIT.topics(broker, 3);
        String appId = broker.uniqueName("models");
        int port = ChildJvm.freePort();
        Path work = Files.createTempDirectory("models-cli-");
        Path config = work.resolve("registry.properties");
        Files.write(config, List.of("bootstrap.servers=" + broker.bootstrapServers(), "application.id=" + appId,
                "topic.events=" + topics.events(), "topic.history=" + topics.history(), "topic.state=" + topics.state(),
                "topic.rejected=" + topics.rejected(), "data.dir=" + work.resolve("data")));
        RegistrySerdes serdes = new RegistrySerdes();
        try (RegistryStreamsApp app = new RegistryStreamsApp(FoldOnKafkaIT.settings(broker, topics, appId, "localhost:" + port, 0), serdes);
             QueryApi api = new QueryApi(new QueryApi.Settings("localhost", port, null, Duration.ofSeconds(5), Duration.ofSeconds(5)), app, serdes,
                     Map.of("bootstrap.servers", broker.bootstrapServers()), topics)) {
            app.start();
            api.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            Path presets = Path.of(System.getProperty("testdata.dir"), "..", "presets");
            run("sync", "--config", config.toString(), "--presets", presets.toString());
            new dev.modelregistry.sync.publish.RegistryStateReader(Map.of("bootstrap.servers", broker.bootstrapServers()), topics, appId,
                    serdes.states()).awaitCaughtUp(Duration.ofSeconds(60));

            String base = "http://localhost:" + port;
            assertThat(run("models", "--auth", "api_key", "--api", base).lines().toList())
                    .containsExactly("* gpt-5.1-codex-max (default)", "  gpt-5.1-codex-mini", "  gpt-5.2");
            Path authJson = work.resolve("auth.json");
            Files.writeString(authJson, "{\"tokens\": {\"id_token\": \"x\"}}");
            String chatgpt = run("models", "--auth", "auto", "--auth-file", authJson.toString(), "--api", base);
            assertThat(chatgpt.lines().toList()).startsWith("auth: chatgpt (no API key found (CODEX_API_KEY unset, no key in " + authJson + "))")
                    .contains("* gpt-5.2-codex (default)");
            Files.writeString(authJson, "{\"OPENAI_API_KEY\": \"sk-test\"}");
            String apiKey = run("models", "--auth-file", authJson.toString(), "--api", base);
            assertThat(apiKey).contains("auth: api_key").contains("* gpt-5.1-codex-max (default)").doesNotContain("sk-test");
        }
    }
}
