package dev.modelregistry.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/** The AsyncAPI document says what the topics really are: their names, settings, and the schemas written now. */
class AsyncApiDocumentTest {

    @Test
    void everyTopicIsAChannelWithItsSettingsAndTheSchemaTheRegistryWritesNow() throws Exception {
        RegistryTopics topics = new RegistryTopics("t.events", "t.history", "t.state", "t.rejected", 6, (short) 3);
        JsonNode doc = SpecJson.MAPPER.readTree(AsyncApiDocument.json(topics));
        assertThat(doc.get("asyncapi").asText()).isEqualTo("3.0.0");

        RegistrySerdes serdes = new RegistrySerdes();
        Map<String, Long> written = Map.of("t.events", serdes.events().writerFingerprint(), "t.history", serdes.changes().writerFingerprint(),
                "t.state", serdes.states().writerFingerprint(), "t.rejected", serdes.rejections().writerFingerprint());
        Set<String> addresses = new HashSet<>();
        for (JsonNode channel : doc.get("channels")) {
            String address = channel.get("address").asText();
            addresses.add(address);
            RegistryTopics.Definition def = topics.definitions().stream().filter(d -> d.name().equals(address)).findFirst().orElseThrow();
            JsonNode kafka = channel.at("/bindings/kafka");
            assertThat(kafka.get("partitions").asInt()).isEqualTo(6);
            assertThat(kafka.get("replicas").asInt()).isEqualTo(3);
            assertThat(kafka.at("/topicConfiguration/cleanup.policy/0").asText()).isEqualTo(def.cleanupPolicy());

            String ref = channel.get("messages").elements().next().get("$ref").asText();
            JsonNode message = doc.at(ref.substring(1));
            assertThat(message.isMissingNode()).as(ref).isFalse();
            assertThat(message.at("/payload/schemaFormat").asText()).isEqualTo(AsyncApiDocument.AVRO_FORMAT);
            Schema payload = new Schema.Parser().parse(message.at("/payload/schema").toString());
            assertThat(SchemaNormalization.parsingFingerprint64(payload)).as("%s carries the schema written now", address).isEqualTo(written.get(address));
            assertThat(doc.at(message.at("/headers/$ref").asText().substring(1) + "/required").toString()).contains("ce_id", "ce_type", "ce_source");
        }
        assertThat(addresses).containsExactlyInAnyOrder("t.events", "t.history", "t.state", "t.rejected");

        // every operation names a channel and a message that exist
        for (JsonNode op : doc.get("operations")) {
            assertThat(op.get("action").asText()).isIn("send", "receive");
            assertThat(doc.at(op.at("/channel/$ref").asText().substring(1)).isMissingNode()).isFalse();
            assertThat(doc.at(op.at("/messages/0/$ref").asText().substring(1)).isMissingNode()).isFalse();
        }
    }
}
