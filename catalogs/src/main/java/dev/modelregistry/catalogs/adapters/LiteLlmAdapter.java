package dev.modelregistry.catalogs.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.PriceTier;
import dev.modelregistry.schemas.Pricing;
import dev.modelregistry.schemas.semantics.CapabilityVocabulary;
import dev.modelregistry.catalogs.source.SourceName;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * LiteLLM's {@code model_prices_and_context_window.json}: an object keyed by route name, prices
 * in USD per token, {@code litellm_provider}, {@code mode} and {@code supports_*} flags. Ids are
 * {@code litellm_provider/key}, or the key itself when it already starts with the provider.
 *
 * <p>Inventory of the keys in the bundled snapshots (2025-04 .. 2026-07):
 * <ul>
 *   <li>mapped: {@code mode} -> {@code apiKind} (an API kind, not the model type, which the
 *       derivation decides); {@code max_input_tokens} -> context window and max input, else
 *       {@code max_tokens}; {@code max_output_tokens}; {@code input/output_cost_per_token},
 *       {@code cache_read_input_token_cost}, {@code cache_creation_input_token_cost},
 *       {@code output_cost_per_reasoning_token}, {@code *_cost_per_token_batches},
 *       {@code cache_creation_input_token_cost_above_1hr}, {@code *_priority}, {@code *_flex},
 *       {@code input_cost_per_request}, {@code *_above_<N>k_tokens} and
 *       {@code *_above_<N>k_tokens_priority} (long-context tiers), {@code tiered_pricing} (token
 *       ranges: the range from 0 is the base price, the others tiers),
 *       {@code input/output_cost_per_audio_token}, {@code input/output_cost_per_image_token},
 *       {@code input/output_cost_per_image} (per image), {@code search_context_cost_per_query} (when every
 *       context size costs the same) -> pricing;
 *       {@code supported_endpoints}, {@code supported_modalities},
 *       {@code supported_output_modalities}; {@code deprecation_date};</li>
 *   <li>every {@code supports_<name>} flag whose name is in {@link CapabilityVocabulary} (directly
 *       or as a synonym: function_calling, parallel_function_calling, response_schema,
 *       native_streaming, image_input, vision, audio_input/output, video_input, pdf_input,
 *       prompt_caching, reasoning, web_search, url_context, computer_use, tool_choice,
 *       system_messages, assistant_prefill, embedding_image_input, native_structured_output,
 *       sampling_params, service_tier, adaptive_thinking, and the five
 *       {@code supports_<effort>_reasoning_effort}) -> {@code capabilities};</li>
 *   <li>kept in extras on purpose (request settings of one provider, not capabilities of the
 *       model): {@code supports_multimodal}, {@code supports_preset}, {@code supports_speed},
 *       {@code supports_mid_conversation_system}, {@code supports_parallel_tool_use_config},
 *       {@code supports_output_config}, {@code supports_nova_canvas_image_edit},
 *       {@code supports_image_size}, {@code bedrock_converse_supports_strict_tools}; every
 *       other price (per image, second, character, tier, priority, flex, region), rate limits
 *       ({@code rpm}, {@code tpm}), {@code source}, {@code metadata}, {@code comment}.</li>
 * </ul>
 */
public final class LiteLlmAdapter implements CatalogAdapter {

    /** Flags whose name is not {@code supports_<capability>}. */
    private static final Map<String, String> RENAMED_FLAGS = Map.of(
            "supports_none_reasoning_effort", "reasoning_effort_none",
            "supports_minimal_reasoning_effort", "reasoning_effort_minimal",
            "supports_low_reasoning_effort", "reasoning_effort_low",
            "supports_xhigh_reasoning_effort", "reasoning_effort_xhigh",
            "supports_max_reasoning_effort", "reasoning_effort_max");

    @Override
    public SourceName source() {
        return SourceName.LITELLM;
    }

