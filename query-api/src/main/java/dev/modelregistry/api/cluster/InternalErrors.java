package dev.modelregistry.api.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.api.json.SpecJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads the JSON error ({@code {code, message}}) another instance answered with. */
final class InternalErrors {

    private InternalErrors() {
    }

    /** @return the error's code, or null if the body is not a JSON error */
    static String code(byte[] body) {
        JsonNode n = parse(body);
        return n != null && n.path("code").isTextual() ? n.get("code").asText() : null;
    }

    /** @return the error's message, or the body as text */
    static String message(byte[] body) {
        JsonNode n = parse(body);
        if (n != null && n.path("message").isTextual()) {
            return n.get("message").asText();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return SpecJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
