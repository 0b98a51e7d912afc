package dev.modelregistry.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import dev.modelregistry.app.seeds.SeededRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The served OpenAPI document against the served answers, on a registry seeded with real
 * catalogs: every documented JSON answer of every GET endpoint (and the errors) validates
 * against its schema with a JSON-schema validator in the OpenAPI 3.0 dialect; the core schemas
 * allow no unknown field, so an answer that drifts from the document fails here.
 */
@ExtendWith(SeededRegistry.class)
class OpenApiContractIT {

    private static final String DOC = "https://model-registry.invalid/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One real request per documented GET route with a JSON answer. */
    private static final Map<String, List<String>> REQUESTS = new LinkedHashMap<>();

    static {
        REQUESTS.put("/v1/models", List.of("/v1/models?provider=openai&limit=20", "/v1/models?conflicting=true&limit=20", "/v1/models?as_of=2025-06-01T00:00:00Z&limit=5"));
        REQUESTS.put("/v1/models/{id}", List.of("/v1/models/openai/gpt-4o", "/v1/models/codex-mini", "/v1/models/openai/gpt-3.5-turbo?as_of=2025-06-01T00:00:00Z"));
        REQUESTS.put("/v1/models/{id}/history", List.of("/v1/models/openai/gpt-4o/history", "/v1/models/openai/gpt-5.1-codex/history?limit=1"));
        REQUESTS.put("/v1/models/{id}/diff", List.of("/v1/models/openai/gpt-4o/diff?from=1"));
        REQUESTS.put("/v1/models/{id}/offerings", List.of("/v1/models/openai/gpt-4o/offerings"));
        REQUESTS.put("/v1/models/{id}/params", List.of("/v1/models/openai/o1/params?temperature=0.5", "/v1/models/acme/unknown-instruct/params"));
        REQUESTS.put("/v1/compare", List.of("/v1/compare?ids=openai/gpt-4o,codex-mini"));
        REQUESTS.put("/v1/providers", List.of("/v1/providers"));
        REQUESTS.put("/v1/providers/{provider}", List.of("/v1/providers/openai"));
        REQUESTS.put("/v1/changes", List.of("/v1/changes?limit=20", "/v1/changes?newest=true&limit=5&with_spec=true"));
        REQUESTS.put("/v1/stats", List.of("/v1/stats"));
        REQUESTS.put("/v1/cost", List.of("/v1/cost?model=openai/gpt-4o&input_tokens=1000&output_tokens=10&at=2026-01-01T00:00:00Z",
                "/v1/cost?model=anthropic/claude-sonnet-4-20250514&input_tokens=250000&cache_write_1h_tokens=10000&output_tokens=4000",
                "/v1/cost?model=openai/o3&input_tokens=1000&output_tokens=500&reasoning_tokens=3000",
                "/v1/cost?model=openai/gpt-4o&input_tokens=1000&cached_input_tokens=10&service_tier=batch",
                "/v1/cost?model=openai/gpt-4o-audio-preview&input_tokens=100&audio_input_tokens=1000&audio_output_tokens=500&web_searches=1",
                "/v1/cost?model=anthropic/claude-sonnet-4-20250514&input_tokens=100&web_searches=2&requests=1",
                "/v1/cost?model=openai/gpt-image-1&input_tokens=100&image_input_tokens=1000&image_output_tokens=4160",
                "/v1/cost?model=openai/gpt-4o&input_tokens=100&image_input_tokens=765&output_tokens=10&output_images=1"));
        REQUESTS.put("/v1/codex/models", List.of("/v1/codex/models?auth=chatgpt", "/v1/codex/models?auth=api_key&remote_models=true"));
        REQUESTS.put("/v1/ollama/models/{name}", List.of("/v1/ollama/models/llama3"));
        REQUESTS.put("/v1/sources", List.of("/v1/sources"));
        REQUESTS.put("/v1/schemas", List.of("/v1/schemas"));
        REQUESTS.put("/v1/export/litellm", List.of("/v1/export/litellm"));
        REQUESTS.put("/v1/export/models.dev", List.of("/v1/export/models.dev"));
        REQUESTS.put("/v1/export/openrouter", List.of("/v1/export/openrouter"));
        REQUESTS.put("/health/live", List.of("/health/live"));
        REQUESTS.put("/health/ready", List.of("/health/ready"));
    }

    /** JSON answers whose schema is another standard's, not this API's. */
    private static final Set<String> FOREIGN = Set.of("/openapi.json", "/asyncapi.json", "/v1/schemas/{fingerprint}");

    private final SeededRegistry.Registry registry;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private JsonNode document;
    private JsonSchemaFactory schemas;

    OpenApiContractIT(SeededRegistry.Registry registry) {
        this.registry = registry;
    }

