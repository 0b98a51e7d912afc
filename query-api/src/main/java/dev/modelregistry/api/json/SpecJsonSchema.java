package dev.modelregistry.api.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The OpenAPI 3.0 schema of a record as {@link SpecJson#record} writes it, derived from the
 * record's Avro schema, so the document cannot drift from the records: fields by their Avro
 * names, absent when null (a field is required only when its Avro type cannot be null), enums
 * in lower case, decimals and instants as strings, maps as objects; a spec's {@code conflicts}
 * values are any JSON. Unknown fields are not allowed: a new field must reach the document.
 */
public final class SpecJsonSchema {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpecJsonSchema() {
    }

    /**
     * @return the component schemas of {@code root} and every record it contains, by record name
     *     (each nested record is a {@code $ref} to its own component)
     */
    public static Map<String, ObjectNode> components(Schema root) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        record(root, out);
        return out;
    }

    private static void record(Schema schema, Map<String, ObjectNode> out) {
        if (out.containsKey(schema.getName())) {
            return;
        }
        ObjectNode n = NODES.objectNode();
        out.put(schema.getName(), n);
        n.put("type", "object");
        if (schema.getDoc() != null) {
            n.put("description", schema.getDoc());
        }
        ObjectNode properties = n.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (Schema.Field f : schema.getFields()) {
            boolean optional = f.schema().getType() == Schema.Type.UNION && f.schema().getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
            boolean anyJson = schema.getName().equals("ModelSpec") && f.name().equals("conflicts");
            ObjectNode p = anyJson ? conflicts() : value(f.schema(), out);
            if (f.doc() != null && !p.has("$ref")) {
                p.put("description", f.doc());
            }
            properties.set(f.name(), p);
            if (!optional) {
                required.add(f.name());
            }
        }
        if (!required.isEmpty()) {
            n.set("required", required);
        }
        n.put("additionalProperties", false);
    }

    /** Source -> value, per field path; the values are JSON of any type. */
    private static ObjectNode conflicts() {
        ObjectNode bySource = NODES.objectNode().put("type", "object");
        bySource.putObject("additionalProperties").put("description", "the value this source gives (any JSON)");
        ObjectNode n = NODES.objectNode().put("type", "object").put("description", "field path -> source -> the value that source gives, where sources disagree");
        n.set("additionalProperties", bySource);
        return n;
    }

    private static ObjectNode value(Schema s, Map<String, ObjectNode> out) {
        switch (s.getType()) {
            case UNION -> {
                for (Schema branch : s.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return value(branch, out);
                    }
                }
                return NODES.objectNode();
            }
            case RECORD -> {
                record(s, out);
                return NODES.objectNode().put("$ref", "#/components/schemas/" + s.getName());
            }
            case ENUM -> {
                ObjectNode n = NODES.objectNode().put("type", "string");
                ArrayNode symbols = n.putArray("enum");
                s.getEnumSymbols().forEach(e -> symbols.add(e.toLowerCase(Locale.ROOT)));
                return n;
            }
            case ARRAY -> {
                ObjectNode n = NODES.objectNode().put("type", "array");
                n.set("items", value(s.getElementType(), out));
                return n;
            }
            case MAP -> {
                ObjectNode n = NODES.objectNode().put("type", "object");
                n.set("additionalProperties", value(s.getValueType(), out));
                return n;
            }
            case STRING -> {
                return NODES.objectNode().put("type", "string");
            }
            case BYTES -> {
                if (s.getLogicalType() instanceof LogicalTypes.Decimal) {
                    return NODES.objectNode().put("type", "string").put("pattern", "^-?[0-9]+(\\.[0-9]+)?$")
                            .put("description", "an exact decimal, as text");
                }
                return NODES.objectNode().put("type", "string").put("format", "byte");
            }
            case LONG -> {
                if (s.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return NODES.objectNode().put("type", "string").put("format", "date-time");
                }
                return NODES.objectNode().put("type", "integer").put("format", "int64");
            }
            case INT -> {
                return NODES.objectNode().put("type", "integer").put("format", "int32");
            }
            case BOOLEAN -> {
                return NODES.objectNode().put("type", "boolean");
            }
            case DOUBLE, FLOAT -> {
                return NODES.objectNode().put("type", "number");
            }
            default -> {
                return NODES.objectNode();
            }
        }
    }
}
