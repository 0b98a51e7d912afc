package dev.modelregistry.catalogs.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads one model's JSON object leniently: each accessor returns null (and records an
 * {@link AdapterResult.Unreadable}) when a field has the wrong shape, and remembers which fields
 * it read, so everything else can be kept as extras.
 */
final class ModelJson {

    /** Decimal places of prices per million tokens (the schema's scale). */
    static final int PRICE_SCALE = 12;

    private final String source;
    private final String modelId;
    private final JsonNode node;
    private final List<AdapterResult.Unreadable> unreadable;
    private final Set<String> consumed = new HashSet<>();
    private final String problemPrefix;

    ModelJson(String source, String modelId, JsonNode node, List<AdapterResult.Unreadable> unreadable) {
        this(source, modelId, node, unreadable, "");
    }

    private ModelJson(String source, String modelId, JsonNode node, List<AdapterResult.Unreadable> unreadable, String problemPrefix) {
        this.source = source;
        this.modelId = modelId;
        this.node = node;
        this.unreadable = unreadable;
        this.problemPrefix = problemPrefix;
    }

    /**
     * @return a reader for each object in the array at {@code path} (problems named {@code path[i].field});
     *     empty when the array is absent; a non-array or non-object item is reported and skipped
     */
    List<ModelJson> objects(String path) {
        JsonNode array = at(path);
        List<ModelJson> readers = new ArrayList<>();
        if (array == null) {
            return readers;
        }
        if (!array.isArray()) {
            problem(path, "expected a list, got " + shape(array));
            return readers;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (item.isObject()) {
                readers.add(new ModelJson(source, modelId, item, unreadable, problemPrefix + path + "[" + i + "]."));
            } else {
                problem(path + "[" + i + "]", "expected an object, got " + shape(item));
            }
        }
        return readers;
    }

    JsonNode node() {
        return node;
    }

    /** Marks fields as handled without reading them (e.g. ones the id was made from). */
    void consume(String... paths) {
        consumed.addAll(List.of(paths));
    }

    /** @return the node at a dotted path, or null if absent or JSON null; marks it consumed */
    JsonNode at(String path) {
        consumed.add(path);
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(part);
        }
        return current == null || current.isNull() || current.isMissingNode() ? null : current;
    }

    String text(String path) {
        JsonNode v = at(path);
        if (v == null) {
            return null;
        }
        if (v.isTextual() || v.isNumber() || v.isBoolean()) {
            String s = v.asText().strip();
            return s.isEmpty() ? null : s;
        }
        problem(path, "expected text, got " + shape(v));
        return null;
    }

    /** A non-negative whole number; numeric strings are accepted. */
    Long count(String path) {
        JsonNode v = at(path);
        if (v == null) {
            return null;
        }
        try {
            BigDecimal d = v.isNumber() ? v.decimalValue() : v.isTextual() ? new BigDecimal(v.asText().strip()) : null;
            if (d != null && d.signum() >= 0 && d.stripTrailingZeros().scale() <= 0) {
                return d.longValueExact();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        problem(path, "expected a non-negative whole number, got " + shape(v));
        return null;
    }

    Boolean flag(String path) {
        JsonNode v = at(path);
        if (v == null) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        problem(path, "expected true or false, got " + shape(v));
        return null;
    }

    Integer integer(String path) {
        Long n = count(path);
        return n == null || n > Integer.MAX_VALUE ? null : n.intValue();
    }

    /** A price per token (number or numeric string) as USD per million tokens. */
    BigDecimal perToken(String path) {
        BigDecimal d = decimal(path);
        return d == null ? null : d.movePointRight(6).setScale(PRICE_SCALE, RoundingMode.HALF_EVEN);
    }

    /** A price per unit that is not a token (a request, a call), as given. */
    BigDecimal perUnit(String path) {
        return perMillion(path);
    }

    /** A price already per million tokens. */
    BigDecimal perMillion(String path) {
        BigDecimal d = decimal(path);
        return d == null ? null : d.setScale(PRICE_SCALE, RoundingMode.HALF_EVEN);
    }

    private BigDecimal decimal(String path) {
        JsonNode v = at(path);
        if (v == null) {
            return null;
        }
        try {
            BigDecimal d = v.isNumber() ? new BigDecimal(v.asText()) : v.isTextual() ? new BigDecimal(v.asText().strip()) : null;
            if (d != null && d.signum() >= 0) {
                return d;
            }
            if (d != null) {
                problem(path, "negative price " + d.toPlainString() + " (variable or unknown pricing)");
                return null;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(path, "expected a decimal number, got " + shape(v));
        return null;
    }

    /** A list of strings; a single string is taken as a one-element list. */
    List<String> texts(String path) {
        JsonNode v = at(path);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v.isTextual()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            problem(path, "expected a list, got " + shape(v));
            return out;
        }
        for (JsonNode item : v) {
            if (item.isTextual() || item.isNumber()) {
                out.add(item.asText());
            } else if (item.isObject() && item.has("effort")) {
                out.add(item.get("effort").asText());
            } else {
                problem(path, "list item is " + shape(item));
            }
        }
        return out;
    }

    void problem(String path, String what) {
        unreadable.add(new AdapterResult.Unreadable(modelId, problemPrefix + path, what));
    }

    /** @return every field not read, keyed {@code source:path}, valued as JSON text */
    Map<String, String> extras() {
        Map<String, String> extras = new TreeMap<>();
        collect("", node, extras);
        return extras;
    }

    private void collect(String prefix, JsonNode object, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            if (consumed.contains(path) || e.getValue().isNull()) {
                continue;
            }
            boolean partlyRead = consumed.stream().anyMatch(c -> c.startsWith(path + "."));
            if (partlyRead && e.getValue().isObject()) {
                collect(path + ".", e.getValue(), out);
            } else {
                out.put(source + ":" + path, e.getValue().toString());
            }
        }
    }

    private static String shape(JsonNode v) {
        String text = v.toString();
        return v.getNodeType().name().toLowerCase() + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
