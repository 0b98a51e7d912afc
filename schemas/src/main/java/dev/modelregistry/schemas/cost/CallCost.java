package dev.modelregistry.schemas.cost;

import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Pricing;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** The cost of one call with the prices valid at a given time. Pure, exact decimals. */
public final class CallCost {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private CallCost() {
    }

    /** The priced call; amounts in {@code currency}. */
    public record Cost(String id, long version, Instant pricesValidFrom, String currency, BigDecimal inputPerMillion,
                       BigDecimal outputPerMillion, BigDecimal inputCost, BigDecimal outputCost, BigDecimal total) {
    }

    /** @return true if that version has the prices a call of these token counts needs */
    public static boolean priced(ModelState state, long inputTokens, long outputTokens) {
        Pricing p = state.getSpec().getPricing();
        return p != null && (inputTokens == 0 || p.getInputPerMillion() != null) && (outputTokens == 0 || p.getOutputPerMillion() != null);
    }

    /**
     * @param state the model as it was at the time of the call
     * @throws IllegalStateException if that version has no input or output price
     */
    public static Cost of(ModelState state, long inputTokens, long outputTokens) {
        Pricing p = state.getSpec().getPricing();
        if (!priced(state, inputTokens, outputTokens)) {
            throw new IllegalStateException(state.getModelId() + " version " + state.getVersion() + " has no price for this call");
        }
        BigDecimal in = p.getInputPerMillion() == null ? BigDecimal.ZERO : p.getInputPerMillion();
        BigDecimal out = p.getOutputPerMillion() == null ? BigDecimal.ZERO : p.getOutputPerMillion();
        BigDecimal inputCost = in.multiply(BigDecimal.valueOf(inputTokens)).divide(MILLION, 12, RoundingMode.HALF_EVEN).stripTrailingZeros();
        BigDecimal outputCost = out.multiply(BigDecimal.valueOf(outputTokens)).divide(MILLION, 12, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return new Cost(state.getModelId(), state.getVersion(), state.getUpdatedAt(), p.getCurrency(), in.stripTrailingZeros(),
                out.stripTrailingZeros(), inputCost, outputCost, inputCost.add(outputCost).stripTrailingZeros());
    }
}
