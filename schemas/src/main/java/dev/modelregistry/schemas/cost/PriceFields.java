package dev.modelregistry.schemas.cost;

import dev.modelregistry.schemas.PriceTier;
import dev.modelregistry.schemas.Pricing;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Every price of a {@link Pricing} by its path under {@code pricing.}: {@code inputPerMillion},
 * ..., {@code tiers.200000.inputPerMillion}. Walks the schema, so a price field added to the
 * schema is covered by validation and noise tolerance without touching their code.
 */
public final class PriceFields {

    private PriceFields() {
    }

    /** @return known prices by path, in schema order; empty for a null record */
    public static Map<String, BigDecimal> of(Pricing pricing) {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        update(pricing, (path, price) -> {
            prices.put(path, price);
            return price;
        });
        return prices;
    }

    /**
     * Replaces each known price by {@code change(path, price)}, in place.
     *
     * @param pricing the record to change; null is allowed and changes nothing
     */
    public static void update(Pricing pricing, BiFunction<String, BigDecimal, BigDecimal> change) {
        if (pricing == null) {
            return;
        }
        updateRecord("", pricing, change);
        for (Map.Entry<String, PriceTier> tier : pricing.getTiers().entrySet()) {
            updateRecord("tiers." + tier.getKey() + ".", tier.getValue(), change);
        }
    }

    private static void updateRecord(String prefix, IndexedRecord record, BiFunction<String, BigDecimal, BigDecimal> change) {
        for (Schema.Field field : record.getSchema().getFields()) {
            if (record.get(field.pos()) instanceof BigDecimal price) {
                record.put(field.pos(), change.apply(prefix + field.name(), price));
            }
        }
    }
}
