package dev.modelregistry.sync.adapters;

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

    /** @throws CatalogFormatException unless {@code node.field} is an array */
    static JsonNode requireArray(JsonNode node, String field, String what) throws CatalogFormatException {
        JsonNode array = node == null ? null : node.get(field);
        if (array == null || !array.isArray()) {
            throw new CatalogFormatException(what + ": expected a \"" + field + "\" list", null);
        }
        return array;
    }
}
