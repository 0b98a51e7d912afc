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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

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

    /**
     * Long-context tiers from a catalog's array of tier objects.
     *
     * @param threshold the prompt size above which an entry applies; null for an entry that is not
     *                  understood, which the function records as a problem of that entry
     * @param prices    the entry's prices
     * @return threshold (as decimal text) to prices, without the entries that give no price
     */
    static Map<String, PriceTier> tiers(List<ModelJson> entries, Function<ModelJson, Long> threshold,
                                        Function<ModelJson, PriceTier.Builder> prices) {
        Map<String, PriceTier> tiers = new TreeMap<>();
        for (ModelJson entry : entries) {
            Long from = threshold.apply(entry);
            PriceTier tier = from == null ? null : tier(prices.apply(entry));
            if (tier != null) {
                tiers.put(String.valueOf(from), tier);
            }
        }
        return tiers;
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
