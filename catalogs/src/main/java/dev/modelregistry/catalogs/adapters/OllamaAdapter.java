package dev.modelregistry.catalogs.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.catalogs.source.SourceName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ollama's {@code GET /api/tags}: {@code {"models": [{name, model, modified_at, size, digest,
 * details: {family, parameter_size, quantization_level, ...}}]}}. Ids are {@code ollama/<name>};
 * a {@code :latest} tag is dropped from the id and kept as an alias, as Ollama itself resolves it.
 * Per-model details from {@code /api/show} are merged in by {@link #withShow}.
 */
public final class OllamaAdapter implements CatalogAdapter {

    @Override
    public SourceName source() {
        return SourceName.OLLAMA;
    }

    @Override
    public AdapterResult parse(byte[] body) throws CatalogFormatException {
        JsonNode models = JsonCatalogs.requireArray(JsonCatalogs.parse(body, "ollama"), "models", "ollama");
        return JsonCatalogs.listed(models, "name", source().id(),
                name -> Ids.canonical("ollama", name.endsWith(":latest") ? name.substring(0, name.length() - ":latest".length()) : name),
                (id, m) -> {
                    String name = m.node().get("name").asText();
                    ModelSpec spec = Specs.start(id)
                            .setDisplayName(name)
                            .setFamily(m.text("details.family"))
                            .setAliases(name.endsWith(":latest") ? List.of(Ids.canonical("ollama", name)) : List.of())
                            .build();
                    spec.setExtras(m.extras());
                    return spec;
                });
    }

    /**
     * Adds what {@code /api/show} says of one model: the context length from {@code model_info}
     * ({@code <arch>.context_length}) and {@code capabilities} (completion, vision, tools...).
     *
     * @param spec the spec from the tags list (modified in place)
     * @param show the {@code /api/show} response
     */
    public static void withShow(ModelSpec spec, JsonNode show) {
        JsonNode info = show.path("model_info");
        for (var it = info.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().endsWith(".context_length") && e.getValue().canConvertToLong()) {
                spec.getLimits().setContextWindow(e.getValue().asLong());
            }
        }
        Map<String, Boolean> capabilities = new LinkedHashMap<>(spec.getCapabilities());
        for (JsonNode c : show.path("capabilities")) {
            switch (c.asText()) {
                case "vision" -> capabilities.put("vision", true);
                case "tools" -> capabilities.put("tools", true);
                case "thinking" -> capabilities.put("reasoning", true);
                case "embedding" -> spec.setModelType("embedding");
                case "completion" -> {
                    capabilities.put("streaming", true);
                    if (spec.getModelType() == null) {
                        spec.setModelType("chat");
                    }
                }
                default -> { }
            }
        }
        spec.setCapabilities(capabilities);
    }
}
