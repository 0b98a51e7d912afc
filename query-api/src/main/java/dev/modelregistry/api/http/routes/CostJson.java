package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.schemas.cost.Bill;
import dev.modelregistry.schemas.diff.SpecFields;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** The JSON of {@code GET /v1/cost} (schema {@code Cost} in openapi.json). */
final class CostJson {

    /** What each rule means, said once per answer that applied it. */
    static final Map<String, String> RULES = Map.of(
            Bill.LONG_CONTEXT, "the prompt (input, cached, cache-write, audio and image input tokens) is above a long-context tier's threshold, "
                    + "so every token of the request is priced at that tier's rates; a rate the tier does not give is unknown",
            Bill.REASONING_AS_OUTPUT, "the model has no separate reasoning price: reasoning tokens are billed as output tokens",
            Bill.SERVICE_TIER, "the service tier's own prices replace the standard ones; a component without one is unknown",
            Bill.IMAGE_INPUT_AS_INPUT, "the model has no separate price for image input tokens: they are billed as input tokens");

    private CostJson() {
    }

    static ObjectNode of(Bill.Priced bill, Bill.Usage usage, Instant at) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", bill.id());
        out.put("version", bill.version());
        out.put("at", at.toString());
        out.put("pricesValidFrom", bill.pricesValidFrom().toString());
        out.put("currency", bill.currency());
        out.put("serviceTier", bill.serviceTier().wireName());
        // the counts as asked, in camelCase: input_tokens -> inputTokens, cache_write_1h_tokens -> cacheWrite1hTokens
        usage.counts().forEach((name, count) -> out.put(camelCase(name), count));
        out.put("promptTokens", bill.promptTokens());
        out.put("longContextTier", bill.longContextTier() == null ? null : Long.valueOf(bill.longContextTier()));
        // The two-price fields of earlier answers, kept for clients that read them.
        Bill.Line input = bill.line(Bill.Component.INPUT);
        Bill.Line output = bill.line(Bill.Component.OUTPUT);
        putDecimal(out, "inputPerMillion", input == null ? null : input.price());
        putDecimal(out, "outputPerMillion", output == null ? null : output.price());
        putDecimal(out, "inputCost", input == null ? BigDecimal.ZERO : input.amount());
        putDecimal(out, "outputCost", output == null ? BigDecimal.ZERO : output.amount());
        ArrayNode lines = out.putArray("lines");
        for (Bill.Line line : bill.lines()) {
            ObjectNode l = lines.addObject();
            l.put("component", line.component().wireName());
            l.put("quantity", line.quantity());
            l.put("unit", line.component().unit());
            putDecimal(l, "price", line.price());
            l.put("priceField", line.priceField());
            l.put("source", line.source());
            putDecimal(l, "amount", line.amount());
            l.put("rule", line.rule());
            l.put("known", line.amount() != null);
        }
        ArrayNode rules = out.putArray("rules");
        bill.rules().forEach(rule -> rules.addObject().put("name", rule).put("meaning", RULES.get(rule)));
        out.put("complete", bill.complete());
        putDecimal(out, "total", bill.total());
        return out;
    }

    private static String camelCase(String snake) {
        StringBuilder out = new StringBuilder(snake.length());
        boolean upper = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return out.toString();
    }

    private static void putDecimal(ObjectNode node, String name, BigDecimal value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, SpecFields.plain(value));
        }
    }
}
