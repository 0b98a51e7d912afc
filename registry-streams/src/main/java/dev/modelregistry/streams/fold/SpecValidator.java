package dev.modelregistry.streams.fold;

import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.Pricing;
import dev.modelregistry.schemas.cost.PriceFields;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Invariants every stored spec satisfies. Pure. */
public final class SpecValidator {

    private SpecValidator() {
    }

    /**
     * @param spec the spec to check; may be null
     * @return every violation, empty if valid
     */
    public static List<String> violations(ModelSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec == null) {
            problems.add("spec is missing");
            return problems;
        }
        String id = spec.getId();
        if (id == null || id.isBlank()) {
            problems.add("id is empty");
            return problems;
        }
        if (!id.equals(id.toLowerCase(Locale.ROOT))) {
            problems.add("id '" + id + "' is not lower-case");
        }
        int slash = id.indexOf('/');
        if (slash <= 0 || slash == id.length() - 1) {
            problems.add("id '" + id + "' is not provider/slug");
        } else if (!id.substring(0, slash).equals(spec.getProvider())) {
            problems.add("provider '" + spec.getProvider() + "' does not match id '" + id + "'");
        }
        if (id.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            problems.add("id '" + id.strip() + "' contains whitespace or control characters");
        }
        for (String alias : spec.getAliases()) {
            if (alias.isBlank() || alias.chars().anyMatch(Character::isISOControl)) {
                problems.add("alias '" + alias + "' is blank or has control characters");
            }
        }
        Limits limits = spec.getLimits();
        if (limits != null) {
            nonNegative(problems, "limits.contextWindow", limits.getContextWindow());
            nonNegative(problems, "limits.maxInputTokens", limits.getMaxInputTokens());
            nonNegative(problems, "limits.maxOutputTokens", limits.getMaxOutputTokens());
        }
        Pricing p = spec.getPricing();
        if (p != null) {
            PriceFields.of(p).forEach((path, price) -> nonNegative(problems, "pricing." + path, price));
            for (String threshold : p.getTiers().keySet()) {
                if (!threshold.matches("[1-9][0-9]{0,12}")) {
                    problems.add("pricing.tiers key '" + threshold + "' is not a positive token count");
                }
            }
            if (p.getCurrency() == null || !p.getCurrency().matches("[A-Z]{3}")) {
                problems.add("pricing.currency '" + p.getCurrency() + "' is not an ISO-4217 code");
            }
        }
        return problems;
    }

    private static void nonNegative(List<String> problems, String field, Long value) {
        if (value != null && value < 0) {
            problems.add(field + " is negative (" + value + ")");
        }
    }

    private static void nonNegative(List<String> problems, String field, BigDecimal value) {
        if (value != null && value.signum() < 0) {
            problems.add(field + " is negative (" + value.toPlainString() + ")");
        }
    }
}
