package dev.modelregistry.api.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.catalogs.adapters.LiteLlmPriceKeys;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.Pricing;
import dev.modelregistry.schemas.TemperatureKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registry's models in the formats other tools already read, each in that tool's own keys
 * and units: LiteLLM's {@code model_prices_and_context_window.json}, models.dev's
 * {@code api.json} and OpenRouter's {@code /api/v1/models}. Pure: specs in, a JSON tree out,
 * ordered by id so equal registries give equal bytes. A value the registry does not know is
 * left out, never written as zero or false.
 */
public final class CatalogExports {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * Providers whose LiteLLM keys are bare model names ({@code gpt-4o}, not {@code openai/gpt-4o}),
     * as in LiteLLM's own file (the 2026-07-24 snapshot in {@code testdata/catalogs/}); every
     * {@code vertex_ai-*} provider too. Other providers' keys carry the provider prefix, which
     * is how LiteLLM routes them.
     */
    private static final Set<String> LITELLM_BARE_KEYS = Set.of("openai", "anthropic", "ai21", "amazon_nova", "azure_text",
            "bedrock_converse", "cohere", "cohere_chat", "jina_ai", "nlp_cloud", "text-completion-openai", "volcengine");

    /** Capabilities whose LiteLLM flag is not {@code supports_<name>}. */
    private static final Map<String, String> LITELLM_FLAGS = Map.ofEntries(
            Map.entry("tools", "supports_function_calling"),
            Map.entry("parallel_tools", "supports_parallel_function_calling"),
            Map.entry("structured_output", "supports_response_schema"),
            Map.entry("streaming", "supports_native_streaming"),
            Map.entry("reasoning_effort_none", "supports_none_reasoning_effort"),
            Map.entry("reasoning_effort_minimal", "supports_minimal_reasoning_effort"),
            Map.entry("reasoning_effort_low", "supports_low_reasoning_effort"),
            Map.entry("reasoning_effort_xhigh", "supports_xhigh_reasoning_effort"),
            Map.entry("reasoning_effort_max", "supports_max_reasoning_effort"));

    private CatalogExports() {
    }

    /** @return the LiteLLM key of a model: a bare name for the providers LiteLLM keys that way, else the full id */
    public static String liteLlmKey(ModelSpec spec) {
        String provider = spec.getProvider();
        return LITELLM_BARE_KEYS.contains(provider) || provider.startsWith("vertex_ai-") ? slug(spec) : spec.getId();
    }

    /**
     * @return LiteLLM's cost map: one entry per model, keyed as LiteLLM routes it, costs in USD
     *     per token, {@code litellm_provider}, {@code mode}, token limits and {@code supports_*}
     */
    public static ObjectNode liteLlm(Collection<ModelSpec> specs) {
        ObjectNode root = JSON.objectNode();
        for (ModelSpec s : sorted(specs)) {
            String key = liteLlmKey(s);
            if (root.has(key)) {
                continue; // two ids for one LiteLLM key: the first by id wins, as LiteLLM would read one
            }
            ObjectNode m = root.putObject(key);
            m.put("litellm_provider", s.getProvider());
            String mode = s.getApiKind() != null ? s.getApiKind() : liteLlmMode(s.getModelType());
            if (mode != null) {
                m.put("mode", mode);
            }
            Long input = s.getLimits().getMaxInputTokens();
            Long output = s.getLimits().getMaxOutputTokens();
            putLong(m, "max_input_tokens", input);
            putLong(m, "max_output_tokens", output);
            // LiteLLM's legacy key: the output limit when known, else the input one (its
            // sample_spec); with no input limit known, the context window stands there, so an
            // unknown input limit stays unknown instead of being guessed
            putLong(m, "max_tokens", input == null ? s.getLimits().getContextWindow() : output != null ? output : input);
            Pricing p = s.getPricing();
            if (p != null) {
                for (LiteLlmPriceKeys.Key price : LiteLlmPriceKeys.BASE) {
                    putLiteLlmPrice(m, price.key(), price, (BigDecimal) p.get(price.field()));
                }
                if (p.getWebSearchPerCall() != null) {
                    // one price per search whatever the context size, which is how the registry holds it
                    ObjectNode sizes = m.putObject("search_context_cost_per_query");
                    for (String size : List.of("low", "medium", "high")) {
                        putDecimal(sizes, "search_context_size_" + size, p.getWebSearchPerCall());
                    }
                }
                liteLlmTiers(m, p);
            }
            new TreeMap<>(s.getCapabilities()).forEach((name, value) -> {
                if (value != null) {
                    m.put(LITELLM_FLAGS.getOrDefault(name, "supports_" + name), value);
                }
            });
            strings(m, "supported_modalities", s.getModalitiesIn());
            strings(m, "supported_output_modalities", s.getModalitiesOut());
            if (s.getLifecycle().getDeprecationDate() != null) {
                m.put("deprecation_date", s.getLifecycle().getDeprecationDate());
            }
        }
        return root;
    }

