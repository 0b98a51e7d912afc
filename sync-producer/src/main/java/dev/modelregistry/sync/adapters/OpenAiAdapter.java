package dev.modelregistry.sync.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.sync.source.SourceName;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's {@code GET /v1/models}: {@code {"object": "list", "data": [{id, object, created,
 * owned_by}]}}. It says only that a model exists and when it was created; everything else comes
 * from other sources in the merge. Ids are {@code openai/<id>}.
 */
public final class OpenAiAdapter implements CatalogAdapter {

    @Override
    public SourceName source() {
        return SourceName.OPENAI;
    }

    @Override
    public AdapterResult parse(byte[] body) throws CatalogFormatException {
        JsonNode data = JsonCatalogs.requireArray(JsonCatalogs.parse(body, "openai"), "data", "openai");
        Map<String, ModelSpec> specs = new LinkedHashMap<>();
        List<AdapterResult.Unreadable> unreadable = new ArrayList<>();
        for (JsonNode model : data) {
            if (!model.path("id").isTextual()) {
                unreadable.add(new AdapterResult.Unreadable("?", "id", "model without a text id"));
                continue;
            }
            String id = Ids.canonical("openai", model.get("id").asText());
            if (!Ids.usable(id)) {
                unreadable.add(new AdapterResult.Unreadable(id, "id", "not usable as a model id"));
                continue;
            }
            ModelJson m = new ModelJson(source().id(), id, model, unreadable);
            m.consume("id", "object");
            Long created = m.count("created");
            ModelSpec spec = Specs.start(id).setDisplayName(model.get("id").asText()).build();
            if (created != null) {
                spec.getLifecycle().setReleaseDate(Instant.ofEpochSecond(created).atOffset(ZoneOffset.UTC).toLocalDate().toString());
            }
            spec.setExtras(m.extras());
            specs.putIfAbsent(id, spec);
        }
        return new AdapterResult(new ArrayList<>(specs.values()), unreadable);
    }
}
