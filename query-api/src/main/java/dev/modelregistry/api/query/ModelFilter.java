package dev.modelregistry.api.query;

import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.Pricing;
import dev.modelregistry.schemas.semantics.CapabilityVocabulary;
import dev.modelregistry.schemas.semantics.Derivation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The list endpoint's filters; a null field does not filter. Pure.
 *
 * @param provider provider id
 * @param capabilities every one must be supported (names or synonyms of {@link CapabilityVocabulary})
 * @param type model type
 * @param endpoint API endpoint the model serves
 * @param status active, deprecated or retired
 * @param minContext smallest acceptable context window (tokens)
 * @param maxInputPrice highest acceptable input price per million tokens
 * @param maxOutputPrice highest acceptable output price per million tokens
 * @param text substring of the id, display name or an alias (case-insensitive)
 * @param baseModel keep the model with this id and every model whose base model it is
 * @param conflicting true: only models whose sources disagree on some field; false: only those whose sources agree
 */
public record ModelFilter(String provider, List<String> capabilities, String type, String endpoint, String status,
                          Long minContext, BigDecimal maxInputPrice, BigDecimal maxOutputPrice, String text, String baseModel,
                          Boolean conflicting)
        implements Predicate<ModelSpec> {

    /**
     * @throws IllegalArgumentException naming the valid values, for a capability or type this
     *     registry does not know (a synonym such as function_calling is taken as its capability)
     */
    public ModelFilter {
        List<String> names = new java.util.ArrayList<>();
        for (String c : capabilities == null ? List.<String>of() : capabilities) {
            names.add(CapabilityVocabulary.canonical(c).orElseThrow(() -> new IllegalArgumentException(
                    "unknown capability '" + c + "'; use one of " + CapabilityVocabulary.names() + " or a synonym "
                            + CapabilityVocabulary.synonyms().keySet())));
        }
        capabilities = List.copyOf(names);
        if (type != null && !Derivation.TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown type '" + type + "'; use one of " + Derivation.TYPES);
        }
    }

    /** @return a filter that keeps everything */
    public static ModelFilter none() {
        return new ModelFilter(null, List.of(), null, null, null, null, null, null, null, null, null);
    }

    @Override
    public boolean test(ModelSpec s) {
        if (provider != null && !provider.equalsIgnoreCase(s.getProvider())) {
            return false;
        }
        for (String c : capabilities) {
            if (!Boolean.TRUE.equals(s.getCapabilities().get(c.toLowerCase(Locale.ROOT)))) {
                return false;
            }
        }
        if (type != null && !type.equalsIgnoreCase(s.getModelType())) {
            return false;
        }
        if (endpoint != null && s.getEndpoints().stream().noneMatch(endpoint::equalsIgnoreCase)) {
            return false;
        }
        if (status != null) {
            LifecycleStatus want = LifecycleStatus.valueOf(status.toUpperCase(Locale.ROOT));
            if (s.getLifecycle().getStatus() != want) {
                return false;
            }
        }
        if (minContext != null && (s.getLimits().getContextWindow() == null || s.getLimits().getContextWindow() < minContext)) {
            return false;
        }
        Pricing p = s.getPricing();
        if (maxInputPrice != null && (p == null || p.getInputPerMillion() == null || p.getInputPerMillion().compareTo(maxInputPrice) > 0)) {
            return false;
        }
        if (maxOutputPrice != null && (p == null || p.getOutputPerMillion() == null || p.getOutputPerMillion().compareTo(maxOutputPrice) > 0)) {
            return false;
        }
        if (text != null) {
            String t = text.toLowerCase(Locale.ROOT);
            boolean hit = s.getId().contains(t) || (s.getDisplayName() != null && s.getDisplayName().toLowerCase(Locale.ROOT).contains(t))
                    || s.getAliases().stream().anyMatch(a -> a.contains(t));
            if (!hit) {
                return false;
            }
        }
        if (baseModel != null && !baseModel.equalsIgnoreCase(s.getId()) && !baseModel.equalsIgnoreCase(s.getBaseModel())) {
            return false;
        }
        if (conflicting != null && conflicting == s.getConflicts().isEmpty()) {
            return false;
        }
        return true;
    }
}