    @BeforeEach
    void loadTheServedDocument() throws Exception {
        String text = get("/openapi.json").body();
        document = JSON.readTree(text);
        schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, b -> b.metaSchema(OpenApi30.getInstance())
                .defaultMetaSchemaIri(OpenApi30.getInstance().getIri()).schemaLoaders(l -> l.schemas(Map.of(DOC, text))));
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String pointer(String... parts) {
        StringBuilder s = new StringBuilder("#");
        for (String p : parts) {
            s.append('/').append(p.replace("~", "~0").replace("/", "~1"));
        }
        return s.toString();
    }

    private JsonSchema responseSchema(String path, String status) {
        return schemas.getSchema(SchemaLocation.of(DOC + pointer("paths", path, "get", "responses", status, "content", "application/json", "schema")));
    }

    private Set<ValidationMessage> validate(JsonSchema schema, JsonNode answer) {
        return schema.validate(answer);
    }

    @Test
    void everyDocumentedJsonAnswerValidatesAgainstItsSchema() throws Exception {
        List<String> problems = new ArrayList<>();
        int validated = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            JsonNode ok = p.getValue().path("get").path("responses").path("200").path("content").path("application/json");
            if (ok.isMissingNode() || FOREIGN.contains(p.getKey()) || p.getKey().startsWith("/internal/")) {
                continue;
            }
            assertThat(REQUESTS).as("a real request for documented GET %s", p.getKey()).containsKey(p.getKey());
            for (String request : REQUESTS.get(p.getKey())) {
                HttpResponse<String> r = get(request);
                assertThat(r.statusCode()).as(request + " " + r.body()).isEqualTo(200);
                Set<ValidationMessage> errors = validate(responseSchema(p.getKey(), "200"), JSON.readTree(r.body()));
                errors.stream().limit(5).forEach(e -> problems.add(request + ": " + e.getMessage()));
                validated++;
            }
        }
        assertThat(problems).as("answers that do not match the document").isEmpty();
        assertThat(validated).isGreaterThanOrEqualTo(REQUESTS.values().stream().mapToInt(List::size).sum());

