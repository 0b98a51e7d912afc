package dev.modelregistry.sync.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.catalogs.adapters.Catalogs;
import dev.modelregistry.catalogs.adapters.LiteLlmAdapter;
import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.cost.Bill;
import dev.modelregistry.schemas.cost.Bill.Component;
import dev.modelregistry.schemas.cost.Bill.ServiceTier;
import dev.modelregistry.schemas.cost.Bill.Usage;
import dev.modelregistry.sync.merge.SpecMerger;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given LiteLLM's bundled price maps, when usage is priced, then each line is the catalog's own
 * per-token number times the tokens (checked against the raw JSON, not against the adapter).
 */
class BillOnRealCatalogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path newest;
    private static Path oldest;

    @BeforeAll
    static void snapshots() throws Exception {
        List<Path> litellm = Catalogs.snapshots("litellm_");
        oldest = litellm.get(0);
        newest = litellm.get(litellm.size() - 1);
        assertThat(Catalogs.date(oldest)).isEqualTo("2025-04-01");
        assertThat(Catalogs.date(newest)).isEqualTo("2026-07-24");
    }

    @Test
    void claudeWithCacheReadsAndBothCacheWrites() throws Exception {
        JsonNode raw = raw(newest, "claude-sonnet-4-20250514");
        Usage usage = usage(ServiceTier.STANDARD, "input_tokens", 10_000, "cached_input_tokens", 50_000,
                "cache_write_tokens", 20_000, "cache_write_1h_tokens", 5_000, "output_tokens", 2_000);

        Bill.Priced bill = Bill.of(state(newest, "claude-sonnet-4-20250514"), usage);

        assertThat(bill.longContextTier()).as("85k tokens is under the 200k tier").isNull();
        assertLine(bill, Component.INPUT, 10_000, raw.get("input_cost_per_token"), "pricing.inputPerMillion");
        assertLine(bill, Component.CACHED_INPUT, 50_000, raw.get("cache_read_input_token_cost"), "pricing.cacheReadPerMillion");
        assertLine(bill, Component.CACHE_WRITE_5M, 20_000, raw.get("cache_creation_input_token_cost"), "pricing.cacheWritePerMillion");
        assertLine(bill, Component.CACHE_WRITE_1H, 5_000, raw.get("cache_creation_input_token_cost_above_1hr"), "pricing.cacheWrite1hPerMillion");
        assertLine(bill, Component.OUTPUT, 2_000, raw.get("output_cost_per_token"), "pricing.outputPerMillion");
        assertThat(bill.total()).isEqualByComparingTo(sum(
                times(raw.get("input_cost_per_token"), 10_000), times(raw.get("cache_read_input_token_cost"), 50_000),
                times(raw.get("cache_creation_input_token_cost"), 20_000), times(raw.get("cache_creation_input_token_cost_above_1hr"), 5_000),
                times(raw.get("output_cost_per_token"), 2_000)));
        assertThat(bill.total()).isEqualByComparingTo("0.18");
        assertThat(bill.complete()).isTrue();
        assertThat(bill.lines()).allSatisfy(l -> assertThat(l.source()).isEqualTo("litellm"));
    }

    @Test
    void geminiOverItsLongContextTierPricesTheWholeRequestAtTheTierRates() throws Exception {
        JsonNode raw = raw(newest, "gemini/gemini-2.5-pro");
        Usage usage = usage(ServiceTier.STANDARD, "input_tokens", 250_000, "cached_input_tokens", 10_000, "output_tokens", 4_000);

        Bill.Priced bill = Bill.of(state(newest, "gemini/gemini-2.5-pro"), usage);

        assertThat(bill.promptTokens()).isEqualTo(260_000);
        assertThat(bill.longContextTier()).isEqualTo("200000");
        assertThat(bill.rules()).containsExactly(Bill.LONG_CONTEXT);
        assertLine(bill, Component.INPUT, 250_000, raw.get("input_cost_per_token_above_200k_tokens"), "pricing.tiers.200000.inputPerMillion");
        assertLine(bill, Component.CACHED_INPUT, 10_000, raw.get("cache_read_input_token_cost_above_200k_tokens"),
                "pricing.tiers.200000.cacheReadPerMillion");
        assertLine(bill, Component.OUTPUT, 4_000, raw.get("output_cost_per_token_above_200k_tokens"), "pricing.tiers.200000.outputPerMillion");
        assertThat(bill.total()).isEqualByComparingTo("0.6875");

        // the same request one token under the threshold: base rates, no rule
        Bill.Priced under = Bill.of(state(newest, "gemini/gemini-2.5-pro"),
                usage(ServiceTier.STANDARD, "input_tokens", 190_000, "cached_input_tokens", 10_000, "output_tokens", 4_000));
        assertThat(under.longContextTier()).isNull();
        assertThat(under.total()).isEqualByComparingTo(sum(times(raw.get("input_cost_per_token"), 190_000),
                times(raw.get("cache_read_input_token_cost"), 10_000), times(raw.get("output_cost_per_token"), 4_000)));
    }

    @Test
    void openAiReasoningTokensWithoutTheirOwnPriceAreBilledAsOutput() throws Exception {
        JsonNode raw = raw(newest, "o3");
        assertThat(raw.has("output_cost_per_reasoning_token")).as("the catalog gives o3 no reasoning price").isFalse();

        Bill.Priced bill = Bill.of(state(newest, "o3"),
                usage(ServiceTier.STANDARD, "input_tokens", 1_000, "output_tokens", 500, "reasoning_tokens", 3_000));

        assertBorrowed(bill, Component.REASONING, Bill.REASONING_AS_OUTPUT, "pricing.outputPerMillion", raw.get("output_cost_per_token"), 3_000);
        assertThat(bill.total()).isEqualByComparingTo("0.03");
        assertThat(bill.rules()).containsExactly(Bill.REASONING_AS_OUTPUT);
    }

    @Test
    void batchUsesTheBatchPricesAndSaysUnknownWhereThereIsNone() throws Exception {
        JsonNode raw = raw(newest, "gpt-4o");

        Bill.Priced bill = Bill.of(state(newest, "gpt-4o"), usage(ServiceTier.BATCH, "input_tokens", 1_000_000, "output_tokens", 1_000_000));

        assertLine(bill, Component.INPUT, 1_000_000, raw.get("input_cost_per_token_batches"), "pricing.batchInputPerMillion");
        assertLine(bill, Component.OUTPUT, 1_000_000, raw.get("output_cost_per_token_batches"), "pricing.batchOutputPerMillion");
        assertThat(bill.total()).isEqualByComparingTo("6.25");
        assertThat(bill.complete()).isTrue();

        Bill.Priced cached = Bill.of(state(newest, "gpt-4o"), usage(ServiceTier.BATCH, "input_tokens", 1_000_000, "cached_input_tokens", 1_000));
        Bill.Line unknown = line(cached, Component.CACHED_INPUT);
        assertThat(unknown.price()).as("no batch price for cached input in the catalog: unknown, not 0").isNull();
        assertThat(unknown.amount()).isNull();
        assertThat(cached.complete()).isFalse();
        assertThat(cached.total()).as("a lower bound: the known lines only").isEqualByComparingTo("1.25");
    }

    @Test
    void theSameUsageAtTwoDatesGivesTheTwoHistoricalTotals() throws Exception {
        Usage usage = Usage.tokens(1_000_000, 1_000_000);
        BigDecimal then = Bill.of(state(oldest, "gpt-3.5-turbo"), usage).total();
        BigDecimal now = Bill.of(state(newest, "gpt-3.5-turbo"), usage).total();
        JsonNode rawThen = raw(oldest, "gpt-3.5-turbo");
        JsonNode rawNow = raw(newest, "gpt-3.5-turbo");
        assertThat(then).isEqualByComparingTo(sum(times(rawThen.get("input_cost_per_token"), 1_000_000),
                times(rawThen.get("output_cost_per_token"), 1_000_000))).isEqualByComparingTo("3.5");
        assertThat(now).isEqualByComparingTo(sum(times(rawNow.get("input_cost_per_token"), 1_000_000),
                times(rawNow.get("output_cost_per_token"), 1_000_000))).isEqualByComparingTo("2");
    }

    @Test
    void aServiceTierTheModelHasNoPriceForIsUnknownNotFree() throws Exception {
        Bill.Priced bill = Bill.of(state(newest, "claude-sonnet-4-20250514"), usage(ServiceTier.FLEX, "input_tokens", 1_000, "output_tokens", 1_000));
        assertThat(bill.lines()).hasSize(2).allSatisfy(l -> {
            assertThat(l.price()).isNull();
            assertThat(l.rule()).isEqualTo(Bill.SERVICE_TIER);
        });
        assertThat(bill.complete()).isFalse();
        assertThat(bill.total()).isEqualByComparingTo("0");
    }

    @Test
    void audioTokensAndWebSearchesArePricedOnlyWhereTheUnitIsUnambiguous() throws Exception {
        JsonNode audio = raw(newest, "gpt-4o-audio-preview");
        Bill.Priced spoken = Bill.of(state(newest, "gpt-4o-audio-preview"),
                usage(ServiceTier.STANDARD, "input_tokens", 1_000, "output_tokens", 200,
                        "audio_input_tokens", 30_000, "audio_output_tokens", 12_000));
        assertLine(spoken, Component.AUDIO_INPUT, 30_000, audio.get("input_cost_per_audio_token"), "pricing.audioInputPerMillion");
        assertLine(spoken, Component.AUDIO_OUTPUT, 12_000, audio.get("output_cost_per_audio_token"), "pricing.audioOutputPerMillion");
        assertThat(spoken.total()).isEqualByComparingTo(sum(times(audio.get("input_cost_per_token"), 1_000),
                times(audio.get("output_cost_per_token"), 200), times(audio.get("input_cost_per_audio_token"), 30_000),
                times(audio.get("output_cost_per_audio_token"), 12_000)));

        // Claude: every search context size costs the same, so that is the price of a search
        JsonNode claude = raw(newest, "claude-sonnet-4-20250514").get("search_context_cost_per_query");
        Bill.Priced searched = Bill.of(state(newest, "claude-sonnet-4-20250514"),
                usage(ServiceTier.STANDARD, "input_tokens", 1_000, "output_tokens", 100, "web_searches", 3));
        Bill.Line searches = line(searched, Component.WEB_SEARCHES);
        assertThat(searches.priceField()).isEqualTo("pricing.webSearchPerCall");
        assertThat(searches.price()).isEqualByComparingTo(claude.get("search_context_size_medium").decimalValue());
        assertThat(searches.amount()).isEqualByComparingTo(claude.get("search_context_size_medium").decimalValue().multiply(BigDecimal.valueOf(3)));

        // gpt-4o-search-preview: the price depends on the context size the request asks for, which a usage line does not say
        assertThat(raw(newest, "gpt-4o-search-preview").get("search_context_cost_per_query").get("search_context_size_low").asText())
                .isNotEqualTo(raw(newest, "gpt-4o-search-preview").get("search_context_cost_per_query").get("search_context_size_high").asText());
        Bill.Priced unknown = Bill.of(state(newest, "gpt-4o-search-preview"),
                usage(ServiceTier.STANDARD, "input_tokens", 1_000, "output_tokens", 100, "web_searches", 1));
        assertThat(line(unknown, Component.WEB_SEARCHES).price()).isNull();
        assertThat(unknown.complete()).isFalse();
    }

    @Test
    void qwenIsPricedFromLiteLlmsTokenRangesTheFirstAsTheBasePriceTheOthersAsTiers() throws Exception {
        JsonNode ranges = raw(newest, "dashscope/qwen3-max").get("tiered_pricing");
        assertThat(raw(newest, "dashscope/qwen3-max").has("input_cost_per_token")).as("only ranges, no top-level price").isFalse();
        ModelState qwen = state(newest, "dashscope/qwen3-max");

        Bill.Priced small = Bill.of(qwen, Usage.tokens(10_000, 1_000));
        assertLine(small, Component.INPUT, 10_000, ranges.get(0).get("input_cost_per_token"), "pricing.inputPerMillion");
        assertLine(small, Component.OUTPUT, 1_000, ranges.get(0).get("output_cost_per_token"), "pricing.outputPerMillion");

        Bill.Priced middle = Bill.of(qwen, Usage.tokens(50_000, 1_000));
        assertThat(ranges.get(1).get("range").get(0).asLong()).isEqualTo(32_000);
        assertThat(middle.longContextTier()).isEqualTo("32000");
        assertLine(middle, Component.INPUT, 50_000, ranges.get(1).get("input_cost_per_token"), "pricing.tiers.32000.inputPerMillion");
        assertLine(middle, Component.OUTPUT, 1_000, ranges.get(1).get("output_cost_per_token"), "pricing.tiers.32000.outputPerMillion");
        assertThat(middle.total()).isEqualByComparingTo(sum(times(ranges.get(1).get("input_cost_per_token"), 50_000),
                times(ranges.get(1).get("output_cost_per_token"), 1_000)));
        assertThat(middle.total()).isEqualByComparingTo("0.132");

        // a range may restate the reasoning price too
        JsonNode plus = raw(newest, "dashscope/qwen-plus-latest").get("tiered_pricing").get(1);
        Bill.Priced thinking = Bill.of(state(newest, "dashscope/qwen-plus-latest"),
                usage(ServiceTier.STANDARD, "input_tokens", 300_000, "output_tokens", 100, "reasoning_tokens", 2_000));
        assertLine(thinking, Component.REASONING, 2_000, plus.get("output_cost_per_reasoning_token"), "pricing.tiers.256000.reasoningPerMillion");
        assertThat(thinking.complete()).isTrue();
    }

    @Test
    void priorityPastTheLongContextThresholdUsesThePriorityPriceOfThatTier() throws Exception {
        JsonNode raw = raw(newest, "azure_ai/gpt-5.5");
        Bill.Priced bill = Bill.of(state(newest, "azure_ai/gpt-5.5"),
                usage(ServiceTier.PRIORITY, "input_tokens", 300_000, "output_tokens", 1_000));

        assertLine(bill, Component.INPUT, 300_000, raw.get("input_cost_per_token_above_272k_tokens_priority"),
                "pricing.tiers.272000.priorityInputPerMillion");
        assertLine(bill, Component.OUTPUT, 1_000, raw.get("output_cost_per_token_above_272k_tokens_priority"),
                "pricing.tiers.272000.priorityOutputPerMillion");
        assertThat(bill.rules()).containsExactly(Bill.LONG_CONTEXT, Bill.SERVICE_TIER);
        assertThat(bill.total()).isEqualByComparingTo("6.09");

        // flex past the threshold: the catalog gives no such price, so it is unknown, not the standard one
        Bill.Priced flex = Bill.of(state(newest, "azure_ai/gpt-5.5"), usage(ServiceTier.FLEX, "input_tokens", 300_000));
        assertThat(line(flex, Component.INPUT).price()).isNull();
        assertThat(flex.complete()).isFalse();
    }

    @Test
    void imagesPricedPerTokenOrPerImageAsTheCatalogGivesThem() throws Exception {
        JsonNode gptImage = raw(newest, "gpt-image-1");
        Bill.Priced generated = Bill.of(state(newest, "gpt-image-1"),
                usage(ServiceTier.STANDARD, "input_tokens", 100, "image_input_tokens", 1_000, "image_output_tokens", 4_160));
        assertLine(generated, Component.IMAGE_INPUT, 1_000, gptImage.get("input_cost_per_image_token"), "pricing.imageInputPerMillion");
        assertLine(generated, Component.IMAGE_OUTPUT, 4_160, gptImage.get("output_cost_per_image_token"), "pricing.imageOutputPerMillion");
        assertThat(generated.total()).isEqualByComparingTo(sum(times(gptImage.get("input_cost_per_token"), 100),
                times(gptImage.get("input_cost_per_image_token"), 1_000), times(gptImage.get("output_cost_per_image_token"), 4_160)));

        // Gemini's image model: image input tokens at the text input price (no price of their own), images out per image
        JsonNode gemini = raw(newest, "gemini-2.5-flash-image");
        Bill.Priced edited = Bill.of(state(newest, "gemini-2.5-flash-image"),
                usage(ServiceTier.STANDARD, "input_tokens", 50, "image_input_tokens", 258, "output_images", 2));
        assertBorrowed(edited, Component.IMAGE_INPUT, Bill.IMAGE_INPUT_AS_INPUT, "pricing.inputPerMillion", gemini.get("input_cost_per_token"), 258);
        Bill.Line out = line(edited, Component.OUTPUT_IMAGES);
        assertThat(out.priceField()).isEqualTo("pricing.perOutputImage");
        assertThat(out.amount()).isEqualByComparingTo(new BigDecimal(gemini.get("output_cost_per_image").asText()).multiply(BigDecimal.valueOf(2)));
        assertThat(edited.rules()).containsExactly(Bill.IMAGE_INPUT_AS_INPUT);
        assertThat(edited.complete()).isTrue();
    }

    private static void assertLine(Bill.Priced bill, Component component, long quantity, JsonNode perToken, String field) {
        Bill.Line line = line(bill, component);
        assertThat(perToken).as("the catalog gives %s a price", component).isNotNull();
        assertThat(line.quantity()).isEqualTo(quantity);
        assertThat(line.priceField()).isEqualTo(field);
        assertThat(line.price()).isEqualByComparingTo(new BigDecimal(perToken.asText()).movePointRight(6));
        assertThat(line.amount()).isEqualByComparingTo(times(perToken, quantity));
    }

    /** A line billed at another component's price by {@code rule}: that field, the catalog's number times the quantity. */
    private static void assertBorrowed(Bill.Priced bill, Component component, String rule, String field, JsonNode perToken, long quantity) {
        Bill.Line line = line(bill, component);
        assertThat(line.rule()).isEqualTo(rule);
        assertThat(line.priceField()).isEqualTo(field);
        assertThat(line.amount()).isEqualByComparingTo(times(perToken, quantity));
    }

    private static Bill.Line line(Bill.Priced bill, Component component) {
        return bill.lines().stream().filter(l -> l.component() == component).findFirst()
                .orElseThrow(() -> new AssertionError("no " + component + " line in " + bill.lines()));
    }

    private static BigDecimal times(JsonNode perToken, long tokens) {
        return new BigDecimal(perToken.asText()).multiply(BigDecimal.valueOf(tokens));
    }

    private static BigDecimal sum(BigDecimal... amounts) {
        BigDecimal total = BigDecimal.ZERO;
        for (BigDecimal amount : amounts) {
            total = total.add(amount);
        }
        return total;
    }

    private static JsonNode raw(Path snapshot, String key) throws Exception {
        JsonNode entry = JSON.readTree(Catalogs.read(snapshot)).get(key);
        assertThat(entry).as("%s in %s", key, snapshot.getFileName()).isNotNull();
        return entry;
    }

    /** The model as the registry would hold it after syncing only that LiteLLM map (provenance included). */
    private static ModelState state(Path snapshot, String key) throws Exception {
        List<ModelSpec> specs = new LiteLlmAdapter().parse(Catalogs.read(snapshot)).specs();
        String id = specs.stream().filter(s -> key.equals(s.getDisplayName())).findFirst()
                .orElseThrow(() -> new AssertionError(key + " not read from " + snapshot.getFileName())).getId();
        Map<SourceName, List<ModelSpec>> bySource = new LinkedHashMap<>();
        bySource.put(SourceName.LITELLM, specs);
        ModelSpec merged = SpecMerger.merge(bySource).get(id);
        return ModelState.newBuilder().setModelId(id).setVersion(1).setLastEventId("test")
                .setUpdatedAt(Instant.parse(Catalogs.date(snapshot) + "T00:00:00Z")).setSpec(merged).build();
    }

    /** @param counts count names ({@code Bill.Usage.COUNT_FIELDS}) and counts, alternating; the others are 0 */
    private static Usage usage(ServiceTier tier, Object... counts) {
        java.util.Map<String, Long> byName = new java.util.HashMap<>();
        for (int i = 0; i < counts.length; i += 2) {
            if (!Usage.COUNT_FIELDS.contains((String) counts[i])) {
                throw new IllegalArgumentException("not a count: " + counts[i]);
            }
            byName.put((String) counts[i], ((Number) counts[i + 1]).longValue());
        }
        return Usage.of(name -> byName.getOrDefault(name, 0L), tier);
    }
}
