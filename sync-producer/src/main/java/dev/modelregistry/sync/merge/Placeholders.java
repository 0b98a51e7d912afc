package dev.modelregistry.sync.merge;

import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelSpec;

/**
 * Values catalogs put where they know nothing, which must count as unknown so they neither win
 * the merge nor reach a client as facts: token limits of 0 or less (models.dev gives image models
 * {@code context: 0}), lifecycle dates in or after {@value #FAR_FUTURE_YEAR} (OpenRouter's
 * {@code expiration_date: 2098-12-31}). Negative prices are dropped by the adapters already. Pure.
 */
public final class Placeholders {

    /** A lifecycle date in this year or later is a placeholder for "none". */
    public static final int FAR_FUTURE_YEAR = 2090;

    private Placeholders() {
    }

    /** @return {@code spec} itself when it has no placeholder, else a copy without them */
    public static ModelSpec clean(ModelSpec spec) {
        Limits l = spec.getLimits();
        boolean limits = l != null && (placeholder(l.getContextWindow()) || placeholder(l.getMaxInputTokens())
                || placeholder(l.getMaxOutputTokens()) || placeholder(l.getCodexContextWindow()));
        var life = spec.getLifecycle();
        boolean dates = life != null && (farFuture(life.getDeprecationDate()) || farFuture(life.getRetirementDate()));
        if (!limits && !dates) {
            return spec;
        }
        ModelSpec copy = ModelSpec.newBuilder(spec).build();
        Limits cl = copy.getLimits();
        if (cl != null) {
            cl.setContextWindow(orNull(cl.getContextWindow()));
            cl.setMaxInputTokens(orNull(cl.getMaxInputTokens()));
            cl.setMaxOutputTokens(orNull(cl.getMaxOutputTokens()));
            cl.setCodexContextWindow(orNull(cl.getCodexContextWindow()));
        }
        if (copy.getLifecycle() != null) {
            if (farFuture(copy.getLifecycle().getDeprecationDate())) {
                copy.getLifecycle().setDeprecationDate(null);
            }
            if (farFuture(copy.getLifecycle().getRetirementDate())) {
                copy.getLifecycle().setRetirementDate(null);
            }
        }
        return copy;
    }

    private static boolean placeholder(Long tokens) {
        return tokens != null && tokens <= 0;
    }

    private static Long orNull(Long tokens) {
        return placeholder(tokens) ? null : tokens;
    }

    /** @return true for an ISO date (or year-month, or year) in or after {@link #FAR_FUTURE_YEAR} */
    static boolean farFuture(String date) {
        if (date == null || date.length() < 4) {
            return false;
        }
        try {
            return Integer.parseInt(date.substring(0, 4)) >= FAR_FUTURE_YEAR;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
