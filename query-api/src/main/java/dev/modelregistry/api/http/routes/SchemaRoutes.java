package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.cache.RenderedAnswer;
import dev.modelregistry.api.http.ApiException;
import dev.modelregistry.api.http.AsyncApiDocument;
import dev.modelregistry.api.http.Replies;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.encoding.ReleasedSchemas;
import dev.modelregistry.schemas.topics.RegistryTopics;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the topics carry: {@code GET /asyncapi.json} (the AsyncAPI 3 document of the four
 * topics, {@link AsyncApiDocument}) and every released record schema, so any consumer of the
 * topics can decode a record: {@code GET
 * /v1/schemas} lists them (record, version, fingerprint, the topic it is written to, whether the
 * registry writes it now), {@code GET /v1/schemas/{fingerprint}} answers one schema as Avro
 * JSON. A record's value is Avro single-object encoding: {@code C3 01}, the 8 fingerprint bytes
 * (the hex this API names a schema by), then the Avro binary body.
 */
public final class SchemaRoutes implements RouteGroup {

    private final RenderedAnswer list;
    private final RenderedAnswer asyncApi;
    private final Map<String, RenderedAnswer> byFingerprint = new LinkedHashMap<>();

    /** @param topics names the topic each record is written to */
    public SchemaRoutes(RegistryTopics topics) {
        this(topics, java.util.Optional.empty());
    }

    /**
     * @param confluentRegistry the schema registry the records' ids refer to when the registry
     *     writes the Confluent wire format; empty when it writes single-object encoding
     */
    public SchemaRoutes(RegistryTopics topics, java.util.Optional<java.net.URI> confluentRegistry) {
        ReleasedSchemas released = ReleasedSchemas.load();
        RegistrySerdes serdes = new RegistrySerdes(released);
        Map<String, Long> current = Map.of("ModelEvent", serdes.events().writerFingerprint(), "ModelChange", serdes.changes().writerFingerprint(),
                "ModelState", serdes.states().writerFingerprint(), "Rejection", serdes.rejections().writerFingerprint(),
                "ModelSpec", serdes.specs().writerFingerprint());
        Map<String, String> topicOf = Map.of("ModelEvent", topics.events(), "ModelChange", topics.history(), "ModelState", topics.state(),
                "Rejection", topics.rejected());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("encoding", "Avro single-object encoding: bytes C3 01, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, "
                + "then the Avro binary body. Look the 8 bytes up here, in hex as they appear in the record."
                + confluentRegistry.map(u -> " This registry writes the Confluent wire format instead (00, a 4-byte schema id at " + u
                        + ", the body); it reads both.").orElse(""));
        ArrayNode items = out.putArray("schemas");
        for (ReleasedSchemas.Released r : released.all()) {
            String hex = hex(r.fingerprint());
            ObjectNode n = items.addObject();
            n.put("record", r.schema().getFullName());
            n.put("version", r.version());
            n.put("fingerprint", hex);
            n.put("current", current.getOrDefault(r.recordName(), 0L) == r.fingerprint());
            if (topicOf.containsKey(r.recordName())) {
                n.put("topic", topicOf.get(r.recordName()));
            }
            n.put("url", "/v1/schemas/" + hex);
            byFingerprint.put(hex, new RenderedAnswer(r.schema().toString(true).getBytes(StandardCharsets.UTF_8), null, null));
        }
        list = RenderedAnswer.of(out, null, null);
        asyncApi = new RenderedAnswer(AsyncApiDocument.json(topics, confluentRegistry).getBytes(StandardCharsets.UTF_8), null, null);
    }

    /** @return the fingerprint's 8 bytes as a record carries them (little-endian), in hex */
    public static String hex(long fingerprint) {
        return HexFormat.of().formatHex(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint).array());
    }

    @Override
    public void addTo(RouteTable table) {
        table.get("/v1/schemas", ctx -> Replies.send(ctx, list));
        table.get("/asyncapi.json", ctx -> Replies.send(ctx, asyncApi));
        table.get("/v1/schemas/{fingerprint}", ctx -> {
            String asked = ctx.pathParam("fingerprint").toLowerCase(Locale.ROOT);
            if (!asked.matches("[0-9a-f]{16}")) {
                throw ApiException.badRequest("a fingerprint is 16 hex digits (the 8 bytes after C3 01 in a record), got '" + asked + "'");
            }
            RenderedAnswer schema = byFingerprint.get(asked);
            if (schema == null) {
                throw ApiException.notFound("no released schema has fingerprint " + asked + "; GET /v1/schemas lists them");
            }
            ctx.header("Cache-Control", "public, max-age=31536000, immutable"); // a released schema never changes
            Replies.send(ctx, schema);
        });
    }

    /** @return the fingerprints this API serves, in record order hex */
    List<String> fingerprints() {
        return List.copyOf(byFingerprint.keySet());
    }
}
