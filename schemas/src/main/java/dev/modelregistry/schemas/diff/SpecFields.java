package dev.modelregistry.schemas.diff;

import dev.modelregistry.schemas.ModelSpec;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Flattens a {@link ModelSpec} into dotted field paths and JSON values, driven by the schema so a
 * new field is covered without code changes.
 *
 * <p>Paths: a nested record's fields are {@code limits.contextWindow}; a map's entries are
 * {@code capabilities.vision}; an array is one value ({@code aliases}). A null, an empty array
 * and an empty map are all "absent" (no entry), so {@code []} versus unknown is not a change.
 * Decimals are rendered as JSON strings of their plain value with trailing zeros stripped, so
 * {@code 1.50} and {@code 1.5} flatten equally.
 */
public final class SpecFields {

    private SpecFields() {
    }

    /**
     * @param spec a spec, or null (flattens to no fields)
     * @return path -> JSON text, sorted by path; never null
     */
    public static Map<String, String> flatten(ModelSpec spec) {
        Map<String, String> fields = new TreeMap<>();
        if (spec != null) {
            walkRecord("", spec, fields);
        }
        return fields;
    }

    private static void walkRecord(String prefix, IndexedRecord record, Map<String, String> out) {
        for (Schema.Field field : record.getSchema().getFields()) {
            walk(prefix + field.name(), field.schema(), record.get(field.pos()), out);
        }
    }

    private static void walk(String path, Schema schema, Object value, Map<String, String> out) {
        if (value == null) {
            return;
        }
        switch (schema.getType()) {
            case UNION -> {
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL && matches(branch, value)) {
                        walk(path, branch, value, out);
                        return;
                    }
                }
            }
            case RECORD -> walkRecord(path + ".", (IndexedRecord) value, out);
            case MAP -> {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    walk(path + "." + e.getKey(), schema.getValueType(), e.getValue(), out);
                }
            }
            case ARRAY -> {
                Collection<?> items = (Collection<?>) value;
                if (!items.isEmpty()) {
                    StringBuilder json = new StringBuilder("[");
                    for (Object item : items) {
                        if (json.length() > 1) {
                            json.append(',');
                        }
                        json.append(scalar(schema.getElementType(), item));
                    }
                    out.put(path, json.append(']').toString());
                }
            }
            default -> out.put(path, scalar(schema, value));
        }
    }

    private static boolean matches(Schema branch, Object value) {
        return switch (branch.getType()) {
            case RECORD -> value instanceof IndexedRecord r && r.getSchema().getFullName().equals(branch.getFullName());
            case STRING, ENUM -> value instanceof CharSequence || value instanceof Enum<?>;
            case BYTES -> value instanceof BigDecimal || value instanceof ByteBuffer;
            case LONG -> value instanceof Long || value instanceof java.time.Instant;
            case INT -> value instanceof Integer;
            case BOOLEAN -> value instanceof Boolean;
            case DOUBLE, FLOAT -> value instanceof Double || value instanceof Float;
            case MAP -> value instanceof Map;
            case ARRAY -> value instanceof Collection;
            default -> false;
        };
    }

    /** @return the JSON text of a scalar value */
    static String scalar(Schema schema, Object value) {
        if (value instanceof BigDecimal decimal) {
            return quote(plain(decimal));
        }
        if (value instanceof ByteBuffer bytes && schema.getLogicalType() instanceof LogicalTypes.Decimal d) {
            byte[] raw = new byte[bytes.remaining()];
            bytes.duplicate().get(raw);
            return quote(plain(new BigDecimal(new java.math.BigInteger(raw), d.getScale())));
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof Double dbl) {
            return dbl == Math.rint(dbl) && !Double.isInfinite(dbl) ? String.valueOf(dbl.longValue()) + ".0" : dbl.toString();
        }
        return quote(value.toString());
    }

    /** @return the plain form without trailing zeros: 1.500000000000 -> "1.5", 0E-12 -> "0" */
    public static String plain(BigDecimal decimal) {
        BigDecimal stripped = decimal.stripTrailingZeros();
        return stripped.signum() == 0 ? "0" : stripped.toPlainString();
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
