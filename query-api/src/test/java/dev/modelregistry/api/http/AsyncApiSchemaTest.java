package dev.modelregistry.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.schemas.topics.RegistryTopics;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document served at {@code /asyncapi.json} is valid against the official AsyncAPI
 * 3.0.0 JSON Schema, the one AsyncAPI's own tools validate with (npm {@code @asyncapi/specs},
 * fetched by the build), checked by a JSON Schema validator; and the check catches a broken one.
 */
class AsyncApiSchemaTest {

    private static JsonSchema schema;

    @BeforeAll
    static void load() throws Exception {
        Path file = Path.of("target", "asyncapi-specs", "package", "schemas", "3.0.0-without-$id.json");
        assertThat(file).as("the AsyncAPI schemas fetched by the build (generate-test-resources)").exists();
        try (InputStream in = Files.newInputStream(file)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    @Test
    void theServedDocumentIsValidAsyncApi3() throws Exception {
        for (RegistryTopics topics : new RegistryTopics[] {
                new RegistryTopics(RegistryTopics.DEFAULT_EVENTS, RegistryTopics.DEFAULT_HISTORY, RegistryTopics.DEFAULT_STATE,
                        RegistryTopics.DEFAULT_REJECTED, 3, RegistryTopics.BROKER_DEFAULT),
                new RegistryTopics("t.events", "t.history", "t.state", "t.rejected", 6, (short) 3)}) {
            JsonNode doc = SpecJson.MAPPER.readTree(AsyncApiDocument.json(topics));
            Set<ValidationMessage> problems = schema.validate(doc);
            assertThat(problems).as("AsyncAPI 3.0.0 schema violations").isEmpty();
        }
    }

    @Test
    void aBrokenDocumentFailsTheCheck() throws Exception {
        JsonNode doc = SpecJson.MAPPER.readTree(AsyncApiDocument.json(new RegistryTopics(RegistryTopics.DEFAULT_EVENTS,
                RegistryTopics.DEFAULT_HISTORY, RegistryTopics.DEFAULT_STATE, RegistryTopics.DEFAULT_REJECTED, 3, RegistryTopics.BROKER_DEFAULT)));
        ObjectNode noTitle = doc.deepCopy();
        ((ObjectNode) noTitle.get("info")).remove("title");
        assertThat(schema.validate(noTitle)).isNotEmpty();
        ObjectNode badAction = doc.deepCopy();
        JsonNode operation = badAction.get("operations").elements().next();
        ((ObjectNode) operation).put("action", "publish");
        assertThat(schema.validate(badAction)).isNotEmpty();
    }
}