    /**
     * Long-context tiers as LiteLLM's {@code <price>_above_<N>k_tokens} keys; a threshold that is
     * not a whole number of thousands has no such key and is left out.
     */
    private static void liteLlmTiers(ObjectNode m, Pricing p) {
        p.getTiers().forEach((threshold, t) -> {
            long from = Long.parseLong(threshold);
            if (from % 1000 != 0) {
                return;
            }
            for (LiteLlmPriceKeys.Key key : LiteLlmPriceKeys.TIER) {
                putLiteLlmPrice(m, LiteLlmPriceKeys.above(key.key(), from, false), key, (BigDecimal) t.get(key.field()));
            }
            for (LiteLlmPriceKeys.Key key : LiteLlmPriceKeys.TIER_PRIORITY) {
                putLiteLlmPrice(m, LiteLlmPriceKeys.above(key.key(), from, true), key, (BigDecimal) t.get(key.field()));
            }
        });
    }

    /** Puts {@code price} (per million tokens, or per unit) under {@code name} in LiteLLM's unit for {@code key}. */
    private static void putLiteLlmPrice(ObjectNode m, String name, LiteLlmPriceKeys.Key key, BigDecimal price) {
        putDecimal(m, name, key.perToken() ? perToken(price) : price);
    }

    /**
     * @return models.dev's {@code api.json}: providers by id, each with its models by their id
     *     within the provider, costs in USD per million tokens; the rare id that repeats its
     *     provider ({@code perplexity/perplexity/sonar}) is left out, as that nesting cannot tell
     *     it from another model
     */
    public static ObjectNode modelsDev(Collection<ModelSpec> specs) {
        ObjectNode root = JSON.objectNode();
        for (ModelSpec s : sorted(specs)) {
            if (slug(s).startsWith(s.getProvider() + "/")) {
                // perplexity/perplexity/sonar: under provider "perplexity" its model id would be
                // "perplexity/sonar", which readers take for perplexity/sonar, another model
                continue;
            }
            ObjectNode provider = (ObjectNode) root.get(s.getProvider());
            if (provider == null) {
                provider = root.putObject(s.getProvider());
                provider.put("id", s.getProvider());
                provider.put("name", s.getProvider());
                provider.putObject("models");
            }
            String slug = slug(s);
            ObjectNode m = ((ObjectNode) provider.get("models")).putObject(slug);
            m.put("id", slug);
            m.put("name", s.getDisplayName() != null ? s.getDisplayName() : slug);
            if (s.getFamily() != null) {
                m.put("family", s.getFamily());
            }
            flag(m, "tool_call", s.getCapabilities().get("tools"));
            flag(m, "reasoning", s.getCapabilities().get("reasoning"));
            flag(m, "structured_output", s.getCapabilities().get("structured_output"));
            flag(m, "attachment", s.getCapabilities().get("attachments"));
            if (s.getTemperature() != null && s.getTemperature().getKind() != null) {
                m.put("temperature", s.getTemperature().getKind() != TemperatureKind.NONE);
            }
            if (s.getKnowledgeCutoff() != null) {
                m.put("knowledge", s.getKnowledgeCutoff());
            }
            if (s.getLifecycle().getReleaseDate() != null) {
                m.put("release_date", s.getLifecycle().getReleaseDate());
            }
            if (s.getLifecycle().getStatus() == LifecycleStatus.DEPRECATED || s.getLifecycle().getStatus() == LifecycleStatus.RETIRED) {
                m.put("status", "deprecated");
            }
            if (!s.getModalitiesIn().isEmpty() || !s.getModalitiesOut().isEmpty()) {
                ObjectNode modalities = m.putObject("modalities");
                strings(modalities, "input", s.getModalitiesIn());
                strings(modalities, "output", s.getModalitiesOut());
            }
            ObjectNode limit = JSON.objectNode();
            putLong(limit, "context", s.getLimits().getContextWindow());
            putLong(limit, "input", s.getLimits().getMaxInputTokens());
            putLong(limit, "output", s.getLimits().getMaxOutputTokens());
            if (!limit.isEmpty()) {
                m.set("limit", limit);
            }
            Pricing p = s.getPricing();
            if (p != null) {
                ObjectNode cost = JSON.objectNode();
                putDecimal(cost, "input", plain(p.getInputPerMillion()));
                putDecimal(cost, "output", plain(p.getOutputPerMillion()));
                putDecimal(cost, "cache_read", plain(p.getCacheReadPerMillion()));
                putDecimal(cost, "cache_write", plain(p.getCacheWritePerMillion()));
                putDecimal(cost, "reasoning", plain(p.getReasoningPerMillion()));
                if (!cost.isEmpty()) {
                    m.set("cost", cost);
                }
            }
        }
        return root;
    }

