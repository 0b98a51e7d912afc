package dev.modelregistry.schemas.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.schemas.SampleRecords;
import dev.modelregistry.schemas.ModelState;
import org.junit.jupiter.api.Test;

class CallCostTest {

    @Test
    void exactDecimalsWithThePricesOfTheGivenVersion() {
        ModelState state = SampleRecords.fullState("openrouter/openai/codex-mini");
        CallCost.Cost c = CallCost.of(state, 1_000, 3);
        assertThat(c.inputCost()).isEqualByComparingTo("0.0015");
        assertThat(c.outputCost()).isEqualByComparingTo("0.000018");
        assertThat(c.total()).isEqualByComparingTo("0.001518");
        assertThat(c.version()).isEqualTo(4);
    }

    @Test
    void aVersionWithoutPricesCannotBePriced() {
        ModelState state = SampleRecords.fullState("openai/x");
        state.getSpec().setPricing(null);
        assertThatThrownBy(() -> CallCost.of(state, 1, 1)).hasMessageContaining("no price");
    }
}
