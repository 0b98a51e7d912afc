package dev.modelregistry.schemas.cost;

import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Pricing;
import java.math.BigDecimal;
import java.time.Instant;

/** The cost of one call with the prices valid at a given time. Pure, exact decimals. */
public final class CallCost {

    private CallCost() {
    }

    /** The priced call; amounts in {@code currency}. */
    public record Cost(String id, long version, Instant pricesValidFrom, String currency, BigDecimal inputPerMillion,
                       BigDecimal outputPerMillion, BigDecimal inputCost, BigDecimal outputCost, BigDecimal total) {
    }

    /** @return true if that version has the prices a call of these token counts needs */
    public static boolean priced(ModelState state, long inputTokens, long outputTokens) {
        return bill(state, inputTokens, outputTokens) != null;
    }

    /**
     * The two-component view of {@link Bill} (input and output on the standard tier; a long-context
     * tier applies as in {@code GET /v1/cost}).
     *
     * @param state the model as it was at the time of the call
     * @throws IllegalStateException if that version has no input or output price
     */
    public static Cost of(ModelState state, long inputTokens, long outputTokens) {
        Bill.Priced bill = bill(state, inputTokens, outputTokens);
        if (bill == null) {
            throw new IllegalStateException(state.getModelId() + " version " + state.getVersion() + " has no price for this call");
        }
        Pricing p = state.getSpec().getPricing();
        Bill.Line input = bill.line(Bill.Component.INPUT);
        Bill.Line output = bill.line(Bill.Component.OUTPUT);
        BigDecimal in = input != null ? input.price() : p.getInputPerMillion() == null ? BigDecimal.ZERO : p.getInputPerMillion();
        BigDecimal out = output != null ? output.price() : p.getOutputPerMillion() == null ? BigDecimal.ZERO : p.getOutputPerMillion();
        return new Cost(state.getModelId(), state.getVersion(), state.getUpdatedAt(), p.getCurrency(), in.stripTrailingZeros(),
                out.stripTrailingZeros(), input == null ? BigDecimal.ZERO : input.amount(),
                output == null ? BigDecimal.ZERO : output.amount(), bill.total());
    }

    /** @return the complete bill of the call, or null when a price it needs is unknown */
    private static Bill.Priced bill(ModelState state, long inputTokens, long outputTokens) {
        if (state.getSpec().getPricing() == null) {
            return null;
        }
        Bill.Priced bill = Bill.of(state, Bill.Usage.tokens(inputTokens, outputTokens));
        return bill.complete() ? bill : null;
    }
}
