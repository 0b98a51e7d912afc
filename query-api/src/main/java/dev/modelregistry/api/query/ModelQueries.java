package dev.modelregistry.api.query;

import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/** Queries over a set of model states: sort and page, aliases, providers. Pure. */
public final class ModelQueries {

    /** Sort keys the list endpoint accepts; prefix with '-' for descending. */
    public static final List<String> SORTS = List.of("id", "name", "context", "input_price", "output_price", "updated", "retirement");

    private ModelQueries() {
    }

    /** One page and the cursor of the next (null when this is the last). */
    public record Page(List<ModelState> items, int total, String nextCursor) {
    }

    /**
     * @param sort one of {@link #SORTS}, optionally prefixed with '-'
     * @param cursor an opaque cursor from a previous page, or null for the first
     * @throws IllegalArgumentException for an unknown sort or a bad cursor
     */
    public static Page page(List<ModelState> states, ModelFilter filter, String sort, int limit, String cursor) {
        List<ModelState> matching = new ArrayList<>(states.stream().filter(s -> filter.test(s.getSpec())).toList());
        matching.sort(comparator(sort));
        int from = cursor == null ? 0 : decodeCursor(cursor);
        int to = Math.min(matching.size(), from + limit);
        List<ModelState> items = from >= matching.size() ? List.of() : matching.subList(from, to);
        return new Page(List.copyOf(items), matching.size(), to < matching.size() ? encodeCursor(to) : null);
    }

    /** @throws IllegalArgumentException for a sort key this API does not know */
    public static void comparatorCheck(String sort) {
        comparator(sort);
    }

    /**
     * @param sort one of {@link #SORTS}, {@code -} first for descending; null sorts by id
     * @return the order of that sort; ties by id; models without the sorted value last either way
     * @throws IllegalArgumentException for a sort key this API does not know
     */
    public static Comparator<ModelState> comparator(String sort) {
        String key = sort == null ? "id" : sort;
        boolean descending = key.startsWith("-");
        key = descending ? key.substring(1) : key;
        Comparator<ModelState> byId = Comparator.comparing(ModelState::getModelId);
        // Models without the value come last in either direction: "unknown" is never the largest or the cheapest.
        Comparator<ModelState> c = switch (key) {
            case "id" -> descending ? byId.reversed() : byId;
            case "name" -> nullsLast(s -> s.getSpec().getDisplayName(), descending);
            case "context" -> nullsLast(s -> s.getSpec().getLimits().getContextWindow(), descending);
            case "input_price" -> nullsLast(s -> s.getSpec().getPricing() == null ? null : s.getSpec().getPricing().getInputPerMillion(), descending);
            case "output_price" -> nullsLast(s -> s.getSpec().getPricing() == null ? null : s.getSpec().getPricing().getOutputPerMillion(), descending);
            case "updated" -> descending ? Comparator.comparing(ModelState::getUpdatedAt).reversed() : Comparator.comparing(ModelState::getUpdatedAt);
            // what goes away first: the retirement date, else the deprecation date (ISO dates sort as text)
            case "retirement" -> nullsLast(s -> s.getSpec().getLifecycle().getRetirementDate() != null
                    ? s.getSpec().getLifecycle().getRetirementDate() : s.getSpec().getLifecycle().getDeprecationDate(), descending);
            default -> throw new IllegalArgumentException("unknown sort '" + sort + "'; use one of " + SORTS + " (prefix - for descending)");
        };
        return c.thenComparing(byId);
    }

    private static <T extends Comparable<T>> Comparator<ModelState> nullsLast(Function<ModelState, T> key, boolean descending) {
        return Comparator.comparing(key, Comparator.nullsLast(descending ? Comparator.<T>reverseOrder() : Comparator.<T>naturalOrder()));
    }

