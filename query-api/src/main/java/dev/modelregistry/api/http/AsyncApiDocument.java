package dev.modelregistry.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Rejection;
import dev.modelregistry.schemas.topics.CloudEvents;
import dev.modelregistry.schemas.topics.RegistryTopics;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The AsyncAPI 3.0 document of the registry's four topics, built from the topic definitions and
 * the record schemas the registry writes now, so it cannot drift from them: one channel per
 * topic (its address, partitions, cleanup and retention as Kafka bindings), one message per
 * record kind with its Avro schema as payload, its key and its CloudEvents headers, and who
 * sends and who receives. Ordering and retention guarantees are in the descriptions.
 */
public final class AsyncApiDocument {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** AsyncAPI's schema format id for an Avro 1.9+ schema payload. */
    static final String AVRO_FORMAT = "application/vnd.apache.avro+json;version=1.9.0";

    private AsyncApiDocument() {
    }

    /** One topic: channel id, its record, what it is for, who writes and reads it. */
    private record Topic(String id, RegistryTopics.Definition definition, String message, Schema schema, String title, String description,
                         String sender, String receiver) {
    }

    /** @return the document as JSON text, for records in Avro single-object encoding */
    public static String json(RegistryTopics topics) {
        return json(topics, java.util.Optional.empty());
    }

    /**
     * @param confluentRegistry the schema registry the records' ids refer to when they are written
     *     in the Confluent wire format; empty for single-object encoding
     * @return the document as JSON text
     */
    public static String json(RegistryTopics topics, java.util.Optional<java.net.URI> confluentRegistry) {
        List<RegistryTopics.Definition> defs = topics.definitions();
        List<Topic> all = List.of(
                new Topic("events", defs.get(0), "ModelEvent", ModelEvent.getClassSchema(), "A model event",
                        "What a source says changed: model added, changed or deprecated, with the full spec after it. The fold's only input; "
                                + "kept forever. Written in transactions by the sync (one per run) and by the write endpoints.",
                        "publishModelEvents", "foldModelEvents"),
                new Topic("history", defs.get(1), "ModelChange", ModelChange.getClassSchema(), "An accepted version",
                        "Every accepted version of every model with its field changes, in version order per model (one partition per model); "
                                + "kept forever. The record timestamp is when the version became valid (often in the past).",
                        "recordModelChanges", "receiveModelChanges"),
                new Topic("state", defs.get(2), "ModelState", ModelState.getClassSchema(), "A model's current state",
                        "Each model's current version; compacted, so reading it from the beginning gives every model once, as it is now.",
                        "recordModelStates", "receiveModelStates"),
                new Topic("rejected", defs.get(3), "Rejection", Rejection.getClassSchema(), "A refused event",
                        "Events the fold refused (undecodable, key mismatch, version conflict...), with the reason and the original bytes; "
                                + "kept 30 days for operators.",
                        "recordRejections", "receiveRejections"));

        ObjectNode doc = NODES.objectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "model-registry topics");
        info.put("version", "1");
        info.put("description", "The registry's Kafka topics. Every topic is keyed by model id and has the same partition count, so a model's "
                + "records co-partition and are ordered per model (not across models). Records are written with exactly-once transactions; "
                + "read with isolation.level=read_committed. " + (confluentRegistry.isPresent()
                ? "Values are in the Confluent wire format (00, the 4-byte schema id, the Avro body); the schemas are registered under "
                        + "their full record names at the schema registry " + confluentRegistry.get() + ". "
                : "Values are Avro single-object encoding (C3 01, the 8-byte fingerprint of the writer schema, the Avro body); every "
                        + "released schema is served by fingerprint at /v1/schemas. ") + "Headers carry the "
                + "CloudEvents 1.0 attributes (Kafka binding, binary mode). A fifth topic, the sources' status (compacted, JSON), is "
                + "internal to the polling instances.");
        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode components = doc.putObject("components");
        ObjectNode messages = components.putObject("messages");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("ModelId", NODES.objectNode().put("type", "string").put("description", "provider/slug, e.g. openai/gpt-4o"));
        schemas.set("CloudEventHeaders", cloudEventHeaders());

        for (Topic t : all) {
            ObjectNode channel = channels.putObject(t.id());
            channel.put("address", t.definition().name());
            channel.put("title", t.title());
            channel.put("description", t.description());
            channel.putObject("messages").putObject(t.message()).put("$ref", "#/components/messages/" + t.message());
            ObjectNode kafka = channel.putObject("bindings").putObject("kafka");
            kafka.put("topic", t.definition().name());
            kafka.put("partitions", topics.partitions());
            // the binding has no word for "the cluster's default": leave replicas out then
            topics.replication().ifPresent(r -> kafka.put("replicas", r));
            ObjectNode config = kafka.putObject("topicConfiguration");
            config.putArray("cleanup.policy").add(t.definition().cleanupPolicy());
            String retention = t.definition().configs().get("retention.ms");
            if (retention != null) {
                config.put("retention.ms", Long.parseLong(retention));
            }
            kafka.put("bindingVersion", "0.5.0");

            ObjectNode message = messages.putObject(t.message());
            message.put("name", t.message());
            message.put("title", t.title());
            message.put("contentType", CloudEvents.CONTENT_TYPE);
            message.putObject("headers").put("$ref", "#/components/schemas/CloudEventHeaders");
            ObjectNode payload = message.putObject("payload");
            payload.put("schemaFormat", AVRO_FORMAT);
            payload.set("schema", avro(t.schema()));
            ObjectNode key = message.putObject("bindings").putObject("kafka");
            // inline, not a $ref: the binding's key is "a Reference or a Schema", and a $ref-only object is both
            key.set("key", schemas.get("ModelId").deepCopy());
            key.put("bindingVersion", "0.5.0");

            operation(operations, t.sender(), "send", t, "the registry writes these");
            operation(operations, t.receiver(), "receive", t, t.id().equals("events") ? "the fold reads these" : "services and the registry read these");
        }
        try {
            return SpecJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void operation(ObjectNode operations, String id, String action, Topic t, String summary) {
        ObjectNode op = operations.putObject(id);
        op.put("action", action);
        op.put("summary", summary);
        op.putObject("channel").put("$ref", "#/channels/" + t.id());
        op.putArray("messages").addObject().put("$ref", "#/channels/" + t.id() + "/messages/" + t.message());
    }

    private static ObjectNode cloudEventHeaders() {
        ObjectNode h = NODES.objectNode();
        h.put("type", "object");
        h.put("description", "CloudEvents 1.0 attributes, one header each (UTF-8 text)");
        ArrayNode required = h.putArray("required");
        ObjectNode props = h.putObject("properties");
        for (String[] a : new String[][] {
            {"ce_specversion", "1.0"},
            {"ce_id", "the event id; model@version for changes and states"},
            {"ce_type", "dev.modelregistry.model.added.v1, .changed.v1, .deprecated.v1, .state.v1, .rejected.v1"},
            {"ce_source", "/model-registry/<writer>: a source name, api, or fold"},
            {"ce_time", "when the event was observed or the version became valid (RFC 3339)"},
            {"ce_subject", "the model id"},
            {"content-type", CloudEvents.CONTENT_TYPE}}) {
            props.putObject(a[0]).put("type", "string").put("description", a[1]);
            if (!a[0].equals("ce_time") && !a[0].equals("ce_subject")) {
                required.add(a[0]);
            }
        }
        return h;
    }

    private static ObjectNode avro(Schema schema) {
        try {
            return (ObjectNode) SpecJson.MAPPER.readTree(schema.toString());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
