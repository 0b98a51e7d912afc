package dev.modelregistry.schemas.encoding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API, which Confluent's registry, Karapace and
 * Apicurio (under {@code /apis/ccompat/v7}) all serve: registers writer schemas under a subject
 * and fetches schemas by id. Both answers are cached for the life of the client (an id never
 * changes its schema). Thread-safe.
 */
public final class SchemaRegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<String, Integer> registered = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();

    /**
     * @param baseUrl the API's root, e.g. {@code http://registry:8081} or
     *     {@code http://apicurio:8080/apis/ccompat/v7}; user info in it is not supported
     * @param timeout per request
     * @throws IllegalArgumentException if {@code baseUrl} is no http(s) URL
     */
    public SchemaRegistryClient(String baseUrl, Duration timeout) {
        URI uri;
        try {
            uri = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a schema registry URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("a schema registry URL is http(s)://host[:port][/path], got " + redacted(uri));
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("credentials in the schema registry URL are not supported: " + redacted(uri));
        }
        this.base = uri;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** @return the API root this client talks to */
    public URI base() {
        return base;
    }

    /**
     * Registers {@code schema} under {@code subject} (a no-op on the registry if it is already
     * there) and returns its id.
     *
     * @throws SchemaRegistryException if the registry cannot be reached or refuses the schema
     */
    public int register(String subject, Schema schema) {
        String key = subject + "\n" + schema;
        Integer id = registered.get(key);
        if (id != null) {
            return id;
        }
        String body = JSON.createObjectNode().put("schemaType", "AVRO").put("schema", schema.toString()).toString();
        JsonNode answer = call(HttpRequest.newBuilder(resolve("subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), "register a schema under " + subject);
        if (!answer.path("id").canConvertToInt()) {
            throw new SchemaRegistryException("the schema registry at " + base + " answered a registration without an id: " + answer);
        }
        id = answer.get("id").asInt();
        registered.put(key, id);
        byId.putIfAbsent(id, schema);
        return id;
    }

    /**
     * @return the schema with {@code id}
     * @throws SchemaRegistryException if the registry cannot be reached, has no such id, or
     *     answers something that is no Avro schema
     */
    public Schema schema(int id) {
        Schema cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call(HttpRequest.newBuilder(resolve("schemas/ids/" + id)).GET(), "fetch schema id " + id);
        try {
            Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
            byId.putIfAbsent(id, schema);
            return schema;
        } catch (RuntimeException e) {
            throw new SchemaRegistryException("schema id " + id + " at " + base + " is no Avro schema: " + e.getMessage());
        }
    }

    private URI resolve(String path) {
        return URI.create(base + "/" + path);
    }

    private JsonNode call(HttpRequest.Builder request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(timeout).header("Accept", "application/vnd.schemaregistry.v1+json, application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException("cannot " + what + ": the schema registry at " + base + " did not answer (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while trying to " + what);
        }
        if (response.statusCode() / 100 != 2) {
            String text = response.body() == null ? "" : response.body();
            throw new SchemaRegistryException("cannot " + what + ": the schema registry at " + base + " answered " + response.statusCode()
                    + (text.isBlank() ? "" : ": " + text.substring(0, Math.min(300, text.length()))));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryException("cannot " + what + ": the schema registry at " + base + " answered no JSON");
        }
    }

    private static String redacted(URI uri) {
        return uri.getUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }

    /** The schema registry could not be reached, refused a request, or answered nonsense. */
    public static final class SchemaRegistryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SchemaRegistryException(String message) {
            super(message);
        }
    }
}