    /**
     * @return OpenRouter's {@code /api/v1/models} for the models OpenRouter offers (the registry's
     *     {@code openrouter/...} ids, listed under OpenRouter's own ids without that prefix): an
     *     OpenRouter client calls exactly these ids. {@code {"data": [...]}}, prices as strings in
     *     USD per token, {@code supported_parameters} from what the registry knows each accepts
     */
    public static ObjectNode openRouter(Collection<ModelSpec> specs) {
        ObjectNode root = JSON.objectNode();
        ArrayNode data = root.putArray("data");
        for (ModelSpec s : sorted(specs)) {
            if (!s.getProvider().equals("openrouter")) {
                continue;
            }
            ObjectNode m = data.addObject();
            m.put("id", slug(s));
            m.put("name", s.getDisplayName() != null ? s.getDisplayName() : s.getId());
            Long created = epochSeconds(s.getLifecycle().getReleaseDate());
            if (created != null) {
                m.put("created", created);
            }
            if (s.getDescription() != null) {
                m.put("description", s.getDescription());
            }
            putLong(m, "context_length", s.getLimits().getContextWindow());
            ObjectNode architecture = m.putObject("architecture");
            strings(architecture, "input_modalities", s.getModalitiesIn());
            strings(architecture, "output_modalities", s.getModalitiesOut());
            Pricing p = s.getPricing();
            if (p != null) {
                ObjectNode pricing = m.putObject("pricing");
                putText(pricing, "prompt", perToken(p.getInputPerMillion()));
                putText(pricing, "completion", perToken(p.getOutputPerMillion()));
                putText(pricing, "input_cache_read", perToken(p.getCacheReadPerMillion()));
                putText(pricing, "input_cache_write", perToken(p.getCacheWritePerMillion()));
                putText(pricing, "internal_reasoning", perToken(p.getReasoningPerMillion()));
            }
            ObjectNode top = m.putObject("top_provider");
            putLong(top, "context_length", s.getLimits().getContextWindow());
            putLong(top, "max_completion_tokens", s.getLimits().getMaxOutputTokens());
            List<String> parameters = supportedParameters(s);
            if (!parameters.isEmpty()) {
                strings(m, "supported_parameters", parameters);
            }
            if (s.getReasoning() != null) {
                ObjectNode reasoning = m.putObject("reasoning");
                strings(reasoning, "supported_efforts", s.getReasoning().getSupported());
                if (s.getReasoning().getDefaultEffort() != null) {
                    reasoning.put("default_effort", s.getReasoning().getDefaultEffort());
                }
            }
            if (s.getKnowledgeCutoff() != null) {
                m.put("knowledge_cutoff", s.getKnowledgeCutoff());
            }
            if (s.getLifecycle().getRetirementDate() != null) {
                m.put("expiration_date", s.getLifecycle().getRetirementDate());
            }
        }
        return root;
    }

