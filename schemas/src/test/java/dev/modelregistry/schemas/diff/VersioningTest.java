package dev.modelregistry.schemas.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.Lifecycle;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.Pricing;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of a new version, shared by the planner, the fold and the write path. */
class VersioningTest {

    private static ModelSpec spec(long context, String input, LifecycleStatus status) {
        return ModelSpec.newBuilder().setId("openai/gpt-x").setProvider("openai")
                .setLimits(Limits.newBuilder().setContextWindow(context).build())
                .setPricing(Pricing.newBuilder().setInputPerMillion(new BigDecimal(input).setScale(12)).build())
                .setLifecycle(Lifecycle.newBuilder().setStatus(status).build()).build();
    }

    @Test
    void givenASpecWhenOnlyItsProvenanceMovesThenThereIsNoNewVersion() {
        ModelSpec before = spec(128_000, "2.5", LifecycleStatus.ACTIVE);
        ModelSpec after = spec(128_000, "2.5", LifecycleStatus.ACTIVE);
        after.setProvenance(Map.of("pricing.inputPerMillion", "openrouter"));
        assertThat(Versioning.isVersionable(before, after)).isFalse();
        assertThat(Versioning.changes(before, after)).isEmpty();
        after.getLimits().setContextWindow(200_000L);
        assertThat(Versioning.changes(before, after)).extracting(c -> c.getPath()).containsExactly("limits.contextWindow");
    }

    @Test
    void givenNoModelWhenASpecArrivesThenItIsANewVersion() {
        assertThat(Versioning.isVersionable(null, spec(1, "1", LifecycleStatus.ACTIVE))).isTrue();
    }

    @Test
    void givenARegistryPriceWhenACatalogRoundsItThenTheRegistryKeepsItsValueButARealChangeGoesThrough() {
        ModelSpec before = spec(128_000, "2.5", LifecycleStatus.ACTIVE);
        ModelSpec rounded = Versioning.withoutPriceNoise(before, spec(128_000, "2.4990", LifecycleStatus.ACTIVE), Versioning.DEFAULT_PRICE_TOLERANCE);
        assertThat(rounded.getPricing().getInputPerMillion()).isEqualByComparingTo("2.5");
        assertThat(Versioning.isVersionable(before, rounded)).isFalse();
        ModelSpec cheaper = Versioning.withoutPriceNoise(before, spec(128_000, "2.4", LifecycleStatus.ACTIVE), Versioning.DEFAULT_PRICE_TOLERANCE);
        assertThat(cheaper.getPricing().getInputPerMillion()).isEqualByComparingTo("2.4");
        ModelSpec exact = Versioning.withoutPriceNoise(before, spec(128_000, "2.4990", LifecycleStatus.ACTIVE), BigDecimal.ZERO);
        assertThat(exact.getPricing().getInputPerMillion()).as("tolerance 0 keeps every price").isEqualByComparingTo("2.499");
    }

    @Test
    void aSpecDeprecatesOnlyAnActiveModel() {
        assertThat(Versioning.deprecates(spec(1, "1", LifecycleStatus.ACTIVE), spec(1, "1", LifecycleStatus.DEPRECATED))).isTrue();
        assertThat(Versioning.deprecates(spec(1, "1", LifecycleStatus.DEPRECATED), spec(1, "1", LifecycleStatus.RETIRED))).isFalse();
        assertThat(Versioning.deprecates(spec(1, "1", LifecycleStatus.ACTIVE), spec(1, "1", LifecycleStatus.ACTIVE))).isFalse();
    }
}