        JsonSchema error = schemas.getSchema(SchemaLocation.of(DOC + pointer("components", "schemas", "Error")));
        for (String bad : List.of("/v1/models/no/such-model", "/v1/models?limit=0", "/v1/cost?input_tokens=10", "/v1/schemas/xyz")) {
            HttpResponse<String> r = get(bad);
            assertThat(r.statusCode()).as(bad).isBetween(400, 499);
            assertThat(validate(error, JSON.readTree(r.body()))).as(bad + " " + r.body()).isEmpty();
        }
    }

    @Test
    void theCostOfManyUsageLinesValidatesAndSumsEachLineAtItsOwnTime() throws Exception {
        JsonNode example = document.at(pointer("paths", "/v1/cost", "post", "requestBody", "content", "application/json", "example").substring(1));
        JsonSchema body = schemas.getSchema(SchemaLocation.of(DOC + pointer("paths", "/v1/cost", "post", "requestBody", "content",
                "application/json", "schema")));
        assertThat(validate(body, example)).as("the documented request body").isEmpty();
        String lines = "[{\"model\":\"openai/gpt-3.5-turbo\",\"at\":\"2025-06-01T12:00:00Z\",\"input_tokens\":1000000},"
                + "{\"model\":\"openai/gpt-3.5-turbo\",\"input_tokens\":1000000},"
                + "{\"model\":\"nobody/nothing\",\"input_tokens\":1}]";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v1/cost"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(lines))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        JsonSchema schema = schemas.getSchema(SchemaLocation.of(DOC + pointer("paths", "/v1/cost", "post", "responses", "200", "content",
                "application/json", "schema")));
        assertThat(validate(schema, answer)).isEmpty();
        // the two historical prices of one model in one answer ($1.50 then, $0.50 now, as the README's curl lines show)
        JsonNode gpt35 = answer.get("models").get(0);
        assertThat(gpt35.get("id").asText()).isEqualTo("openai/gpt-3.5-turbo");
        assertThat(gpt35.get("versions").size()).isEqualTo(2);
        assertThat(new java.math.BigDecimal(gpt35.get("total").asText())).isEqualByComparingTo("2");
        assertThat(answer.get("failed").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(answer.get("complete").asBoolean()).isFalse();

        // a batch prices each line exactly as a GET at that line's instant does
        java.math.BigDecimal oneByOne = java.math.BigDecimal.ZERO;
        StringBuilder batch = new StringBuilder("[");
        for (String at : List.of("2025-06-01T00:00:00Z", "2025-12-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-07-30T00:00:00Z")) {
            for (String model : List.of("openai/gpt-4o", "anthropic/claude-sonnet-4-20250514", "openai/o3")) {
                String usage = "input_tokens=120000&cached_input_tokens=3000&output_tokens=900&reasoning_tokens=400";
                HttpResponse<String> one = http.send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v1/cost?model=" + model
                        + "&at=" + at + "&" + usage)).build(), HttpResponse.BodyHandlers.ofString());
                if (one.statusCode() == 200) {
                    oneByOne = oneByOne.add(new java.math.BigDecimal(JSON.readTree(one.body()).get("total").asText()));
                }
                batch.append(batch.length() > 1 ? "," : "").append("{\"model\":\"").append(model).append("\",\"at\":\"").append(at)
                        .append("\",\"input_tokens\":120000,\"cached_input_tokens\":3000,\"output_tokens\":900,\"reasoning_tokens\":400}");
            }
        }
        HttpResponse<String> together = http.send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v1/cost"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(batch.append("]").toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(together.statusCode()).as(together.body()).isEqualTo(200);
        assertThat(oneByOne).as("some lines priced").isPositive();
        assertThat(new java.math.BigDecimal(JSON.readTree(together.body()).get("totals").get("USD").asText())).isEqualByComparingTo(oneByOne);

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v1/cost"))
                .POST(HttpRequest.BodyPublishers.ofString("[{\"model\":\"openai/gpt-4o\",\"input_tokens\":-1}]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("message").asText()).isEqualTo("line 0: input_tokens must not be negative, got -1");
    }

    @Test
    void everyDocumentedExampleValidatesAgainstItsSchema() {
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.at("/components/schemas").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> component = it.next();
            JsonNode example = component.getValue().get("example");
            if (example != null) {
                JsonSchema schema = schemas.getSchema(SchemaLocation.of(DOC + pointer("components", "schemas", component.getKey())));
                validate(schema, example).forEach(e -> problems.add(component.getKey() + ": " + e.getMessage()));
                checked.add(component.getKey());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                for (Iterator<Map.Entry<String, JsonNode>> rs = op.getValue().path("responses").fields(); rs.hasNext(); ) {
                    Map.Entry<String, JsonNode> response = rs.next();
                    JsonNode media = response.getValue().path("content").path("application/json");
                    if (media.has("example")) {
                        JsonSchema schema = schemas.getSchema(SchemaLocation.of(DOC + pointer("paths", p.getKey(), op.getKey(), "responses",
                                response.getKey(), "content", "application/json", "schema")));
                        validate(schema, media.get("example")).forEach(e -> problems.add(p.getKey() + " " + response.getKey() + ": " + e.getMessage()));
                        checked.add(p.getKey() + " " + response.getKey());
                    }
                }
            }
        }
        assertThat(problems).as("documented examples that do not match their schema").isEmpty();
        assertThat(checked).as("examples in the document").contains("Error", "Cost", "Advice", "ProviderSummary", "Live", "Ready");

        // and the check can fail: an example with a wrong type is caught
        JsonNode wrong = document.at("/components/schemas/Cost/example").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) wrong).put("inputTokens", "many");
        assertThat(validate(schemas.getSchema(SchemaLocation.of(DOC + pointer("components", "schemas", "Cost"))), wrong)).isNotEmpty();
    }

    @Test
    void anAnswerThatDriftsFromTheDocumentFails() throws Exception {
        JsonSchema model = responseSchema("/v1/models/{id}", "200");
        ObjectNode answer = (ObjectNode) JSON.readTree(get("/v1/models/openai/gpt-4o").body());
        assertThat(validate(model, answer)).as("the real answer").isEmpty();

        ObjectNode missing = answer.deepCopy();
        missing.remove("version");
        assertThat(validate(model, missing)).as("a required field gone").isNotEmpty();
        ObjectNode extra = answer.deepCopy();
        ((ObjectNode) extra.get("spec")).put("contextLength", 1);
        assertThat(validate(model, extra)).as("a field the document does not know").isNotEmpty();
        ObjectNode wrongType = answer.deepCopy();
        ((ObjectNode) wrongType.get("spec").get("pricing")).put("inputPerMillion", 2.5);
        assertThat(validate(model, wrongType)).as("a decimal sent as a float").isNotEmpty();
        ObjectNode badEnum = answer.deepCopy();
        ((ObjectNode) badEnum.get("spec").get("lifecycle")).put("status", "ACTIVE");
        assertThat(validate(model, badEnum)).as("an enum in the wrong case").isNotEmpty();
    }

    @Test
    void everyOperationHasAnIdAndEveryParameterADescription() {
        List<String> ids = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            assertThat(op.getValue().path("operationId").asText()).as(op.getKey() + " " + p.getKey()).isNotBlank();
            ids.add(op.getValue().get("operationId").asText());
            op.getValue().path("parameters").forEach(param -> assertThat(param.path("description").asText())
                    .as("%s %s parameter %s", op.getKey(), p.getKey(), param.path("name").asText()).isNotBlank());
        }));
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(document.at("/components/headers/X-Consistency-Token").isMissingNode()).isFalse();
    }
}
