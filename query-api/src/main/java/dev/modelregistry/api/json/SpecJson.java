package dev.modelregistry.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.schemas.FieldChange;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.diff.SpecFields;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * JSON views of the registry's records, as the API serves them: field names as in the schema,
 * unions unwrapped, nulls left out, decimals as exact strings ({@code "2.5"}), instants as
 * ISO-8601, enums lower-case. Field-level changes carry parsed JSON values.
 */
public final class SpecJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpecJson() {
    }

    /** @return any generated record as JSON; a spec's {@code conflicts} values are JSON, not JSON text */
    public static ObjectNode record(IndexedRecord record) {
        ObjectNode out = NODES.objectNode();
        for (Schema.Field f : record.getSchema().getFields()) {
            JsonNode v = value(f.schema(), record.get(f.pos()));
            if (v != null) {
                out.set(f.name(), v);
            }
        }
        if (record instanceof dev.modelregistry.schemas.ModelSpec && out.get("conflicts") instanceof ObjectNode conflicts) {
            conflicts.fields().forEachRemaining(field -> {
                if (field.getValue() instanceof ObjectNode bySource) {
                    bySource.fields().forEachRemaining(e -> e.setValue(parse(e.getValue().asText())));
                }
            });
        }
        return out;
    }

    /**
     * @param root the canonical model of the offerings
     * @return one provider's offering of a model: id, provider, relation to the canonical model,
     *     status, version, prices and limits
     */
    public static ObjectNode offering(ModelState state, String root) {
        ObjectNode out = NODES.objectNode();
        var spec = state.getSpec();
        out.put("id", state.getModelId());
        out.put("provider", spec.getProvider());
        out.put("relation", state.getModelId().equals(root) ? "canonical"
                : state.getModelId().startsWith(root.substring(0, root.indexOf('/') + 1)) ? "snapshot" : "offering");
        out.put("status", spec.getLifecycle().getStatus().name().toLowerCase(Locale.ROOT));
        out.put("version", state.getVersion());
        if (spec.getPricing() != null) {
            out.set("pricing", record(spec.getPricing()));
        }
        out.set("limits", record(spec.getLimits()));
        if (spec.getTokenLimitParameter() != null) {
            out.put("tokenLimitParameter", spec.getTokenLimitParameter());
        }
        return out;
    }

    /** @return a state as served by the API: the spec plus version, validity and the event that made it */
    public static ObjectNode state(ModelState state) {
        ObjectNode out = NODES.objectNode();
        out.put("id", state.getModelId());
        out.put("version", state.getVersion());
        out.put("recordedAt", state.getUpdatedAt().toString());
        out.put("lastEventId", state.getLastEventId());
        out.set("spec", record(state.getSpec()));
        return out;
    }

    /** @return one history entry: version, type, time, source, changes (spec omitted unless asked) */
    public static ObjectNode change(ModelChange change, boolean withSpec) {
        ObjectNode out = NODES.objectNode();
        out.put("version", change.getVersion());
        out.put("type", change.getType().name().toLowerCase(Locale.ROOT));
        out.put("recordedAt", change.getRecordedAt().toString());
        out.put("source", change.getSource());
        out.put("eventId", change.getEventId());
        out.set("changes", changes(change.getChanges()));
        if (change.getDeprecation() != null) {
            out.set("deprecation", record(change.getDeprecation()));
        }
        if (withSpec) {
            out.set("spec", record(change.getSpec()));
        }
        return out;
    }

    /** @return field changes with old and new values as JSON, not as JSON text */
    public static ArrayNode changes(List<FieldChange> changes) {
        ArrayNode out = NODES.arrayNode();
        for (FieldChange c : changes) {
            ObjectNode n = out.addObject();
            n.put("path", c.getPath());
            n.put("kind", c.getKind().name().toLowerCase(Locale.ROOT));
            n.set("old", parse(c.getOldValue()));
            n.set("new", parse(c.getNewValue()));
        }
        return out;
    }

    /** @return the flattened fields of a spec as a path -> JSON value object (for compare) */
    public static ObjectNode flat(dev.modelregistry.schemas.ModelSpec spec) {
        ObjectNode out = NODES.objectNode();
        new TreeMap<>(SpecFields.flatten(spec)).forEach((k, v) -> out.set(k, parse(v)));
        return out;
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return NODES.nullNode();
        }
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            return NODES.textNode(json);
        }
    }

    private static JsonNode value(Schema schema, Object v) {
        if (v == null) {
            return null;
        }
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() != Schema.Type.NULL) {
                    JsonNode n = valueOrNull(branch, v);
                    if (n != null) {
                        return n;
                    }
                }
            }
            return null;
        }
        return valueOrNull(schema, v);
    }

    private static JsonNode valueOrNull(Schema schema, Object v) {
        if (v instanceof BigDecimal d) {
            return NODES.textNode(SpecFields.plain(d));
        }
        if (v instanceof Instant i) {
            return NODES.textNode(i.toString());
        }
        if (v instanceof Enum<?> e) {
            return NODES.textNode(e.name().toLowerCase(Locale.ROOT));
        }
        if (v instanceof IndexedRecord r) {
            return schema.getType() == Schema.Type.RECORD && r.getSchema().getFullName().equals(schema.getFullName()) ? record(r) : null;
        }
        if (v instanceof Map<?, ?> m) {
            if (schema.getType() != Schema.Type.MAP) {
                return null;
            }
            ObjectNode o = NODES.objectNode();
            new TreeMap<>(m).forEach((k, val) -> {
                JsonNode n = value(schema.getValueType(), val);
                if (n != null) {
                    o.set(String.valueOf(k), n);
                }
            });
            return o;
        }
        if (v instanceof Collection<?> c) {
            if (schema.getType() != Schema.Type.ARRAY) {
                return null;
            }
            ArrayNode a = NODES.arrayNode();
            c.forEach(item -> a.add(value(schema.getElementType(), item)));
            return a;
        }
        if (v instanceof ByteBuffer b) {
            return schema.getType() == Schema.Type.BYTES ? NODES.binaryNode(b.duplicate().array()) : null;
        }
        if (v instanceof CharSequence s) {
            return schema.getType() == Schema.Type.STRING ? NODES.textNode(s.toString()) : null;
        }
        if (v instanceof Boolean bool) {
            return schema.getType() == Schema.Type.BOOLEAN ? NODES.booleanNode(bool) : null;
        }
        if (v instanceof Integer i) {
            return schema.getType() == Schema.Type.INT ? NODES.numberNode(i) : null;
        }
        if (v instanceof Long l) {
            return schema.getType() == Schema.Type.LONG ? NODES.numberNode(l) : null;
        }
        if (v instanceof Double d) {
            return schema.getType() == Schema.Type.DOUBLE ? NODES.numberNode(d) : null;
        }
        return NODES.textNode(v.toString());
    }
}
