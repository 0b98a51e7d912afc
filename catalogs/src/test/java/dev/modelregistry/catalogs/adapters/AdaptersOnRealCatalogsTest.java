package dev.modelregistry.catalogs.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every adapter over every real snapshot of its source: it reads them all, and known values come out right. */
class AdaptersOnRealCatalogsTest {

    private final RegistrySerdes serdes = new RegistrySerdes();

    private Map<String, ModelSpec> parse(CatalogAdapter adapter, Path file) throws Exception {
        AdapterResult result = adapter.parse(Catalogs.read(file));
        for (ModelSpec spec : result.specs()) {
            // every spec must be encodable: the serde is the strictest check of the shape
            assertThat(serdes.specs().decode(serdes.specs().encode(spec))).isEqualTo(spec);
        }
        return result.specs().stream().collect(Collectors.toMap(ModelSpec::getId, Function.identity()));
    }

    @Test
    void liteLlmEverySnapshot() throws Exception {
        for (Path file : Catalogs.snapshots("litellm_")) {
            Map<String, ModelSpec> specs = parse(new LiteLlmAdapter(), file);
            assertThat(specs.size()).as(file.getFileName().toString()).isGreaterThan(800);
            ModelSpec gpt4o = specs.get("openai/gpt-4o");
            assertThat(gpt4o.getPricing().getInputPerMillion()).isEqualByComparingTo("2.5");
            assertThat(gpt4o.getPricing().getOutputPerMillion()).isEqualByComparingTo("10");
            assertThat(gpt4o.getLimits().getContextWindow()).isEqualTo(128_000L);
            assertThat(gpt4o.getCapabilities()).containsEntry("tools", true).containsEntry("vision", true);
            assertThat(gpt4o.getApiKind()).as("LiteLLM's mode is an API kind").isEqualTo("chat");
            assertThat(gpt4o.getModelType()).as("the model type is derived after the merge, not read from mode").isNull();
        }
        Map<String, ModelSpec> april2025 = parse(new LiteLlmAdapter(), Catalogs.snapshots("litellm_").get(0));
        assertThat(april2025.get("openai/gpt-4o").getExtras()).as("fields with no home are kept")
                .containsEntry("litellm:search_context_cost_per_query",
                        "{\"search_context_size_low\":0.03,\"search_context_size_medium\":0.035,\"search_context_size_high\":0.05}");
    }

    @Test
    void modelsDevEverySnapshot() throws Exception {
        for (Path file : Catalogs.snapshots("modelsdev_")) {
            Map<String, ModelSpec> specs = parse(new ModelsDevAdapter(), file);
            assertThat(specs.size()).as(file.getFileName().toString()).isGreaterThan(600);
            ModelSpec gpt4o = specs.get("openai/gpt-4o");
            assertThat(gpt4o.getPricing().getInputPerMillion()).isEqualByComparingTo("2.5");
            assertThat(gpt4o.getLimits().getContextWindow()).isEqualTo(128_000L);
            assertThat(gpt4o.getDisplayName()).isEqualTo("GPT-4o");
        }
        Map<String, ModelSpec> latest = parse(new ModelsDevAdapter(), Catalogs.snapshots("modelsdev_").get(3));
        assertThat(latest.values().stream().filter(s -> s.getLifecycle().getStatus() == LifecycleStatus.DEPRECATED).count())
                .as("models.dev marks some models deprecated").isGreaterThan(50);
    }

    @Test
    void openRouterEverySnapshotWithPricesPerTokenAsStrings() throws Exception {
        for (Path file : Catalogs.snapshots("openrouter_")) {
            Map<String, ModelSpec> specs = parse(new OpenRouterAdapter(), file);
            assertThat(specs.size()).isGreaterThan(300);
            assertThat(specs.keySet()).allMatch(id -> id.startsWith("openrouter/"));
        }
        Map<String, ModelSpec> latest = parse(new OpenRouterAdapter(), Catalogs.snapshots("openrouter_").get(1));
        ModelSpec mini = latest.get("openrouter/openai/gpt-5.1-codex-mini");
        // "0.00000025" per token is 0.25 per million
        assertThat(mini.getPricing().getInputPerMillion()).isEqualByComparingTo(new BigDecimal("0.25"));
        assertThat(mini.getPricing().getOutputPerMillion()).isEqualByComparingTo("2");
        assertThat(mini.getLimits().getContextWindow()).isEqualTo(400_000L);
        assertThat(mini.getReasoning().getSupported()).containsExactly("high", "medium", "low");
    }

    @Test
    void codexEverySnapshotSurvivesTheFormatDrift() throws Exception {
        for (Path file : Catalogs.snapshots("codex_")) {
            AdapterResult result = new CodexAdapter().parse(Catalogs.read(file));
            assertThat(result.specs()).as(file.getFileName().toString()).isNotEmpty();
            assertThat(result.unreadable()).as("unreadable fields in %s", file.getFileName()).isEmpty();
        }
        Map<String, ModelSpec> dec2025 = parse(new CodexAdapter(), Catalogs.snapshots("codex_").get(1));
        assertThat(dec2025.get("openai/gpt-5.1-codex").getLifecycle().getReplacement())
                .as("upgrade as a plain slug").isEqualTo("openai/gpt-5.2-codex");
        Map<String, ModelSpec> jan2026 = parse(new CodexAdapter(), Catalogs.snapshots("codex_").get(5));
        assertThat(jan2026.get("openai/gpt-5.1-codex").getLifecycle().getReplacement())
                .as("upgrade as an object").isEqualTo("openai/gpt-5.2-codex");
        assertThat(jan2026.get("openai/gpt-5.1-codex").getExtras()).containsKey("codex:base_instructions")
                .containsKey("codex:upgrade.migration_markdown");
    }

    @Test
    void presetsShippedWithTheRepoLoad() throws Exception {
        for (String file : new String[] {"openai.yml", "openrouter.yml", "anthropic.yml"}) {
            AdapterResult result = new PresetsAdapter().parse(java.nio.file.Files.readAllBytes(Path.of(System.getProperty("testdata.dir", "../testdata"), "..", "presets", file)));
            assertThat(result.unreadable()).as(file).isEmpty();
            result.specs().forEach(s -> assertThat(serdes.specs().decode(serdes.specs().encode(s))).isEqualTo(s));
        }
    }
}
