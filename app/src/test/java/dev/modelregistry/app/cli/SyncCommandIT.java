package dev.modelregistry.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.it.FoldOnKafkaIT;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code sync} as a user runs it: summary table, token, dry run, exit codes. */
@ExtendWith(EmbeddedKafkaExtension.class)
class SyncCommandIT {

    private final KafkaBroker broker;

    SyncCommandIT(KafkaBroker broker) {
        this.broker = broker;
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void syncPrintsASummaryATokenAndExitsThreeWhenASourceFails() throws Exception {
        RegistryTopics topics = FoldOnKafkaIT.topics(broker, 3);
        String appId = broker.uniqueName("cli");
        Path work = Files.createTempDirectory("sync-cli-");
        Path config = work.resolve("registry.properties");
        Files.write(config, List.of("bootstrap.servers=" + broker.bootstrapServers(), "application.id=" + appId,
                "topic.events=" + topics.events(), "topic.history=" + topics.history(), "topic.state=" + topics.state(),
                "topic.rejected=" + topics.rejected(), "data.dir=" + work.resolve("data")));
        Path codex = Path.of(System.getProperty("testdata.dir"), "catalogs", "codex_models_2026-07-09_3380969a2.json.gz");
        Path presets = Path.of(System.getProperty("testdata.dir"), "..", "presets");
        try (RegistryStreamsApp app = new RegistryStreamsApp(FoldOnKafkaIT.settings(broker, topics, appId, "localhost:7501", 0),
                new RegistrySerdes())) {
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();

            CliRun dry = run("sync", "--config", config.toString(), "--source", "codex=" + codex, "--dry-run");
            assertThat(dry.exit()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("Would publish: 8 added").contains("MODEL_ADDED      openai/gpt-5.6-sol");

            CliRun partial = run("sync", "--config", config.toString(), "--source", "codex=" + codex, "--presets", presets.toString(),
                    "--source", "litellm=http://127.0.0.1:1/model_prices.json", "--grace", "0");
            assertThat(partial.exit()).as(partial.out() + partial.err()).isEqualTo(RootCommand.EXIT_PARTIAL);
            assertThat(partial.out()).contains("litellm     failed").contains("cannot reach http://127.0.0.1:1/model_prices.json")
                    .contains("Partial failure").contains("Consistency token: v1.");
            String token = partial.out().lines().filter(l -> l.startsWith("Consistency token: ")).findFirst().orElseThrow()
                    .substring("Consistency token: ".length());
            assertThat(ConsistencyToken.decode(token).topic()).isEqualTo(topics.events());

            CliRun again = run("sync", "--config", config.toString(), "--source", "codex=" + codex, "--presets", presets.toString());
            assertThat(again.exit()).isZero();
            assertThat(again.out()).contains("Published: 0 added, 0 changed, 0 deprecated");

            // without --source: the configured sources (here codex from a file, the presets bundled
            // with the app, the other catalogs switched off)
            Path configured = work.resolve("configured.properties");
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(config));
            lines.add("source.codex.url=" + codex);
            for (String off : List.of("openrouter", "modelsdev", "litellm")) {
                lines.add("source." + off + ".enabled=false");
            }
            Files.write(configured, lines);
            CliRun fromConfig = run("sync", "--config", configured.toString());
            assertThat(fromConfig.exit()).as(fromConfig.out() + fromConfig.err()).isZero();
            assertThat(fromConfig.out()).containsPattern("presets +ok").containsPattern("codex +ok")
                    .doesNotContain("litellm ").contains("Published: 0 added, 0 changed, 0 deprecated");

            CliRun usage = run("sync", "--config", config.toString(), "--source", "nonsense=/tmp/x");
            assertThat(usage.exit()).isEqualTo(2);
            assertThat(usage.err()).contains("unknown source 'nonsense'");
        }
    }
}
