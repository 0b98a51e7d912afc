package dev.modelregistry.api.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.catalogs.adapters.CatalogAdapter;
import dev.modelregistry.catalogs.adapters.LiteLlmAdapter;
import dev.modelregistry.catalogs.adapters.ModelsDevAdapter;
import dev.modelregistry.catalogs.adapters.OpenRouterAdapter;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.Pricing;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Each export, read back by the registry's own adapter for that format, gives the same models
 * with the same prices and limits: given a real captured catalog, when exported and re-read,
 * then nothing is lost or changed.
 */
class CatalogExportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] catalog(String name) throws Exception {
        Path file = Path.of(System.getProperty("testdata.dir"), "catalogs", name);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static Map<String, ModelSpec> byId(List<ModelSpec> specs) {
        Map<String, ModelSpec> out = new LinkedHashMap<>();
        specs.forEach(s -> out.put(s.getId(), s));
        return out;
    }

    private static void roundTrip(String file, CatalogAdapter adapter, Function<List<ModelSpec>, ObjectNode> export, boolean maxInput)
            throws Exception {
        Map<String, ModelSpec> original = byId(adapter.parse(catalog(file)).specs());
        byte[] exported = JSON.writeValueAsBytes(export.apply(List.copyOf(original.values())));
        Map<String, ModelSpec> reread = byId(adapter.parse(exported).specs());

        assertThat(reread.keySet()).as("the same models").containsExactlyInAnyOrderElementsOf(original.keySet());
        int priced = 0;
        for (ModelSpec o : original.values()) {
            ModelSpec r = reread.get(o.getId());
            assertPrices(o.getId(), o.getPricing(), r.getPricing());
            if (adapter instanceof LiteLlmAdapter) {
                assertEveryPrice(o.getId(), o.getPricing(), r.getPricing());
            }
            priced += o.getPricing() != null && o.getPricing().getInputPerMillion() != null ? 1 : 0;
            assertThat(r.getLimits().getContextWindow()).as(o.getId() + " context").isEqualTo(o.getLimits().getContextWindow());
            assertThat(r.getLimits().getMaxOutputTokens()).as(o.getId() + " max output").isEqualTo(o.getLimits().getMaxOutputTokens());
            if (maxInput) {
                assertThat(r.getLimits().getMaxInputTokens()).as(o.getId() + " max input").isEqualTo(o.getLimits().getMaxInputTokens());
            }
            assertThat(r.getCapabilities()).as(o.getId() + " capabilities").isEqualTo(o.getCapabilities());
            assertThat(r.getModalitiesIn()).as(o.getId() + " input modalities").isEqualTo(o.getModalitiesIn());
        }
        assertThat(priced).as("a real catalog: most models have a price").isGreaterThan(original.size() / 2);
    }

    private static void assertPrices(String id, Pricing o, Pricing r) {
        if (o == null) {
            assertThat(r).as(id + " has no price and gets none").isNull();
            return;
        }
        assertThat(r).as(id + " pricing").isNotNull();
        same(id + " input", o.getInputPerMillion(), r.getInputPerMillion());
        same(id + " output", o.getOutputPerMillion(), r.getOutputPerMillion());
        same(id + " cache read", o.getCacheReadPerMillion(), r.getCacheReadPerMillion());
        same(id + " cache write", o.getCacheWritePerMillion(), r.getCacheWritePerMillion());
        same(id + " reasoning", o.getReasoningPerMillion(), r.getReasoningPerMillion());
    }

    /** Every price component, tiers included, survives LiteLLM's export, but for what its keys cannot say. */
    private static void assertEveryPrice(String id, Pricing o, Pricing r) {
        if (o == null) {
            return;
        }
        java.util.Map<String, java.math.BigDecimal> expected = new java.util.TreeMap<>(dev.modelregistry.schemas.cost.PriceFields.of(o));
        // LiteLLM has no key for a tier's reasoning price, nor for a threshold off the thousands
        expected.keySet().removeIf(k -> k.startsWith("tiers.") && (k.endsWith(".reasoningPerMillion")
                || Long.parseLong(k.split("\\.")[1]) % 1000 != 0));
        java.util.Map<String, java.math.BigDecimal> actual = new java.util.TreeMap<>(dev.modelregistry.schemas.cost.PriceFields.of(r));
        assertThat(actual.keySet()).as(id + " price fields").isEqualTo(expected.keySet());
        expected.forEach((k, v) -> same(id + " " + k, v, actual.get(k)));
    }

    private static void same(String what, BigDecimal a, BigDecimal b) {
        if (a == null) {
            assertThat(b).as(what).isNull();
        } else {
            assertThat(b).as(what).isNotNull();
            assertThat(b.compareTo(a)).as(what + ": " + a + " vs " + b).isZero();
        }
    }

    @Test
    void liteLlmsExportReadBackByTheLiteLlmAdapterGivesTheSameModelsAndPrices() throws Exception {
        roundTrip("litellm_model_prices_2026-07-24_8442b939.json.gz", new LiteLlmAdapter(), CatalogExports::liteLlm, true);
    }

    @Test
    void modelsDevsExportReadBackByTheModelsDevAdapterGivesTheSameModelsAndPrices() throws Exception {
        roundTrip("modelsdev_api_2026-07-02_f3fc6922.json.gz", new ModelsDevAdapter(), CatalogExports::modelsDev, true);
    }

    @Test
    void openRoutersExportReadBackByTheOpenRouterAdapterGivesTheSameModelsAndPrices() throws Exception {
        roundTrip("openrouter_api_v1_models_2026-08-19_ef05c3b.json.gz", new OpenRouterAdapter(), CatalogExports::openRouter, false);
    }

    @Test
    void liteLlmKeysAreWhatLiteLlmRoutesAndCostsArePerToken() throws Exception {
        Map<String, ModelSpec> modelsDev = byId(new ModelsDevAdapter().parse(catalog("modelsdev_api_2026-07-02_f3fc6922.json.gz")).specs());
        ObjectNode export = CatalogExports.liteLlm(List.of(modelsDev.get("openai/gpt-4o"), modelsDev.get("mistral/mistral-large-latest")));
        assertThat(export.has("gpt-4o")).as("OpenAI's models are bare names in LiteLLM").isTrue();
        assertThat(export.has("mistral/mistral-large-latest")).as("others carry their provider").isTrue();
        assertThat(export.get("gpt-4o").get("litellm_provider").asText()).isEqualTo("openai");
        assertThat(export.get("gpt-4o").get("input_cost_per_token").decimalValue().compareTo(new BigDecimal("0.0000025"))).isZero();
        assertThat(export.get("gpt-4o").get("supports_function_calling").asBoolean()).isTrue();
        assertThat(export.get("gpt-4o").has("supports_tools")).as("LiteLLM's own flag names").isFalse();
    }

    @Test
    void theSameModelsGiveTheSameBytesWhateverTheirOrder() throws Exception {
        List<ModelSpec> specs = new LiteLlmAdapter().parse(catalog("litellm_model_prices_2026-07-24_8442b939.json.gz")).specs();
        List<ModelSpec> reversed = new java.util.ArrayList<>(specs);
        java.util.Collections.reverse(reversed);
        assertThat(JSON.writeValueAsBytes(CatalogExports.openRouter(reversed))).isEqualTo(JSON.writeValueAsBytes(CatalogExports.openRouter(specs)));
        assertThat(JSON.writeValueAsBytes(CatalogExports.modelsDev(reversed))).isEqualTo(JSON.writeValueAsBytes(CatalogExports.modelsDev(specs)));
    }
}
