package dev.modelregistry.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.sync.poll.PolledSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SourcesConfigTest {

    private static final Path PRESETS = Path.of("/data/bundled/presets");

    private static PolledSource find(List<PolledSource> all, SourceName name) {
        return all.stream().filter(s -> s.name() == name).findFirst().orElseThrow();
    }

    @Test
    void givenNothingThenThePublicCatalogsArePolledHourlyAndTheOnesNeedingAKeyOrAServerSayWhyNot() {
        List<PolledSource> all = SourcesConfig.sources(RegistryConfig.load(null, Map.of(), Map.of()), PRESETS, Map.of());
        assertThat(all).extracting(PolledSource::name).containsExactly(SourceName.values());
        assertThat(find(all, SourceName.LITELLM).location())
                .isEqualTo("https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json");
        assertThat(find(all, SourceName.MODELSDEV).location()).isEqualTo("https://models.dev/api.json");
        assertThat(find(all, SourceName.OPENROUTER).location()).isEqualTo("https://openrouter.ai/api/v1/models");
        assertThat(find(all, SourceName.CODEX).location()).isEqualTo("https://raw.githubusercontent.com/openai/codex/main/codex-rs/core/models.json");
        assertThat(find(all, SourceName.PRESETS).location()).isEqualTo(PRESETS.toString());
        assertThat(all).filteredOn(PolledSource::polled).extracting(PolledSource::name)
                .containsExactly(SourceName.PRESETS, SourceName.CODEX, SourceName.OPENROUTER, SourceName.MODELSDEV, SourceName.LITELLM);
        assertThat(all).filteredOn(PolledSource::polled).allMatch(s -> s.interval().equals(Duration.ofHours(1)));
        assertThat(find(all, SourceName.OPENAI).notPolledBecause()).isEqualTo("needs an API key: set OPENAI_API_KEY");
        assertThat(find(all, SourceName.OLLAMA).notPolledBecause()).contains("api.ollama.url");
        assertThat(find(all, SourceName.OPENROUTER).keyVariable()).as("sent when set").isEqualTo("OPENROUTER_API_KEY");
    }

    @Test
    void givenTheOpenAiKeyAndAnOllamaServerThenBothArePolled() {
        RegistryConfig config = RegistryConfig.load(null, Map.of(), Map.of(RegistryConfig.API_OLLAMA_URL, "http://127.0.0.1:11434/"));
        List<PolledSource> all = SourcesConfig.sources(config, PRESETS, Map.of("OPENAI_API_KEY", "sk-test"));
        assertThat(find(all, SourceName.OPENAI).polled()).isTrue();
        assertThat(find(all, SourceName.OPENAI).location()).isEqualTo("https://api.openai.com/v1/models");
        assertThat(find(all, SourceName.OLLAMA).location()).isEqualTo("http://127.0.0.1:11434/api/tags");
    }

    @Test
    void givenTheEnvironmentThenAUrlAnIntervalAKeyVariableAndASwitchAreEachOverridden() {
        Map<String, String> env = Map.of("MODEL_REGISTRY_SOURCE_LITELLM_URL", "https://mirror.example/prices.json",
                "MODEL_REGISTRY_SOURCE_LITELLM_INTERVAL", "15m",
                "MODEL_REGISTRY_SOURCE_OPENAI_KEY_ENV", "MY_OPENAI_KEY", "MY_OPENAI_KEY", "sk-x",
                "MODEL_REGISTRY_SOURCE_MODELSDEV_ENABLED", "false");
        List<PolledSource> all = SourcesConfig.sources(RegistryConfig.load(null, env, Map.of()), PRESETS, env);
        assertThat(find(all, SourceName.LITELLM).location()).isEqualTo("https://mirror.example/prices.json");
        assertThat(find(all, SourceName.LITELLM).interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(find(all, SourceName.OPENAI).polled()).isTrue();
        assertThat(find(all, SourceName.OPENAI).keyVariable()).isEqualTo("MY_OPENAI_KEY");
        assertThat(find(all, SourceName.MODELSDEV).notPolledBecause()).isEqualTo("switched off (source.modelsdev.enabled=false)");
    }

    @Test
    void aUrlWithACredentialInItsQueryIsShownWithoutIt() {
        RegistryConfig config = RegistryConfig.load(null, Map.of(), Map.of("source.openrouter.url", "https://openrouter.ai/api/v1/models?key=secret"));
        assertThat(find(SourcesConfig.sources(config, PRESETS, Map.of()), SourceName.OPENROUTER).displayLocation())
                .isEqualTo("https://openrouter.ai/api/v1/models?…").doesNotContain("secret");
    }

    @Test
    void aBadIntervalIsRefusedNamingTheKeyAndTheForm() {
        assertThatThrownBy(() -> RegistryConfig.load(null, Map.of(), Map.of("source.codex.interval", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("source.codex.interval").hasMessageContaining("30s, 5m, 1h");
        assertThatThrownBy(() -> RegistryConfig.load(null, Map.of(), Map.of("source.codex.interval", "0s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("positive");
        assertThat(Durations.parse("PT90M")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    }
}
