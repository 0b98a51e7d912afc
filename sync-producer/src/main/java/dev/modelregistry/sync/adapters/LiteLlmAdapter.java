package dev.modelregistry.sync.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.sync.source.SourceName;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LiteLLM's {@code model_prices_and_context_window.json}: an object keyed by route name, prices
 * in USD per token, {@code litellm_provider}, {@code mode} and {@code supports_*} flags. Ids are
 * {@code litellm_provider/key}, or the key itself when it already starts with the provider.
 */
public final class LiteLlmAdapter implements CatalogAdapter {

    private static final Map<String, String> CAPABILITY_FLAGS = Map.ofEntries(
            Map.entry("supports_function_calling", "tools"),
            Map.entry("supports_parallel_function_calling", "parallel_tools"),
            Map.entry("supports_vision", "vision"),
            Map.entry("supports_audio_input", "audio_input"),
            Map.entry("supports_audio_output", "audio_output"),
            Map.entry("supports_prompt_caching", "prompt_caching"),
            Map.entry("supports_response_schema", "structured_output"),
            Map.entry("supports_web_search", "web_search"),
            Map.entry("supports_pdf_input", "pdf_input"),
            Map.entry("supports_reasoning", "reasoning"),
            Map.entry("supports_tool_choice", "tool_choice"),
            Map.entry("supports_system_messages", "system_messages"));

    private static final Map<String, String> MODES = Map.of(
            "image_generation", "image", "audio_transcription", "audio", "audio_speech", "audio",
            "chat", "chat", "completion", "completion", "embedding", "embedding", "moderation", "moderation", "rerank", "rerank");

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
        CAPABILITY_FLAGS.forEach((flag, name) -> Specs.capability(capabilities, name, m.flag(flag)));
        String mode = m.text("mode");
        List<String> endpoints = new ArrayList<>();
        for (String e : m.texts("supported_endpoints")) {
            endpoints.add(e.replaceFirst("^/v1/", "").replace("chat/completions", "chat").replace('/', '_'));
        }
        ModelSpec.Builder b = Specs.start(id)
                .setDisplayName(key)
                .setModelType(mode == null ? null : MODES.getOrDefault(mode, mode))
                .setCapabilities(capabilities)
                .setLimits(Limits.newBuilder()
                        .setContextWindow(maxInput != null ? maxInput : maxTokens)
                        .setMaxInputTokens(maxInput)
                        .setMaxOutputTokens(maxOutput).build())
                .setModalitiesIn(Specs.sortedLower(m.texts("supported_modalities")))
                .setModalitiesOut(Specs.sortedLower(m.texts("supported_output_modalities")))
                .setEndpoints(Specs.sortedLower(endpoints))
                .setPricing(Specs.pricing(m.perToken("input_cost_per_token"), m.perToken("output_cost_per_token"),
                        m.perToken("cache_read_input_token_cost"), m.perToken("cache_creation_input_token_cost"),
                        m.perToken("output_cost_per_reasoning_token"), m.perToken("input_cost_per_token_batches"),
                        m.perToken("output_cost_per_token_batches")));
        ModelSpec spec = b.build();
        spec.getLifecycle().setDeprecationDate(m.text("deprecation_date"));
        spec.setExtras(m.extras());
        return spec;
    }
}
