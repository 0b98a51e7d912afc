package dev.modelregistry.sync.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ReasoningEfforts;
import dev.modelregistry.sync.source.SourceName;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * OpenRouter's {@code GET /api/v1/models}: {@code {"data": [...]}}, prices as strings in USD per
 * token under {@code pricing}. Ids are {@code openrouter/<id>}.
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
        if (!parameters.isEmpty()) {
            capabilities.put("tools", parameters.contains("tools"));
            capabilities.put("structured_output", parameters.contains("structured_outputs") || parameters.contains("response_format"));
            capabilities.put("reasoning", parameters.contains("reasoning") || parameters.contains("include_reasoning"));
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
                .setPricing(Specs.pricing(m.perToken("pricing.prompt"), m.perToken("pricing.completion"),
                        m.perToken("pricing.input_cache_read"), m.perToken("pricing.input_cache_write"),
                        m.perToken("pricing.internal_reasoning"), null, null))
                .setReasoning(efforts.isEmpty() && defaultEffort == null ? null
                        : ReasoningEfforts.newBuilder().setSupported(efforts).setDefaultEffort(defaultEffort).build())
                .setKnowledgeCutoff(m.text("knowledge_cutoff"))
                .build();
        m.consume("top_provider.context_length");
        if (created != null) {
            spec.getLifecycle().setReleaseDate(Instant.ofEpochSecond(created).atOffset(ZoneOffset.UTC).toLocalDate().toString());
        }
        spec.getLifecycle().setRetirementDate(m.text("expiration_date"));
        spec.setExtras(m.extras());
        return spec;
    }
}
