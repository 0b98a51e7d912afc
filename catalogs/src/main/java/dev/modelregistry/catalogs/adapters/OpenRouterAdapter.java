package dev.modelregistry.catalogs.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.PriceTier;
import dev.modelregistry.schemas.Pricing;
import dev.modelregistry.schemas.ReasoningEfforts;
import dev.modelregistry.schemas.TemperatureKind;
import dev.modelregistry.schemas.TemperatureRule;
import dev.modelregistry.catalogs.source.SourceName;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * OpenRouter's {@code GET /api/v1/models}: {@code {"data": [...]}}, prices as strings in USD per
 * token under {@code pricing}. Ids are {@code openrouter/<id>}.
 *
 * <p>Inventory of the keys in the bundled snapshots (2026-05, 2026-08):
 * <ul>
 *   <li>mapped: {@code name}, {@code description}, {@code context_length},
 *       {@code top_provider.max_completion_tokens}, {@code pricing.prompt/completion/input_cache_read/
 *       input_cache_write/input_cache_write_1h/internal_reasoning/request/audio/web_search/image/
 *       image_output} (image and image_output per token: in both snapshots every non-zero image
 *       price equals the model's prompt price, which fits a price per image token and not one per image),
 *       {@code pricing.overrides}
 *       ({@code min_prompt_tokens} tiers), {@code architecture.input/output_modalities},
 *       {@code created} (release date), {@code expiration_date} (retirement; the 2098-12-31
 *       placeholder is dropped in the merge), {@code knowledge_cutoff},
 *       {@code reasoning.supported_efforts/default_effort};</li>
 *   <li>{@code supported_parameters} (OpenRouter's own API, so a statement about these ids): tools,
 *       tool_choice, parallel_tool_calls, structured_outputs / response_format, reasoning /
 *       include_reasoning, web_search_options -> capabilities; {@code max_completion_tokens}, else
 *       {@code max_tokens} -> the token-limit parameter; {@code temperature} present -> any, absent
 *       -> not accepted (the derivation reads that as only [1.0] on OpenAI's reasoning family);</li>
 *   <li>kept in extras and read by the derivation: {@code canonical_slug} (base model),
 *       {@code alias_target} (aliases), {@code hugging_face_id};</li>
 *   <li>kept in extras on purpose: {@code architecture.tokenizer/instruct_type},
 *       {@code top_provider.is_moderated}, {@code per_request_limits}, {@code default_parameters},
 *       {@code reasoning.mandatory/default_enabled/supports_max_tokens}, other prices (image, audio,
 *       web search, 1-hour cache writes, overrides), {@code links}, {@code benchmarks},
 *       {@code supported_voices}.</li>
 * </ul>
 */
public final class OpenRouterAdapter implements CatalogAdapter {

    @Override
    public SourceName source() {
        return SourceName.OPENROUTER;
    }

    @Override
    public AdapterResult parse(byte[] body) throws CatalogFormatException {
        JsonNode data = JsonCatalogs.requireArray(JsonCatalogs.parse(body, "openrouter"), "data", "openrouter");
        return JsonCatalogs.listed(data, "id", source().id(), key -> Ids.canonical("openrouter", key), OpenRouterAdapter::spec);
    }

    private static ModelSpec spec(String id, ModelJson m) {
        List<String> parameters = m.texts("supported_parameters");
        Map<String, Boolean> capabilities = Specs.capabilities();
        String tokenParameter = null;
        TemperatureRule temperature = null;
        if (!parameters.isEmpty()) {
            capabilities.put("tools", parameters.contains("tools"));
            capabilities.put("tool_choice", parameters.contains("tool_choice"));
            capabilities.put("structured_output", parameters.contains("structured_outputs") || parameters.contains("response_format"));
            capabilities.put("reasoning", parameters.contains("reasoning") || parameters.contains("include_reasoning"));
            if (parameters.contains("parallel_tool_calls")) {
                capabilities.put("parallel_tools", true);
            }
            if (parameters.contains("web_search_options")) {
                capabilities.put("web_search", true);
            }
            tokenParameter = parameters.contains("max_completion_tokens") ? "max_completion_tokens"
                    : parameters.contains("max_tokens") ? "max_tokens" : null;
            temperature = TemperatureRule.newBuilder()
                    .setKind(parameters.contains("temperature") ? TemperatureKind.ANY : TemperatureKind.NONE).setAllowed(List.of()).build();
        }
        List<String> in = Specs.sortedLower(m.texts("architecture.input_modalities"));
        List<String> out = Specs.sortedLower(m.texts("architecture.output_modalities"));
        if (!in.isEmpty()) {
            capabilities.put("vision", in.contains("image"));
            capabilities.put("audio_input", in.contains("audio"));
            capabilities.put("pdf_input", in.contains("file"));
        }
        m.consume("architecture.modality");
        Long created = m.count("created");
        List<String> efforts = m.texts("reasoning.supported_efforts");
        String defaultEffort = m.text("reasoning.default_effort");
        ModelSpec spec = Specs.start(id)
                .setDisplayName(m.text("name"))
                .setDescription(m.text("description"))
                .setCapabilities(capabilities)
                .setModalitiesIn(in)
                .setModalitiesOut(out)
                .setLimits(Limits.newBuilder().setContextWindow(m.count("context_length"))
                        .setMaxOutputTokens(m.count("top_provider.max_completion_tokens")).build())
                .setPricing(pricing(m))
                .setReasoning(efforts.isEmpty() && defaultEffort == null ? null
                        : ReasoningEfforts.newBuilder().setSupported(efforts).setDefaultEffort(defaultEffort).build())
                .setKnowledgeCutoff(m.text("knowledge_cutoff"))
                .setTokenLimitParameter(tokenParameter)
                .setTemperature(temperature)
                .build();
        m.consume("top_provider.context_length");
        if (created != null) {
            spec.getLifecycle().setReleaseDate(Instant.ofEpochSecond(created).atOffset(ZoneOffset.UTC).toLocalDate().toString());
        }
        spec.getLifecycle().setRetirementDate(m.text("expiration_date"));
        spec.setExtras(m.extras());
        return spec;
    }

    /** {@code pricing}, with {@code pricing.overrides[]} ({@code min_prompt_tokens}) as long-context tiers. */
    private static Pricing pricing(ModelJson m) {
        Map<String, PriceTier> tiers = Specs.tiers(m.objects("pricing.overrides"), override -> {
            Long from = override.count("min_prompt_tokens");
            if (from == null) {
                override.problem("min_prompt_tokens", "an override without min_prompt_tokens is not understood");
            }
            return from;
        }, override -> PriceTier.newBuilder()
                .setInputPerMillion(override.perToken("prompt"))
                .setOutputPerMillion(override.perToken("completion"))
                .setCacheReadPerMillion(override.perToken("input_cache_read"))
                .setCacheWritePerMillion(override.perToken("input_cache_write")));
        return Specs.pricing(Pricing.newBuilder()
                .setInputPerMillion(m.perToken("pricing.prompt"))
                .setOutputPerMillion(m.perToken("pricing.completion"))
                .setCacheReadPerMillion(m.perToken("pricing.input_cache_read"))
                .setCacheWritePerMillion(m.perToken("pricing.input_cache_write"))
                .setCacheWrite1hPerMillion(m.perToken("pricing.input_cache_write_1h"))
                .setReasoningPerMillion(m.perToken("pricing.internal_reasoning"))
                .setImageInputPerMillion(m.perToken("pricing.image"))
                .setImageOutputPerMillion(m.perToken("pricing.image_output"))
                .setPerRequest(m.perUnit("pricing.request"))
                .setAudioInputPerMillion(m.perToken("pricing.audio"))
                .setWebSearchPerCall(m.perUnit("pricing.web_search"))
                .setTiers(tiers));
    }
}
