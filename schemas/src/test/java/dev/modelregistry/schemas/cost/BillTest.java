package dev.modelregistry.schemas.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.Lifecycle;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.PriceTier;
import dev.modelregistry.schemas.Pricing;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules where no bundled catalog has an example: given these prices, when this usage, then these lines. */
class BillTest {

    private static ModelState model(Pricing pricing) {
        ModelSpec spec = ModelSpec.newBuilder().setId("acme/thinker").setProvider("acme").setLimits(Limits.newBuilder().build())
                .setLifecycle(Lifecycle.newBuilder().build()).setPricing(pricing).build();
        return ModelState.newBuilder().setModelId("acme/thinker").setVersion(1).setLastEventId("e")
                .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z")).setSpec(spec).build();
    }

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    @Test
    void aSeparateReasoningPriceTheTierDoesNotRestateIsUnknownNotTheTiersOutputPrice() {
        ModelState state = model(Pricing.newBuilder().setInputPerMillion(d("0.4")).setOutputPerMillion(d("1.2"))
                .setReasoningPerMillion(d("4")).setTiers(Map.of("256000",
                        PriceTier.newBuilder().setInputPerMillion(d("1.2")).setOutputPerMillion(d("3.6")).build())).build());

        Bill.Priced under = Bill.of(state, usage(Bill.ServiceTier.STANDARD, "input_tokens", 1_000, "output_tokens", 100, "reasoning_tokens", 2_000));
        Bill.Line reasoning = under.lines().stream().filter(l -> l.component() == Bill.Component.REASONING).findFirst().orElseThrow();
        assertThat(reasoning.price()).isEqualByComparingTo("4");
        assertThat(reasoning.rule()).isNull();

        Bill.Priced over = Bill.of(state, usage(Bill.ServiceTier.STANDARD, "input_tokens", 300_000, "output_tokens", 100, "reasoning_tokens", 2_000));
        Bill.Line tiered = over.lines().stream().filter(l -> l.component() == Bill.Component.REASONING).findFirst().orElseThrow();
        assertThat(tiered.price()).isNull();
        assertThat(tiered.rule()).isEqualTo(Bill.LONG_CONTEXT);
        assertThat(over.complete()).isFalse();
        assertThat(over.rules()).containsExactly(Bill.LONG_CONTEXT);
    }

    @Test
    void theLargestTierThePromptIsAboveApplies() {
        Pricing pricing = Pricing.newBuilder().setInputPerMillion(d("1")).setTiers(Map.of(
                "128000", PriceTier.newBuilder().setInputPerMillion(d("2")).build(),
                "200000", PriceTier.newBuilder().setInputPerMillion(d("3")).build())).build();
        assertThat(Bill.longContextTier(pricing, 128_000)).isEmpty();
        assertThat(Bill.longContextTier(pricing, 128_001)).contains("128000");
        assertThat(Bill.longContextTier(pricing, 250_000)).contains("200000");
    }

    @Test
    void requestsArePricedPerRequestWhateverTheTier() {
        ModelState state = model(Pricing.newBuilder().setInputPerMillion(d("1")).setPerRequest(d("0.005")).build());
        Bill.Priced bill = Bill.of(state, usage(Bill.ServiceTier.BATCH, "requests", 4));
        assertThat(bill.lines()).singleElement().satisfies(l -> {
            assertThat(l.amount()).isEqualByComparingTo("0.02");
            assertThat(l.rule()).isNull();
        });
    }

    /** @param counts count names ({@code Bill.Usage.COUNT_FIELDS}) and counts, alternating; the others are 0 */
    private static Bill.Usage usage(Bill.ServiceTier tier, Object... counts) {
        java.util.Map<String, Long> byName = new java.util.HashMap<>();
        for (int i = 0; i < counts.length; i += 2) {
            if (!Bill.Usage.COUNT_FIELDS.contains((String) counts[i])) {
                throw new IllegalArgumentException("not a count: " + counts[i]);
            }
            byName.put((String) counts[i], ((Number) counts[i + 1]).longValue());
        }
        return Bill.Usage.of(name -> byName.getOrDefault(name, 0L), tier);
    }
}
