package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.schemas.cost.Bill;
import dev.modelregistry.schemas.diff.SpecFields;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The body and answer of {@code POST /v1/cost}: many usage lines (e.g. a day of usage logs), each
 * priced with the model version valid at its own {@code at}, summed per model.
 */
final class UsageBatch {

    /** More lines than this in one request is refused; send a large log in parts. */
    static final int MAX_LINES = 50_000;

    static final List<String> FIELDS = Stream.of(List.of("model", "at"), Bill.Usage.COUNT_FIELDS,
            List.of(Bill.Usage.SERVICE_TIER_FIELD)).flatMap(List::stream).toList();

    /** One usage line as asked. */
    record Line(String model, Instant at, Bill.Usage usage) {
    }

    private UsageBatch() {
    }

    /**
     * @param body a JSON array of objects with the GET parameters' names (see {@link #FIELDS})
     * @param now  the instant for lines without {@code at}
     * @throws IllegalArgumentException naming the first bad line and why
     */
    static List<Line> parse(JsonNode body, Instant now) {
        if (body == null || !body.isArray()) {
            throw new IllegalArgumentException("the body must be a JSON array of usage lines: [{\"model\": ..., \"input_tokens\": ...}, ...]");
        }
        if (body.size() > MAX_LINES) {
            throw new IllegalArgumentException("at most " + MAX_LINES + " lines per request, got " + body.size() + "; send the log in parts");
        }
        List<Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode n = body.get(i);
            try {
                lines.add(line(n, now));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + i + ": " + e.getMessage());
            }
        }
        return lines;
    }

    private static Line line(JsonNode n, Instant now) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("expected an object");
        }
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'; known: " + String.join(", ", FIELDS));
            }
        }
        String model = n.path("model").asText("");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        Instant at = now;
        if (n.hasNonNull("at")) {
            try {
                at = Instant.parse(n.get("at").asText());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("at must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, got '" + n.get("at").asText() + "'");
            }
        }
        JsonNode tier = n.get(Bill.Usage.SERVICE_TIER_FIELD);
        return new Line(model, at, Bill.Usage.of(field -> count(n, field),
                tier == null || tier.isNull() ? Bill.ServiceTier.STANDARD : Bill.ServiceTier.parse(tier.asText())));
    }

    private static long count(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be a whole number, got " + v);
        }
        if (v.asLong() < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + v.asLong());
        }
        return v.asLong();
    }

    /** Sums priced lines per model and currency; lines that could not be priced are listed with why. */
    static final class Summary {
        private final Map<String, ModelTotal> byModel = new TreeMap<>();
        private final Map<String, BigDecimal> byCurrency = new TreeMap<>();
        private final ArrayNode failed = JsonNodeFactory.instance.arrayNode();
        private int lines;
        private boolean complete = true;

        void add(Bill.Priced bill) {
            lines++;
            ModelTotal t = byModel.computeIfAbsent(bill.id(), id -> new ModelTotal(bill.currency()));
            t.lines++;
            t.total = t.total.add(bill.total());
            t.versions.add(bill.version());
            t.rules.addAll(bill.rules());
            t.complete &= bill.complete();
            complete &= bill.complete();
            byCurrency.merge(bill.currency(), bill.total(), BigDecimal::add);
        }

        void fail(int index, String model, String code, String message) {
            lines++;
            complete = false;
            failed.addObject().put("line", index).put("model", model).put("code", code).put("message", message);
        }

        ObjectNode json() {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("lines", lines);
            out.put("priced", lines - failed.size());
            ArrayNode models = out.putArray("models");
            byModel.forEach((id, t) -> {
                ObjectNode m = models.addObject();
                m.put("id", id);
                m.put("currency", t.currency);
                m.put("lines", t.lines);
                m.put("total", SpecFields.plain(t.total.stripTrailingZeros()));
                m.put("complete", t.complete);
                ArrayNode versions = m.putArray("versions");
                t.versions.forEach(versions::add);
                ArrayNode rules = m.putArray("rules");
                t.rules.forEach(rules::add);
            });
            ObjectNode totals = out.putObject("totals");
            byCurrency.forEach((currency, total) -> totals.put(currency, SpecFields.plain(total.stripTrailingZeros())));
            out.set("failed", failed);
            out.put("complete", complete);
            return out;
        }
    }

    private static final class ModelTotal {
        final String currency;
        int lines;
        BigDecimal total = BigDecimal.ZERO;
        final TreeSet<Long> versions = new TreeSet<>();
        final TreeSet<String> rules = new TreeSet<>();
        boolean complete = true;

        ModelTotal(String currency) {
            this.currency = currency;
        }
    }
}