    /** What OpenRouter lists as a model's request parameters, from the capabilities the registry knows. */
    private static List<String> supportedParameters(ModelSpec s) {
        List<String> out = new ArrayList<>();
        Map<String, Boolean> c = s.getCapabilities();
        if (Boolean.TRUE.equals(c.get("tools"))) {
            out.add("tools");
        }
        if (Boolean.TRUE.equals(c.get("tool_choice"))) {
            out.add("tool_choice");
        }
        if (Boolean.TRUE.equals(c.get("parallel_tools"))) {
            out.add("parallel_tool_calls");
        }
        if (Boolean.TRUE.equals(c.get("structured_output"))) {
            out.add("structured_outputs");
            out.add("response_format");
        }
        if (Boolean.TRUE.equals(c.get("reasoning"))) {
            out.add("reasoning");
            out.add("include_reasoning");
        }
        if (Boolean.TRUE.equals(c.get("web_search"))) {
            out.add("web_search_options");
        }
        if (s.getTokenLimitParameter() != null) {
            out.add(s.getTokenLimitParameter());
        }
        if (s.getTemperature() != null && s.getTemperature().getKind() != null && s.getTemperature().getKind() != TemperatureKind.NONE) {
            out.add("temperature");
        }
        return out;
    }

    private static String liteLlmMode(String modelType) {
        if (modelType == null) {
            return null;
        }
        return switch (modelType) {
            case "chat", "reasoning", "code" -> "chat";
            case "embedding" -> "embedding";
            case "image", "image_generation" -> "image_generation";
            case "transcription" -> "audio_transcription";
            case "speech", "tts" -> "audio_speech";
            case "moderation" -> "moderation";
            case "rerank" -> "rerank";
            default -> null;
        };
    }

    private static List<ModelSpec> sorted(Collection<ModelSpec> specs) {
        List<ModelSpec> out = new ArrayList<>(specs);
        out.sort(Comparator.comparing(ModelSpec::getId));
        return out;
    }

    private static String slug(ModelSpec s) {
        return s.getId().substring(s.getProvider().length() + 1);
    }

    private static BigDecimal perToken(BigDecimal perMillion) {
        return perMillion == null ? null : perMillion.movePointLeft(6).stripTrailingZeros();
    }

    private static BigDecimal plain(BigDecimal perMillion) {
        return perMillion == null ? null : perMillion.stripTrailingZeros();
    }

    private static void putDecimal(ObjectNode o, String key, BigDecimal value) {
        if (value != null) {
            o.put(key, value.signum() == 0 ? BigDecimal.ZERO : value);
        }
    }

    private static void putText(ObjectNode o, String key, BigDecimal value) {
        if (value != null) {
            o.put(key, value.signum() == 0 ? "0" : value.toPlainString());
        }
    }

    private static void putLong(ObjectNode o, String key, Long value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private static void flag(ObjectNode o, String key, Boolean value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private static void strings(ObjectNode o, String key, List<String> values) {
        ArrayNode a = o.putArray(key);
        values.forEach(a::add);
    }

    private static Long epochSeconds(String date) {
        if (date == null || date.length() != 10) {
            return null;
        }
        try {
            return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
