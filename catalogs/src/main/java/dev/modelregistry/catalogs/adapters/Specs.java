package dev.modelregistry.catalogs.adapters;

import dev.modelregistry.schemas.Lifecycle;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.PriceTier;
import dev.modelregistry.schemas.Pricing;
import dev.modelregistry.schemas.cost.PriceFields;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Small helpers adapters share to build specs. */
final class Specs {

    private Specs() {
    }

    /** @return an empty spec for {@code id} with an active lifecycle and empty groups */
    static ModelSpec.Builder start(String id) {
        return ModelSpec.newBuilder()
                .setId(id)
                .setProvider(Ids.provider(id))
                .setLimits(Limits.newBuilder().build())
                .setLifecycle(Lifecycle.newBuilder().setStatus(LifecycleStatus.ACTIVE).build());
    }

    /** @return the record {@code prices} builds, or null when it holds no price at all */
    static Pricing pricing(Pricing.Builder prices) {
        Pricing pricing = prices.build();
        return PriceFields.of(pricing).isEmpty() ? null : pricing;
    }

    /** @return the tier, or null when it holds no price */
    static PriceTier tier(PriceTier.Builder prices) {
        PriceTier tier = prices.build();
        return tier.getSchema().getFields().stream().allMatch(f -> tier.get(f.pos()) == null) ? null : tier;
    }

    /** Puts {@code name -> value} in {@code capabilities} when value is known. */
    static void capability(Map<String, Boolean> capabilities, String name, Boolean value) {
        if (value != null) {
            capabilities.put(name, value);
        }
    }

    static Map<String, Boolean> capabilities() {
        return new LinkedHashMap<>();
    }

    /** @return sorted, de-duplicated, lower-case values */
    static List<String> sortedLower(List<String> values) {
        TreeSet<String> set = new TreeSet<>();
        values.forEach(v -> set.add(v.strip().toLowerCase(java.util.Locale.ROOT)));
        set.remove("");
        return new ArrayList<>(set);
    }
}
