package dev.modelregistry.catalogs.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Parsing of whole catalog documents, with errors a user can act on. */
final class JsonCatalogs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonCatalogs() {
    }

    /**
     * @throws CatalogFormatException if the body is empty, an HTML page, or not valid JSON
     */
    static JsonNode parse(byte[] body, String what) throws CatalogFormatException {
        String start = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).stripLeading();
        if (start.isEmpty()) {
            throw new CatalogFormatException(what + ": empty document", null);
        }
        if (start.startsWith("<")) {
            throw new CatalogFormatException(what + ": got an HTML/XML page, not JSON (an error page or a login wall?)", null);
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CatalogFormatException(what + ": invalid or truncated JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CatalogFormatException(what + ": unreadable: " + e.getMessage(), e);
        }
    }

    /** @throws CatalogFormatException unless {@code node} is an object */
    static JsonNode requireObject(JsonNode node, String what) throws CatalogFormatException {
        if (node == null || !node.isObject()) {
            throw new CatalogFormatException(what + ": expected a JSON object at the top level, got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()), null);
        }
        return node;
    }

    /**
     * Reads a list-shaped catalog: every element with a text {@code idField} becomes a spec with
     * the canonical id {@code idOf} makes of it (first occurrence wins); an element without one,
     * or with an id that cannot be a model id, is reported and skipped.
     */
    static AdapterResult listed(JsonNode items, String idField, String source, java.util.function.UnaryOperator<String> idOf,
                                java.util.function.BiFunction<String, ModelJson, dev.modelregistry.schemas.ModelSpec> build) {
        java.util.Map<String, dev.modelregistry.schemas.ModelSpec> specs = new java.util.LinkedHashMap<>();
        java.util.List<AdapterResult.Unreadable> unreadable = new java.util.ArrayList<>();
        for (JsonNode item : items) {
            if (!item.path(idField).isTextual()) {
                unreadable.add(new AdapterResult.Unreadable("?", idField, "model without a text " + idField));
                continue;
            }
            String id = idOf.apply(item.get(idField).asText());
            if (!Ids.usable(id)) {
                unreadable.add(new AdapterResult.Unreadable(id, idField, "not usable as a model id"));
                continue;
            }
            if (!specs.containsKey(id)) {
                ModelJson m = new ModelJson(source, id, item, unreadable);
                m.consume(idField);
                specs.put(id, build.apply(id, m));
            }
        }
        return new AdapterResult(new java.util.ArrayList<>(specs.values()), unreadable);
    }

    /** @throws CatalogFormatException unless {@code node.field} is an array */
    static JsonNode requireArray(JsonNode node, String field, String what) throws CatalogFormatException {
        JsonNode array = node == null ? null : node.get(field);
        if (array == null || !array.isArray()) {
            throw new CatalogFormatException(what + ": expected a \"" + field + "\" list", null);
        }
        return array;
    }
}
