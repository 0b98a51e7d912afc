package dev.modelregistry.sync.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.catalogs.adapters.AdapterResult;
import dev.modelregistry.catalogs.adapters.Catalogs;
import dev.modelregistry.catalogs.adapters.CodexAdapter;
import dev.modelregistry.catalogs.adapters.LiteLlmAdapter;
import dev.modelregistry.catalogs.adapters.ModelsDevAdapter;
import dev.modelregistry.catalogs.adapters.PresetsAdapter;
import dev.modelregistry.catalogs.source.SourceName;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecMergerTest {

    private static AdapterResult presets(String yaml) throws Exception {
        return new PresetsAdapter().parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenTwoSourcesWhenMergedThenTheHigherPrecedenceWinsEachFieldAndTheOtherFillsTheGaps() throws Exception {
        AdapterResult high = presets("""
                provider: openai
                models:
                  gpt-4o:
                    context_window: 111111
                    aliases: [gpt4o]
                """);
        AdapterResult low = presets("""
                provider: openai
                models:
                  gpt-4o:
                    name: GPT-4o
                    context_window: 128000
                    pricing: {input: 2.5, output: 10}
                    aliases: [openai/gpt-4o-2024-08-06]
                """);
        Map<SourceName, List<ModelSpec>> bySource = new LinkedHashMap<>();
        bySource.put(SourceName.PRESETS, high.specs());
        bySource.put(SourceName.LITELLM, low.specs());

        ModelSpec merged = SpecMerger.merge(bySource).get("openai/gpt-4o");

        assertThat(merged.getLimits().getContextWindow()).isEqualTo(111_111L);
        assertThat(merged.getDisplayName()).isEqualTo("GPT-4o");
        assertThat(merged.getPricing().getInputPerMillion()).isEqualByComparingTo("2.5");
        assertThat(merged.getAliases()).containsExactly("gpt4o", "openai/gpt-4o-2024-08-06");
        assertThat(merged.getProvenance()).containsEntry("limits.contextWindow", "presets")
                .containsEntry("displayName", "litellm").containsEntry("pricing.inputPerMillion", "litellm");
    }

    @Test
    void aDeprecationAnnouncedByAnySourceWins() throws Exception {
        AdapterResult active = presets("provider: openai\nmodels:\n  gpt-4:\n    context_window: 8192\n");
        AdapterResult deprecated = presets("provider: openai\nmodels:\n  gpt-4:\n    status: deprecated\n");
        Map<SourceName, List<ModelSpec>> bySource = new LinkedHashMap<>();
        bySource.put(SourceName.PRESETS, active.specs());
        bySource.put(SourceName.MODELSDEV, deprecated.specs());
        assertThat(SpecMerger.merge(bySource).get("openai/gpt-4").getLifecycle().getStatus()).isEqualTo(LifecycleStatus.DEPRECATED);
    }

    @Test
    void realCatalogsMergeIntoEncodableSpecs() throws Exception {
        Map<SourceName, List<ModelSpec>> bySource = new LinkedHashMap<>();
        bySource.put(SourceName.CODEX, new CodexAdapter().parse(Catalogs.read(Catalogs.snapshots("codex_").get(12))).specs());
        bySource.put(SourceName.MODELSDEV, new ModelsDevAdapter().parse(Catalogs.read(Catalogs.snapshots("modelsdev_").get(3))).specs());
        bySource.put(SourceName.LITELLM, new LiteLlmAdapter().parse(Catalogs.read(Catalogs.snapshots("litellm_").get(4))).specs());
        Map<String, ModelSpec> merged = SpecMerger.merge(bySource);
        RegistrySerdes serdes = new RegistrySerdes();
        merged.values().forEach(s -> assertThat(serdes.specs().decode(serdes.specs().encode(s))).isEqualTo(s));
        ModelSpec gpt4o = merged.get("openai/gpt-4o");
        assertThat(gpt4o.getProvenance().get("displayName")).isEqualTo("modelsdev");
        // LiteLLM's priority prices have a home in the spec now; what has none is kept as extras
        assertThat(gpt4o.getPricing().getPriorityInputPerMillion()).isEqualByComparingTo("4.25");
        assertThat(gpt4o.getProvenance().get("pricing.priorityInputPerMillion")).isEqualTo("litellm");
        assertThat(merged.values()).anyMatch(s -> s.getExtras().containsKey("litellm:search_context_cost_per_query"));
    }
}
