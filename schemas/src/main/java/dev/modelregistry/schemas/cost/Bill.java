package dev.modelregistry.schemas.cost;

import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Pricing;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Prices a call the way providers bill it, with one model version's prices: a line per
 * component (input, cached input, cache writes, output, reasoning, requests), each with the
 * price used, the spec field and source it came from, or unknown. Pure, exact decimals.
 *
 * <p>The rules, each named in the answer where it decided something:
 * <ul>
 *   <li>{@value #LONG_CONTEXT}: once the prompt (input + cached + cache-write tokens) is above a
 *       tier's threshold, every token of the request is priced at that tier's rates (Gemini,
 *       Claude's 1M context); a price the tier does not give is unknown, not the base price.</li>
 *   <li>{@value #REASONING_AS_OUTPUT}: a model without a reasoning price bills reasoning tokens
 *       as output tokens (OpenAI's o-series and GPT-5 bill them so); a model with one, on a tier
 *       that does not restate it, has an unknown reasoning price there.</li>
 *   <li>{@value #SERVICE_TIER}: batch, priority and flex replace the standard prices where the
 *       model has them; a component without a price on that tier is unknown.</li>
 * </ul>
 */
public final class Bill {

    public static final String LONG_CONTEXT = "long-context-tier";
    public static final String REASONING_AS_OUTPUT = "reasoning-as-output";
    public static final String SERVICE_TIER = "service-tier-price";

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private Bill() {
    }

    /** How the provider serves the request; each has its own prices where the model has them. */
    public enum ServiceTier {
        STANDARD, BATCH, PRIORITY, FLEX;

        /** @throws IllegalArgumentException for a name that is not a tier, naming the ones that are */
        public static ServiceTier parse(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("service tier must be standard, batch, priority or flex, got '" + name + "'");
            }
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a bill is made of; tokens except {@link #REQUESTS} and {@link #WEB_SEARCHES}, which are counted. */
    public enum Component {
        INPUT("inputPerMillion"), CACHED_INPUT("cacheReadPerMillion"), CACHE_WRITE_5M("cacheWritePerMillion"),
        CACHE_WRITE_1H("cacheWrite1hPerMillion"), AUDIO_INPUT("audioInputPerMillion"), OUTPUT("outputPerMillion"),
        REASONING("reasoningPerMillion"), AUDIO_OUTPUT("audioOutputPerMillion"), REQUESTS("perRequest"), WEB_SEARCHES("webSearchPerCall");

        final String baseField;

        Component(String baseField) {
            this.baseField = baseField;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return true for a price per unit (a request, a search), false for a price per million tokens */
        public boolean counted() {
            return this == REQUESTS || this == WEB_SEARCHES;
        }
    }

    /**
     * One call's (or many calls') usage. Token counts do not overlap: {@code inputTokens} are the
     * uncached text input tokens, {@code outputTokens} the text output tokens without reasoning
     * (OpenAI's {@code completion_tokens} minus {@code reasoning_tokens}), audio tokens apart.
     *
     * @throws IllegalArgumentException on a negative count or a null tier
     */
    public record Usage(long inputTokens, long cachedInputTokens, long cacheWrite5mTokens, long cacheWrite1hTokens,
                        long outputTokens, long reasoningTokens, long requests, long audioInputTokens, long audioOutputTokens,
                        long webSearches, ServiceTier serviceTier) {
        public Usage {
            if (inputTokens < 0 || cachedInputTokens < 0 || cacheWrite5mTokens < 0 || cacheWrite1hTokens < 0
                    || outputTokens < 0 || reasoningTokens < 0 || requests < 0 || audioInputTokens < 0 || audioOutputTokens < 0
                    || webSearches < 0) {
                throw new IllegalArgumentException("token and request counts must not be negative");
            }
            if (serviceTier == null) {
                throw new IllegalArgumentException("service tier must be given");
            }
        }

        /**
         * The names of the counts, as {@code GET /v1/cost}'s parameters, {@code POST /v1/cost}'s
         * line fields and a usage log's fields call them, in {@link #of}'s order.
         */
        public static final List<String> COUNT_FIELDS = List.of("input_tokens", "cached_input_tokens", "cache_write_tokens",
                "cache_write_1h_tokens", "output_tokens", "reasoning_tokens", "requests", "audio_input_tokens",
                "audio_output_tokens", "web_searches");

        /** The name of the service tier's field beside the counts. */
        public static final String SERVICE_TIER_FIELD = "service_tier";

        /**
         * @param counts the count for each of {@link #COUNT_FIELDS} (0 where the caller has none)
         * @throws IllegalArgumentException on a negative count or a null tier
         */
        public static Usage of(ToLongFunction<String> counts, ServiceTier serviceTier) {
            long[] c = COUNT_FIELDS.stream().mapToLong(counts).toArray();
            return new Usage(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], serviceTier);
        }

        /** @return input and output tokens only, on the standard tier */
        public static Usage tokens(long inputTokens, long outputTokens) {
            return new Usage(inputTokens, 0, 0, 0, outputTokens, 0, 0, 0, 0, 0, ServiceTier.STANDARD);
        }

        /** @return the prompt size the long-context tiers are judged by */
        public long promptTokens() {
            return inputTokens + cachedInputTokens + cacheWrite5mTokens + cacheWrite1hTokens + audioInputTokens;
        }

        long quantity(Component component) {
            return switch (component) {
                case INPUT -> inputTokens;
                case CACHED_INPUT -> cachedInputTokens;
                case CACHE_WRITE_5M -> cacheWrite5mTokens;
                case CACHE_WRITE_1H -> cacheWrite1hTokens;
                case OUTPUT -> outputTokens;
                case REASONING -> reasoningTokens;
                case REQUESTS -> requests;
                case AUDIO_INPUT -> audioInputTokens;
                case AUDIO_OUTPUT -> audioOutputTokens;
                case WEB_SEARCHES -> webSearches;
            };
        }
    }

    /**
     * One component of the bill.
     *
     * @param price      per million tokens (per unit for a {@linkplain Component#counted() counted} component); null when unknown
     * @param priceField the spec field the price came from, e.g. {@code pricing.tiers.200000.inputPerMillion};
     *                   null when unknown
     * @param source     the catalog that gave that field; null when unknown or not recorded
     * @param amount     quantity times price; null when the price is unknown
     * @param rule       the rule that chose the price, or null for the plain standard price
     */
    public record Line(Component component, long quantity, BigDecimal price, String priceField, String source,
                       BigDecimal amount, String rule) {
    }

    /**
     * @param longContextTier the threshold of the tier applied (e.g. {@code 200000}), or null
     * @param total           the sum of the known amounts
     * @param complete        false when a line with a quantity has no price: the total is then a lower bound
     */
    public record Priced(String id, long version, Instant pricesValidFrom, String currency, ServiceTier serviceTier,
                         long promptTokens, String longContextTier, List<Line> lines, BigDecimal total, boolean complete,
                         List<String> rules) {

        /** @return the line of that component, or null when the usage has none of it */
        public Line line(Component component) {
            for (Line line : lines) {
                if (line.component() == component) {
                    return line;
                }
            }
            return null;
        }
    }

    /**
     * @param state the model version whose prices apply (the one valid at the time of the call)
     * @param usage what to price
     * @return a line for every component with a non-zero quantity
     * @throws IllegalStateException when that version has no prices at all
     */
    public static Priced of(ModelState state, Usage usage) {
        Pricing pricing = state.getSpec().getPricing();
        if (pricing == null) {
            throw new IllegalStateException(state.getModelId() + " version " + state.getVersion() + " has no prices");
        }
        Map<String, BigDecimal> prices = PriceFields.of(pricing);
        String tier = longContextTier(pricing, usage.promptTokens()).orElse(null);
        Set<String> rules = new LinkedHashSet<>();
        List<Line> lines = new ArrayList<>();
        Line output = null;
        for (Component component : Component.values()) {
            long quantity = usage.quantity(component);
            if (quantity == 0 && !(component == Component.OUTPUT && usage.reasoningTokens() > 0)) {
                continue;
            }
            Line line;
            // Only a model with no reasoning price at all bills reasoning as output; one whose
            // reasoning price the tier or service tier does not give has an unknown price there.
            if (component == Component.REASONING && !prices.containsKey(Component.REASONING.baseField)) {
                // Reasoning billed as output: the output line's price, whatever decided it.
                line = priced(state, component, quantity, output.priceField(), output.price(), REASONING_AS_OUTPUT);
            } else {
                String field = field(component, usage.serviceTier(), tier);
                String rule = tier != null && !component.counted() ? LONG_CONTEXT
                        : usage.serviceTier() != ServiceTier.STANDARD && component != Component.REQUESTS ? SERVICE_TIER : null;
                line = priced(state, component, quantity, field == null ? null : "pricing." + field,
                        field == null ? null : prices.get(field), rule);
            }
            if (component == Component.OUTPUT) {
                output = line;
                if (quantity == 0) {
                    continue;
                }
            }
            if (line.rule() != null) {
                rules.add(line.rule());
            }
            lines.add(line);
        }
        BigDecimal total = lines.stream().map(Line::amount).filter(a -> a != null).reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean complete = lines.stream().allMatch(l -> l.amount() != null);
        return new Priced(state.getModelId(), state.getVersion(), state.getUpdatedAt(), pricing.getCurrency(), usage.serviceTier(),
                usage.promptTokens(), tier, List.copyOf(lines), total.stripTrailingZeros(), complete, List.copyOf(rules));
    }

    /** @return the largest tier threshold the prompt is above */
    static Optional<String> longContextTier(Pricing pricing, long promptTokens) {
        String chosen = null;
        for (String threshold : pricing.getTiers().keySet()) {
            long size = Long.parseLong(threshold);
            if (promptTokens > size && (chosen == null || size > Long.parseLong(chosen))) {
                chosen = threshold;
            }
        }
        return Optional.ofNullable(chosen);
    }

    /** @return the price's path under {@code pricing.}, or null when no field could hold it */
    private static String field(Component component, ServiceTier serviceTier, String tier) {
        if (component.counted()) {
            // a price per request or per search does not change with the prompt's size
            return serviceTier == ServiceTier.STANDARD || component == Component.REQUESTS ? component.baseField : null;
        }
        if (serviceTier != ServiceTier.STANDARD) {
            // No catalog gives long-context prices per service tier in a form this registry keeps.
            if (tier != null) {
                return null;
            }
            String prefix = serviceTier.wireName();
            return switch (component) {
                case INPUT -> prefix + "InputPerMillion";
                case OUTPUT -> prefix + "OutputPerMillion";
                case CACHED_INPUT -> serviceTier == ServiceTier.BATCH ? null : prefix + "CacheReadPerMillion";
                default -> null;
            };
        }
        if (tier != null) {
            return component == Component.REASONING ? null : "tiers." + tier + "." + component.baseField;
        }
        return component.baseField;
    }

    /** @param path the price's spec path ({@code pricing.…}), or null when no field holds it */
    private static Line priced(ModelState state, Component component, long quantity, String path, BigDecimal price, String rule) {
        BigDecimal amount = null;
        if (price != null) {
            amount = component.counted()
                    ? price.multiply(BigDecimal.valueOf(quantity))
                    : price.multiply(BigDecimal.valueOf(quantity)).divide(MILLION, 12, RoundingMode.HALF_EVEN);
            amount = amount.stripTrailingZeros();
        }
        return new Line(component, quantity, price == null ? null : price.stripTrailingZeros(),
                price == null ? null : path, price == null ? null : source(state, path), amount, rule);
    }

    /** @return the source of the longest recorded path that {@code path} starts with */
    private static String source(ModelState state, String path) {
        Map<String, String> provenance = state.getSpec().getProvenance();
        for (String candidate = path; ; candidate = candidate.substring(0, candidate.lastIndexOf('.'))) {
            String source = provenance.get(candidate);
            if (source != null) {
                return source;
            }
            if (candidate.indexOf('.') < 0) {
                return null;
            }
        }
    }
}
