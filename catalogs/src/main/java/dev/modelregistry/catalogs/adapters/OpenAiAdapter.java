package dev.modelregistry.catalogs.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.catalogs.source.SourceName;
import java.time.Instant;
import java.time.ZoneOffset;

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
        return JsonCatalogs.listed(data, "id", source().id(), key -> Ids.canonical("openai", key), (id, m) -> {
            m.consume("object");
            Long created = m.count("created");
            ModelSpec spec = Specs.start(id).build(); // its display name would be the id again: left unknown
            if (created != null) {
                spec.getLifecycle().setReleaseDate(Instant.ofEpochSecond(created).atOffset(ZoneOffset.UTC).toLocalDate().toString());
            }
            spec.setExtras(m.extras());
            return spec;
        });
    }
}
