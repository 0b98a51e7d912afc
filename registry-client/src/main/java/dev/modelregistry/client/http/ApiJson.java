package dev.modelregistry.client.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads the query API's JSON answers back into the registry's record types, so the HTTP view
 * hands out the same objects as the Kafka view. The API writes every record field by field
 * (enums in lower case, decimals and instants as text, absent fields left out); this walks the
 * record's Avro schema the same way back. Two kinds of string fields hold JSON text in the
 * records and JSON values in the API: a spec's {@code conflicts} values and a field change's
 * old and new values. Decimals get the schema's scale, so they equal what Avro decodes.
 */
public final class ApiJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() {
    }

    /**
     * @param json an answer of {@code GET /v1/models/{id}} ({@code id, version, recordedAt, lastEventId, spec})
     * @throws IllegalArgumentException if the JSON does not have that shape
     */
    public static ModelState state(JsonNode json) {
        require(json, "id", "version", "recordedAt", "spec");
        return ModelState.newBuilder().setModelId(json.get("id").asText()).setVersion(json.get("version").asLong())
                .setUpdatedAt(Instant.parse(json.get("recordedAt").asText()))
                .setLastEventId(json.path("lastEventId").asText(""))
                .setSpec(record(json.get("spec"), ModelSpec.getClassSchema(), ModelSpec.class)).build();
    }

    /**
     * @param json a change as {@code /v1/changes} and its stream send it (without its spec)
     * @param id the model's id
     * @param spec the spec after the change
     * @throws IllegalArgumentException if the JSON does not have that shape
     */
    public static ModelChange change(JsonNode json, String id, ModelSpec spec) {
        require(json, "version", "type", "recordedAt", "changes");
        com.fasterxml.jackson.databind.node.ObjectNode full = json.deepCopy();
        full.put("modelId", id);
        full.set("spec", MAPPER.nullNode());
        ModelChange c = record(full, ModelChange.getClassSchema(), ModelChange.class);
        c.setSpec(spec);
        return c;
    }

    private static void require(JsonNode json, String... fields) {
        for (String f : fields) {
            if (json == null || !json.hasNonNull(f)) {
                throw new IllegalArgumentException("not a registry answer: no '" + f + "' in " + (json == null ? "nothing" : abbreviate(json.toString())));
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> T record(JsonNode json, Schema schema, Class<T> type) {
        return (T) value(json, schema, false);
    }

    private static Object value(JsonNode json, Schema schema, boolean jsonText) {
        if (schema.getType() == Schema.Type.UNION) {
            if (json == null || json.isNull()) {
                return null;
            }
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() != Schema.Type.NULL) {
                    return value(json, branch, jsonText);
                }
            }
            return null;
        }
        if (json == null || json.isNull()) {
            return null;
        }
        switch (schema.getType()) {
            case RECORD -> {
                SpecificRecord r = (SpecificRecord) SpecificData.get().newRecord(null, schema);
                for (Schema.Field f : schema.getFields()) {
                    JsonNode v = json.get(apiName(schema, f));
                    boolean text = isJsonText(schema, f);
                    Object converted = v == null || v.isNull() ? defaultOf(f) : value(v, f.schema(), text);
                    r.put(f.pos(), converted);
                }
                return r;
            }
            case ENUM -> {
                @SuppressWarnings({"unchecked", "rawtypes"})
                Class<Enum> e = (Class<Enum>) SpecificData.get().getClass(schema);
                @SuppressWarnings("unchecked")
                Object constant = Enum.valueOf(e, json.asText().toUpperCase(Locale.ROOT));
                return constant;
            }
            case MAP -> {
                Map<String, Object> out = new LinkedHashMap<>();
                boolean innerText = jsonText;
                for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(e.getKey(), value(e.getValue(), schema.getValueType(), innerText));
                }
                return out;
            }
            case ARRAY -> {
                List<Object> out = new ArrayList<>();
                json.forEach(item -> out.add(value(item, schema.getElementType(), jsonText)));
                return out;
            }
            case STRING -> {
                return jsonText ? jsonTextOf(json) : json.asText();
            }
            case BYTES -> {
                if (schema.getLogicalType() instanceof LogicalTypes.Decimal d) {
                    return new BigDecimal(json.asText()).setScale(d.getScale(), RoundingMode.UNNECESSARY);
                }
                try {
                    return java.nio.ByteBuffer.wrap(json.binaryValue());
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("not base64: " + abbreviate(json.toString()), e);
                }
            }
            case LONG -> {
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return json.isNumber() ? Instant.ofEpochMilli(json.asLong()) : Instant.parse(json.asText());
                }
                return json.asLong();
            }
            case INT -> {
                return json.asInt();
            }
            case BOOLEAN -> {
                return json.asBoolean();
            }
            case DOUBLE -> {
                return json.asDouble();
            }
            case FLOAT -> {
                return (float) json.asDouble();
            }
            default -> throw new IllegalArgumentException("unsupported field type " + schema.getType());
        }
    }

    /** The API's name of a field, where it is not the record's. */
    private static String apiName(Schema record, Schema.Field f) {
        if (record.getName().equals("FieldChange")) {
            return switch (f.name()) {
                case "oldValue" -> "old";
                case "newValue" -> "new";
                default -> f.name();
            };
        }
        return f.name();
    }

    /** The string fields that hold JSON text in the records and plain JSON in the API. */
    private static boolean isJsonText(Schema record, Schema.Field f) {
        return record.getFullName().equals(ModelSpec.getClassSchema().getFullName()) && f.name().equals("conflicts")
                || record.getName().equals("FieldChange") && (f.name().equals("oldValue") || f.name().equals("newValue"));
    }

    private static String jsonTextOf(JsonNode json) {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Object defaultOf(Schema.Field f) {
        if (!f.hasDefaultValue()) {
            return null;
        }
        return SpecificData.get().deepCopy(f.schema(), SpecificData.get().getDefaultValue(f));
    }
}
