package dev.modelregistry.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.api.json.SpecJsonSchema;
import dev.modelregistry.schemas.Deprecation;
import dev.modelregistry.schemas.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3 document of the API: kept as a resource next to the code it describes, with the
 * schemas of the records the API writes field by field ({@code ModelSpec} and what it contains,
 * {@code Deprecation}) derived from their Avro schemas when the document is read
 * ({@link SpecJsonSchema}), so they always match what is served.
 */
public final class OpenApiDocument {

    private static final String RESOURCE = "openapi.json";

    private OpenApiDocument() {
    }

    /**
     * @return the document as JSON text
     * @throws IllegalStateException if the resource is missing (a broken build)
     */
    public static String json() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE);
            }
            ObjectNode doc = (ObjectNode) SpecJson.MAPPER.readTree(in);
            ObjectNode schemas = (ObjectNode) doc.with("components").with("schemas");
            SpecJsonSchema.components(ModelSpec.getClassSchema()).forEach(schemas::set);
            SpecJsonSchema.components(Deprecation.getClassSchema()).forEach(schemas::set);
            return SpecJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