    @Override
    public AdapterResult parse(byte[] body) throws CatalogFormatException {
        JsonNode root = JsonCatalogs.requireObject(JsonCatalogs.parse(body, "litellm"), "litellm");
        Map<String, ModelSpec> specs = new LinkedHashMap<>();
        List<AdapterResult.Unreadable> unreadable = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("sample_spec") || !e.getValue().isObject()) {
                continue; // the format's own documentation entry, and the mirror's "last_updated"
            }
            JsonNode provider = e.getValue().get("litellm_provider");
            if (provider == null || !provider.isTextual() || provider.asText().isBlank()) {
                unreadable.add(new AdapterResult.Unreadable(e.getKey(), "litellm_provider", "missing: no id can be made"));
                continue;
            }
            String id = Ids.canonical(provider.asText(), e.getKey());
            if (!Ids.usable(id)) {
                unreadable.add(new AdapterResult.Unreadable(e.getKey(), "(key)", "not usable as a model id"));
                continue;
            }
            if (!specs.containsKey(id)) {
                specs.put(id, spec(id, e.getKey(), new ModelJson(source().id(), id, e.getValue(), unreadable)));
            }
        }
        return new AdapterResult(new ArrayList<>(specs.values()), unreadable);
    }

    private static ModelSpec spec(String id, String key, ModelJson m) {
        m.consume("litellm_provider");
        Long maxInput = m.count("max_input_tokens");
        Long maxTokens = m.count("max_tokens");
        Long maxOutput = m.count("max_output_tokens");
        Map<String, Boolean> capabilities = Specs.capabilities();
        // vision before image_input: both mean image input, and vision is the older, wider-used flag.
        Specs.capability(capabilities, "vision", m.flag("supports_vision"));
        for (Iterator<String> names = m.node().fieldNames(); names.hasNext(); ) {
            String flag = names.next();
            if (!flag.startsWith("supports_") || !m.node().get(flag).isBoolean()) {
                continue;
            }
            String word = RENAMED_FLAGS.getOrDefault(flag, flag.substring("supports_".length()));
            CapabilityVocabulary.canonical(word).ifPresent(name -> {
                Boolean value = m.flag(flag);
                if (!capabilities.containsKey(name)) {
                    Specs.capability(capabilities, name, value);
                }
            });
        }
        String mode = m.text("mode");
        List<String> endpoints = new ArrayList<>();
        for (String e : m.texts("supported_endpoints")) {
            endpoints.add(e.replaceFirst("^/v1/", "").replace("chat/completions", "chat").replace('/', '_'));
        }
        ModelSpec.Builder b = Specs.start(id)
                .setDisplayName(key)
                .setApiKind(mode == null || mode.contains(" ") ? null : mode.toLowerCase(java.util.Locale.ROOT))
                .setCapabilities(capabilities)
                .setLimits(Limits.newBuilder()
                        .setContextWindow(maxInput != null ? maxInput : maxTokens)
                        .setMaxInputTokens(maxInput)
                        .setMaxOutputTokens(maxOutput).build())
                .setModalitiesIn(Specs.sortedLower(m.texts("supported_modalities")))
                .setModalitiesOut(Specs.sortedLower(m.texts("supported_output_modalities")))
                .setEndpoints(Specs.sortedLower(endpoints))
                .setPricing(pricing(m));
        ModelSpec spec = b.build();
        spec.getLifecycle().setDeprecationDate(m.text("deprecation_date"));
        spec.setExtras(m.extras());
        return spec;
    }

    /** {@code <price>_above_<N>k_tokens[_priority]}: the long-context tier of one price, N thousand prompt tokens. */
    private static final Pattern TIER_PRICE = Pattern.compile("(" + LiteLlmPriceKeys.TIER.stream()
            .map(k -> Pattern.quote(k.key())).collect(Collectors.joining("|")) + ")_above_(\\d+)k_tokens(_priority)?");

    private static Pricing pricing(ModelJson m) {
        Map<String, PriceTier> tiers = new TreeMap<>();
        for (Iterator<String> names = m.node().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            Matcher tier = TIER_PRICE.matcher(name);
            // a key the spec has no field for (a priority cache write past a threshold) stays in extras
            Optional<LiteLlmPriceKeys.Key> key = tier.matches()
                    ? LiteLlmPriceKeys.find(tier.group(3) == null ? LiteLlmPriceKeys.TIER : LiteLlmPriceKeys.TIER_PRIORITY, tier.group(1))
                    : Optional.empty();
            if (key.isPresent()) {
                tiers.computeIfAbsent(String.valueOf(Long.parseLong(tier.group(2)) * 1000), t -> PriceTier.newBuilder().build())
                        .put(key.get().field(), m.perToken(name));
            }
        }
        PriceTier fromZero = PriceTier.newBuilder().build();
        for (ModelJson range : m.objects("tiered_pricing")) {
            Long from = rangeStart(range);
            if (from != null) {
                PriceTier prices = from == 0 ? fromZero : tiers.computeIfAbsent(String.valueOf(from), t -> PriceTier.newBuilder().build());
                readInto(prices, range, LiteLlmPriceKeys.BASE);
            }
        }
        Map<String, PriceTier> built = new TreeMap<>();
        tiers.forEach((threshold, prices) -> {
            PriceTier tier = Specs.tier(PriceTier.newBuilder(prices));
            if (tier != null) {
                built.put(threshold, tier);
            }
        });
        Pricing pricing = Pricing.newBuilder().setWebSearchPerCall(webSearchPerCall(m)).setTiers(built).build();
        readInto(pricing, m, LiteLlmPriceKeys.BASE);
        // a model priced only by token ranges: the range from 0 gives what the model's own keys do not
        for (Schema.Field field : fromZero.getSchema().getFields()) {
            if (fromZero.get(field.pos()) != null && pricing.get(field.name()) == null) {
                pricing.put(field.name(), fromZero.get(field.pos()));
            }
        }
        return Specs.pricing(Pricing.newBuilder(pricing));
    }

    /** Reads each of {@code keys} whose field {@code prices} has (a Pricing or a PriceTier) from {@code json}. */
    private static void readInto(SpecificRecordBase prices, ModelJson json, List<LiteLlmPriceKeys.Key> keys) {
        for (LiteLlmPriceKeys.Key key : keys) {
            if (prices.getSchema().getField(key.field()) != null) {
                prices.put(key.field(), key.perToken() ? json.perToken(key.key()) : json.perUnit(key.key()));
            }
        }
    }

    /**
     * {@code tiered_pricing[].range}: {@code [from, to]} prompt tokens per request; a range from 0
     * holds the base prices, a later one a long-context tier that applies above {@code from}.
     *
     * @return {@code from}, or null (with a problem recorded) for anything else, e.g. search tools'
     *         {@code max_results_range}
     */
    private static Long rangeStart(ModelJson range) {
        JsonNode r = range.at("range");
        if (r != null && r.isArray() && r.size() == 2 && r.get(0).isNumber()) {
            BigDecimal from = r.get(0).decimalValue().stripTrailingZeros();
            if (from.signum() >= 0 && from.scale() <= 0) {
                return from.longValueExact();
            }
        }
        range.problem("range", "only a [from, to] range of prompt tokens is understood");
        return null;
    }

    /**
     * {@code search_context_cost_per_query} gives a price per search for each search context size.
     * Only when the sizes cost the same is that the price of a search whatever the request asks;
     * otherwise it stays in extras (the price depends on a request parameter the spec does not hold).
     */
    private static BigDecimal webSearchPerCall(ModelJson m) {
        JsonNode sizes = m.node().get("search_context_cost_per_query");
        JsonNode unit = m.node().get("web_search_billing_unit");
        if (sizes == null || !sizes.isObject() || sizes.isEmpty() || (unit != null && !"per_query".equals(unit.asText()))) {
            return null;
        }
        java.util.Set<String> prices = new java.util.HashSet<>();
        sizes.fields().forEachRemaining(e -> prices.add(e.getValue().isNumber() ? e.getValue().decimalValue().stripTrailingZeros().toPlainString() : "?"));
        if (prices.size() != 1 || prices.contains("?")) {
            return null;
        }
        if (unit != null) {
            m.consume("web_search_billing_unit");
        }
        BigDecimal price = null;
        for (Iterator<String> names = sizes.fieldNames(); names.hasNext(); ) {
            price = m.perUnit("search_context_cost_per_query." + names.next());
        }
        return price;
    }
}
