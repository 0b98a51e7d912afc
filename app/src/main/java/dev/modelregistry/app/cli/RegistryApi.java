package dev.modelregistry.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JSON calls the CLI's client commands ({@code cost}, {@code models}) make to a running
 * registry, with one way of saying it cannot be reached or refused the call.
 */
final class RegistryApi {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String base;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    /** @param base the API's root, e.g. {@code http://127.0.0.1:8080}, without a trailing slash */
    RegistryApi(String base, ObjectMapper json) {
        this.base = base;
        this.json = json;
    }

    /**
     * @param pathAndQuery e.g. {@code /v1/codex/models?auth=chatgpt}, already encoded
     * @return the answer's JSON body
     * @throws IllegalStateException when the registry cannot be reached, answers other than 200 or not JSON
     */
    JsonNode get(String pathAndQuery, Duration timeout) throws InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout).GET().build());
    }

    /**
     * @return the answer's JSON body
     * @throws IllegalStateException when the registry cannot be reached, answers other than 200 or not JSON
     */
    JsonNode post(String path, JsonNode body, Duration timeout) throws InterruptedException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the request body: " + e.getMessage(), e);
        }
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).timeout(timeout).build());
    }

    private JsonNode send(HttpRequest request) throws InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the registry at " + base + " (is up or serve running?)", e);
        }
        JsonNode body;
        try {
            body = json.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("the registry at " + base + " answered " + r.statusCode() + " with a body that is not JSON", e);
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the registry answered " + r.statusCode() + ": " + body.path("message").asText());
        }
        return body;
    }
}