    private static String encodeCursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith("o:")) {
                throw new IllegalArgumentException();
            }
            int offset = Integer.parseInt(text.substring(2));
            if (offset < 0) {
                throw new IllegalArgumentException();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor '" + cursor + "' is not one this API gave out");
        }
    }

    /**
     * What a provider offers.
     *
     * @param offers capability (and {@code embeddings}) -> true (some active model has it), false
     *     (every active model is known not to), or "unknown" (none is known to, some are not known)
     * @param offerCounts capability -> how many active models are known to have it, known not to, or unknown
     */
    public record ProviderSummary(String provider, int models, int active, String defaultModel, Map<String, Object> offers,
                                  Map<String, Counts> offerCounts, List<String> types) {
    }

    /** Active models known to have a capability, known not to, and not known. */
    public record Counts(int yes, int no, int unknown) {
        /** @return true, false or "unknown" as {@link ProviderSummary#offers} says */
        Object verdict() {
            return yes > 0 ? Boolean.TRUE : unknown == 0 ? Boolean.FALSE : "unknown";
        }

        /** @param known true, false, or null when the model's sources do not say */
        static Counts of(List<ModelSpec> models, java.util.function.Function<ModelSpec, Boolean> known) {
            int yes = 0;
            int no = 0;
            for (ModelSpec s : models) {
                Boolean v = known.apply(s);
                yes += Boolean.TRUE.equals(v) ? 1 : 0;
                no += Boolean.FALSE.equals(v) ? 1 : 0;
            }
            return new Counts(yes, no, models.size() - yes - no);
        }
    }

    /** Capability names a provider summary reports (besides model types such as embedding). */
    public static final List<String> SUMMARY_CAPABILITIES = List.of("tools", "vision", "streaming", "reasoning", "structured_output",
            "prompt_caching", "audio_input", "audio_output", "web_search", "pdf_input");

    /** @return one summary per provider, sorted by provider id */
    public static List<ProviderSummary> providers(List<ModelState> states) {
        Map<String, List<ModelSpec>> byProvider = new TreeMap<>();
        states.forEach(s -> byProvider.computeIfAbsent(s.getSpec().getProvider(), k -> new ArrayList<>()).add(s.getSpec()));
        List<ProviderSummary> out = new ArrayList<>();
        byProvider.forEach((provider, specs) -> out.add(summary(provider, specs)));
        return out;
    }

    static ProviderSummary summary(String provider, List<ModelSpec> specs) {
        List<ModelSpec> active = specs.stream().filter(s -> s.getLifecycle().getStatus() == LifecycleStatus.ACTIVE).toList();
        Map<String, Object> offers = new LinkedHashMap<>();
        Map<String, Counts> counts = new LinkedHashMap<>();
        TreeSet<String> types = new TreeSet<>();
        active.forEach(s -> {
            if (s.getModelType() != null) {
                types.add(s.getModelType());
            }
        });
        // An untyped model might be an embedding model; a typed one says whether it is.
        counts.put("embeddings", Counts.of(active, s -> "embedding".equals(s.getModelType()) || s.getEndpoints().contains("embeddings")
                ? Boolean.TRUE : s.getModelType() == null ? null : Boolean.FALSE));
        for (String c : SUMMARY_CAPABILITIES) {
            counts.put(c, Counts.of(active, s -> s.getCapabilities().get(c)));
        }
        counts.forEach((c, n) -> offers.put(c, n.verdict()));
        // The provider's configured default, even when a source has since deprecated it (active ones first).
        String defaultModel = specs.stream().filter(s -> "true".equals(s.getExtras().get(dev.modelregistry.schemas.semantics.ProviderDefault.EXTRAS_KEY)))
                .sorted(java.util.Comparator.comparing((ModelSpec s) -> s.getLifecycle().getStatus() != LifecycleStatus.ACTIVE))
                .map(ModelSpec::getId).findFirst().orElse(null);
        return new ProviderSummary(provider, specs.size(), active.size(), defaultModel, offers, counts, new ArrayList<>(types));
    }

    /**
     * Coverage of the registry's answers.
     *
     * @param typeShare models with a type / models (0..1)
     * @param conflictsByField field path -> models whose sources disagree on it
     * @param derivedByRule derivation rule -> fields it set, over all models
     */
    public record Stats(int models, int active, int withType, double typeShare, Map<String, Integer> byType, int withBaseModel,
                        int withAliases, int aliases, int withConflicts, int fieldsInConflict, Map<String, Integer> conflictsByField,
                        Map<String, Integer> derivedByRule) {
    }

    /** @return coverage figures over the given states */
    public static Stats stats(List<ModelState> states) {
        int active = 0;
        int typed = 0;
        int withBase = 0;
        int withAliases = 0;
        int aliases = 0;
        int withConflicts = 0;
        int conflictFields = 0;
        Map<String, Integer> byType = new TreeMap<>();
        Map<String, Integer> byField = new TreeMap<>();
        Map<String, Integer> byRule = new TreeMap<>();
        for (ModelState st : states) {
            ModelSpec s = st.getSpec();
            active += s.getLifecycle().getStatus() == LifecycleStatus.ACTIVE ? 1 : 0;
            typed += s.getModelType() != null ? 1 : 0;
            byType.merge(s.getModelType() == null ? "unknown" : s.getModelType(), 1, Integer::sum);
            withBase += s.getBaseModel() != null ? 1 : 0;
            withAliases += s.getAliases().isEmpty() ? 0 : 1;
            aliases += s.getAliases().size();
            withConflicts += s.getConflicts().isEmpty() ? 0 : 1;
            conflictFields += s.getConflicts().size();
            s.getConflicts().keySet().forEach(f -> byField.merge(f, 1, Integer::sum));
            s.getProvenance().values().stream().filter(v -> v.startsWith("derived:"))
                    .forEach(v -> byRule.merge(v.substring("derived:".length()), 1, Integer::sum));
        }
        return new Stats(states.size(), active, typed, states.isEmpty() ? 0 : Math.round(10_000.0 * typed / states.size()) / 10_000.0,
                byType, withBase, withAliases, aliases, withConflicts, conflictFields, byField, byRule);
    }

    /** @return prices as exact decimals, or null */
    public static BigDecimal parsePrice(String text, String name) {
        if (text == null) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(text);
            if (d.signum() < 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a non-negative decimal, got '" + text + "'");
        }
    }
}
