package dev.modelregistry.schemas.cost;

import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Pricing;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
 *   <li>{@value #LONG_CONTEXT}: once the prompt (every input token: text, cached, cache-write, audio, image) is above a
 *       tier's threshold, every token of the request is priced at that tier's rates (Gemini,
 *       Claude's 1M context); a price the tier does not give is unknown, not the base price.</li>
 *   <li>{@value #REASONING_AS_OUTPUT}: a model without a reasoning price bills reasoning tokens
 *       as output tokens (OpenAI's o-series and GPT-5 bill them so); a model with one, on a tier
 *       that does not restate it, has an unknown reasoning price there.</li>
 *   <li>{@value #SERVICE_TIER}: batch, priority and flex replace the standard prices where the
 *       model has them (on a long-context tier too, where the tier restates them); a component
 *       without a price on that service tier is unknown.</li>
 *   <li>{@value #IMAGE_INPUT_AS_INPUT}: a model without a price for image input tokens bills them
 *       as input tokens (OpenAI and Gemini count an image's tokens as prompt tokens).</li>
 * </ul>
 */
public final class Bill {

    public static final String LONG_CONTEXT = "long-context-tier";
    public static final String REASONING_AS_OUTPUT = "reasoning-as-output";
    public static final String SERVICE_TIER = "service-tier-price";
    public static final String IMAGE_INPUT_AS_INPUT = "image-input-as-input";

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

    /**
     * What a bill is made of: tokens, except the {@linkplain #counted() counted} requests, web
     * searches and images. In this order, so a component that borrows another's price comes after it.
     */
    public enum Component {
        INPUT("inputPerMillion"), CACHED_INPUT("cacheReadPerMillion"), CACHE_WRITE_5M("cacheWritePerMillion"),
        CACHE_WRITE_1H("cacheWrite1hPerMillion"), AUDIO_INPUT("audioInputPerMillion"), IMAGE_INPUT("imageInputPerMillion"),
        OUTPUT("outputPerMillion"), REASONING("reasoningPerMillion"), AUDIO_OUTPUT("audioOutputPerMillion"),
        IMAGE_OUTPUT("imageOutputPerMillion"), REQUESTS("perRequest"), WEB_SEARCHES("webSearchPerCall"),
        INPUT_IMAGES("perInputImage"), OUTPUT_IMAGES("perOutputImage");

        final String baseField;

        Component(String baseField) {
            this.baseField = baseField;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return true for a price per unit (a request, a search, an image), false for a price per million tokens */
        public boolean counted() {
            return this == REQUESTS || this == WEB_SEARCHES || this == INPUT_IMAGES || this == OUTPUT_IMAGES;
        }

        /** @return what a counted component's price is per ({@code request}, {@code search}, {@code image}), else {@code 1M tokens} */
        public String unit() {
            return switch (this) {
                case REQUESTS -> "request";
                case WEB_SEARCHES -> "search";
                case INPUT_IMAGES, OUTPUT_IMAGES -> "image";
                default -> "1M tokens";
            };
        }
    }

    /**
     * One call's (or many calls') usage. Token counts do not overlap: {@code inputTokens} are the
     * uncached text input tokens, {@code outputTokens} the text output tokens without reasoning
     * (OpenAI's {@code completion_tokens} minus {@code reasoning_tokens}), audio and image tokens
     * apart; images are counted as tokens or as images, as the model is priced, not both.
     *
     * @throws IllegalArgumentException on a negative count or a null tier
     */
    public record Usage(long inputTokens, long cachedInputTokens, long cacheWrite5mTokens, long cacheWrite1hTokens,
                        long outputTokens, long reasoningTokens, long requests, long audioInputTokens, long audioOutputTokens,
                        long webSearches, long imageInputTokens, long imageOutputTokens, long inputImages, long outputImages,
                        ServiceTier serviceTier) {
        public Usage {
            for (long count : new long[] {inputTokens, cachedInputTokens, cacheWrite5mTokens, cacheWrite1hTokens, outputTokens,
                    reasoningTokens, requests, audioInputTokens, audioOutputTokens, webSearches, imageInputTokens,
                    imageOutputTokens, inputImages, outputImages}) {
                if (count < 0) {
                    throw new IllegalArgumentException("token, request and image counts must not be negative");
                }
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
                "audio_output_tokens", "web_searches", "image_input_tokens", "image_output_tokens", "input_images",
                "output_images");

        /** The name of the service tier's field beside the counts. */
        public static final String SERVICE_TIER_FIELD = "service_tier";

        /**
         * @param counts the count for each of {@link #COUNT_FIELDS} (0 where the caller has none)
         * @throws IllegalArgumentException on a negative count or a null tier
         */
        public static Usage of(ToLongFunction<String> counts, ServiceTier serviceTier) {
            long[] c = COUNT_FIELDS.stream().mapToLong(counts).toArray();
            return new Usage(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], serviceTier);
        }

        /** @return each of {@link #COUNT_FIELDS} with its count, in that order (the inverse of {@link #of}) */
        public Map<String, Long> counts() {
            long[] c = {inputTokens, cachedInputTokens, cacheWrite5mTokens, cacheWrite1hTokens, outputTokens, reasoningTokens,
                    requests, audioInputTokens, audioOutputTokens, webSearches, imageInputTokens, imageOutputTokens, inputImages,
                    outputImages};
            Map<String, Long> counts = new LinkedHashMap<>();
            for (int i = 0; i < c.length; i++) {
                counts.put(COUNT_FIELDS.get(i), c[i]);
            }
            return counts;
        }

        /** @return input and output tokens only, on the standard tier */
        public static Usage tokens(long inputTokens, long outputTokens) {
            return new Usage(inputTokens, 0, 0, 0, outputTokens, 0, 0, 0, 0, 0, 0, 0, 0, 0, ServiceTier.STANDARD);
        }

        /** @return the prompt size the long-context tiers are judged by */
        public long promptTokens() {
            return inputTokens + cachedInputTokens + cacheWrite5mTokens + cacheWrite1hTokens + audioInputTokens + imageInputTokens;
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
                case IMAGE_INPUT -> imageInputTokens;
                case IMAGE_OUTPUT -> imageOutputTokens;
                case INPUT_IMAGES -> inputImages;
                case OUTPUT_IMAGES -> outputImages;
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
        // Every component is priced, even without a quantity: reasoning and image input may borrow
        // the price that output and input would have had.
        Map<Component, Line> priced = new EnumMap<>(Component.class);
        Set<String> rules = new LinkedHashSet<>();
        for (Component component : Component.values()) {
            long quantity = usage.quantity(component);
            Line basis = null;
            String borrowedRule = null;
            if (component == Component.REASONING && !prices.containsKey(component.baseField)) {
                // Only a model with no reasoning price at all bills reasoning as output; one whose
                // reasoning price the tier or service tier does not give has an unknown price there.
                basis = priced.get(Component.OUTPUT);
                borrowedRule = REASONING_AS_OUTPUT;
            } else if (component == Component.IMAGE_INPUT && !prices.containsKey(component.baseField)) {
                basis = priced.get(Component.INPUT);
                borrowedRule = IMAGE_INPUT_AS_INPUT;
            }
            Line line;
            if (basis != null) {
                line = priced(state, component, quantity, basis.priceField(), basis.price(), borrowedRule);
            } else {
                String field = field(component, usage.serviceTier(), tier);
                line = priced(state, component, quantity, field == null ? null : "pricing." + field,
                        field == null ? null : prices.get(field), rule(component, usage.serviceTier(), tier));
            }
            priced.put(component, line);
            if (quantity > 0) {
                // the rules that chose a borrowed price decided this line too
                for (String rule : new String[] {basis == null ? null : basis.rule(), line.rule()}) {
                    if (rule != null) {
                        rules.add(rule);
                        if (rule.equals(LONG_CONTEXT) && usage.serviceTier() != ServiceTier.STANDARD) {
                            rules.add(SERVICE_TIER);
                        }
                    }
                }
            }
        }
        List<Line> lines = priced.values().stream().filter(l -> l.quantity() > 0).toList();
        BigDecimal total = lines.stream().map(Line::amount).filter(a -> a != null).reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean complete = lines.stream().allMatch(l -> l.amount() != null);
        return new Priced(state.getModelId(), state.getVersion(), state.getUpdatedAt(), pricing.getCurrency(), usage.serviceTier(),
                usage.promptTokens(), tier, lines, total.stripTrailingZeros(), complete, List.copyOf(rules));
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

    /** @return the rule that chose a directly priced component's field, or null for the standard price */
    private static String rule(Component component, ServiceTier serviceTier, String tier) {
        if (tier != null && !component.counted()) {
            return LONG_CONTEXT;
        }
        return serviceTier != ServiceTier.STANDARD && component != Component.REQUESTS ? SERVICE_TIER : null;
    }

    /**
     * @return the price's path under {@code pricing.}; a path the model has no price at is an
     *         unknown price, as is null (no field could hold it)
     */
    private static String field(Component component, ServiceTier serviceTier, String tier) {
        if (component.counted()) {
            // a price per request, search or image does not change with the prompt's size
            return serviceTier == ServiceTier.STANDARD || component == Component.REQUESTS ? component.baseField : null;
        }
        String under = tier == null ? "" : "tiers." + tier + ".";
        if (serviceTier != ServiceTier.STANDARD) {
            String prefix = serviceTier.wireName();
            return switch (component) {
                case INPUT -> under + prefix + "InputPerMillion";
                case OUTPUT -> under + prefix + "OutputPerMillion";
                case CACHED_INPUT -> serviceTier == ServiceTier.BATCH ? null : under + prefix + "CacheReadPerMillion";
                default -> null;
            };
        }
        return under + component.baseField;
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
