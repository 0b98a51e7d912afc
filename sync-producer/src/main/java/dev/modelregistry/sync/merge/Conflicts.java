package dev.modelregistry.sync.merge;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.diff.SpecDiff;
import dev.modelregistry.schemas.diff.Versioning;
import dev.modelregistry.schemas.diff.SpecFields;
import dev.modelregistry.catalogs.source.SourceName;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the sources of one model disagree: for each tracked leaf that two or more sources give
 * with different values, the value of every source that gives it. Tracked are the fields a client
 * builds a call or a bill from: limits, prices, capabilities, deprecation and retirement dates,
 * the temperature rule and the token-limit parameter. Names, descriptions, dates of release and
 * knowledge cut-off differ in spelling more than in fact and are not tracked. Prices within
 * {@link #PRICE_NOISE} of each other agree. Pure.
 */
public final class Conflicts {

    /** Relative difference of two prices below which they agree (rounding in the catalogs). */
    public static final BigDecimal PRICE_NOISE = Versioning.DEFAULT_PRICE_TOLERANCE;

    private static final SpecDiff.Tolerance PRICES = Versioning.priceTolerance(PRICE_NOISE);

    private static final List<String> TRACKED_PREFIXES = List.of("limits.", "pricing.", "capabilities.", "lifecycle.deprecationDate",
            "lifecycle.retirementDate", "temperature.kind", "tokenLimitParameter");

    private Conflicts() {
    }

    /**
     * @param contributions each source's spec of one model (placeholders already removed)
     * @return path -> source -> JSON value, only for disagreeing paths; sorted
     */
    public static Map<String, Map<String, String>> find(Map<SourceName, ModelSpec> contributions) {
        Map<String, Map<String, String>> bySource = new TreeMap<>();
        if (contributions.size() < 2) {
            return bySource;
        }
        contributions.forEach((source, spec) -> SpecFields.flatten(spec).forEach((path, value) -> {
            if (tracked(path)) {
                bySource.computeIfAbsent(path, k -> new TreeMap<>()).put(source.id(), value);
            }
        }));
        bySource.entrySet().removeIf(e -> e.getValue().size() < 2 || agree(e.getKey(), new ArrayList<>(e.getValue().values())));
        return bySource;
    }

    private static boolean tracked(String path) {
        return !path.equals("pricing.currency") && TRACKED_PREFIXES.stream().anyMatch(path::startsWith);
    }

    private static boolean agree(String path, List<String> values) {
        String first = values.get(0);
        return values.stream().allMatch(v -> v.equals(first) || PRICES.withinTolerance(path, first, v));
    }
}
