package dev.modelregistry.schemas.diff;

import dev.modelregistry.schemas.FieldChange;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.Pricing;
import dev.modelregistry.schemas.cost.PriceFields;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The one home of the rules that decide when a model gets a new version, used alike by the sync
 * planner (before it publishes), the fold (before it applies) and the API's write path (before it
 * accepts a write). Pure.
 *
 * <ul>
 *   <li>A new version needs a change in some field other than provenance: which source said a
 *       value is bookkeeping, and a spec whose provenance alone moved is the same model.</li>
 *   <li>Catalog prices that differ from the registry's by rounding noise (at most a relative
 *       tolerance, {@link #DEFAULT_PRICE_TOLERANCE} unless configured) keep the registry's
 *       value; a price written through the API is taken as written.</li>
 *   <li>A spec deprecates its model when the model was active and the spec is not.</li>
 * </ul>
 */
public final class Versioning {

    /** Relative price difference that is rounding noise by default: 2.4976 and 2.5 agree. */
    public static final BigDecimal DEFAULT_PRICE_TOLERANCE = new BigDecimal("0.001");

    private Versioning() {
    }

    /** @return true if a change at {@code path} alone never makes a new version */
    public static boolean isBookkeeping(String path) {
        return path.startsWith("provenance.");
    }

    /**
     * @param before the current spec, or null for a new model
     * @param after the proposed spec; never null
     * @return the field changes that make a new version, sorted by path; empty if there are none
     */
    public static List<FieldChange> changes(ModelSpec before, ModelSpec after) {
        List<FieldChange> changes = SpecDiff.diff(before, after);
        changes.removeIf(c -> isBookkeeping(c.getPath()));
        return changes;
    }

    /** @return true if {@code after} would be a new version of {@code before} (null for a new model) */
    public static boolean isVersionable(ModelSpec before, ModelSpec after) {
        return !changes(before, after).isEmpty();
    }

    /** @return true if {@code after} takes an active model out of service */
    public static boolean deprecates(ModelSpec before, ModelSpec after) {
        return before.getLifecycle().getStatus() == LifecycleStatus.ACTIVE && after.getLifecycle().getStatus() != LifecycleStatus.ACTIVE;
    }

    /** @return a diff tolerance under which prices within {@code relative} of each other are equal */
    public static SpecDiff.Tolerance priceTolerance(BigDecimal relative) {
        return SpecDiff.Tolerance.relativeDecimal(p -> p.startsWith("pricing."), relative);
    }

    /**
     * @param relative the tolerance, e.g. {@link #DEFAULT_PRICE_TOLERANCE}; 0 keeps every price as is
     * @return {@code after}, with each price that is within {@code relative} of {@code before}'s set
     *     back to {@code before}'s (a copy; the arguments are not changed)
     */
    public static ModelSpec withoutPriceNoise(ModelSpec before, ModelSpec after, BigDecimal relative) {
        Pricing old = before.getPricing();
        if (old == null || after.getPricing() == null || relative.signum() == 0) {
            return after;
        }
        ModelSpec copy = ModelSpec.newBuilder(after).build();
        Map<String, BigDecimal> previous = PriceFields.of(old);
        PriceFields.update(copy.getPricing(), (path, now) -> keep(previous.get(path), now, relative));
        return copy;
    }

    private static BigDecimal keep(BigDecimal old, BigDecimal now, BigDecimal relative) {
        if (old == null || now == null) {
            return now;
        }
        return SpecDiff.Tolerance.closeEnough(old, now, relative) ? old : now;
    }
}
