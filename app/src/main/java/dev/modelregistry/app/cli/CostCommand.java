package dev.modelregistry.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.schemas.cost.Bill;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cost --usage FILE.jsonl}: prices a usage log through a running registry's
 * {@code POST /v1/cost}, in parts, and prints a summary per model.
 */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = "Price a usage log (JSON lines with model, input_tokens, output_tokens, ...) with a running registry; prints a per-model summary.")
public final class CostCommand implements Callable<Integer> {

    /** The fields a usage line may carry; others (user, request ids) are left out of what is sent. */
    static final Set<String> USAGE_FIELDS = Stream.of(List.of("model", Bill.Usage.SERVICE_TIER_FIELD), Bill.Usage.COUNT_FIELDS)
            .flatMap(List::stream).collect(Collectors.toUnmodifiableSet());
    private static final int PART = 5_000;
    private static final Duration PART_TIMEOUT = Duration.ofMinutes(2);

    @Option(names = "--usage", required = true, paramLabel = "FILE", description = "The usage log: one JSON object per line.")
    Path usage;

    @Option(names = "--at-each-line-time", description = "Price each line at its own time (its at or timestamp field, ISO-8601) instead of now.")
    boolean atEachLineTime;

    @Option(names = "--api", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080", description = "The registry's API (default ${DEFAULT-VALUE}).")
    String api;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ObjectMapper json = new ObjectMapper();
        RegistryApi http = new RegistryApi(api, json);
        Totals totals = new Totals();
        ArrayNode part = json.createArrayNode();
        List<Integer> partLines = new ArrayList<>();
        int read = 0;
        try (BufferedReader lines = Files.newBufferedReader(usage, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                part.add(usageLine(json, line, number));
                partLines.add(number);
                read++;
                if (part.size() == PART) {
                    totals.add(http.post("/v1/cost", part, PART_TIMEOUT), partLines);
                    part = json.createArrayNode();
                    partLines = new ArrayList<>();
                    err.printf("priced %,d lines%n", read);
                    err.flush();
                }
            }
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--usage: cannot read " + usage + ": " + e.getMessage());
        }
        if (!part.isEmpty()) {
            totals.add(http.post("/v1/cost", part, PART_TIMEOUT), partLines);
        }
        totals.print(out, read, atEachLineTime);
        out.flush();
        return totals.failed.isEmpty() ? 0 : 3;
    }

    private ObjectNode usageLine(ObjectMapper json, String text, int number) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), usage + " line " + number + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!node.isObject() || !node.hasNonNull("model")) {
            throw new CommandLine.ParameterException(spec.commandLine(), usage + " line " + number + " has no model");
        }
        ObjectNode sent = json.createObjectNode();
        node.fields().forEachRemaining(f -> {
            if (USAGE_FIELDS.contains(f.getKey())) {
                sent.set(f.getKey(), f.getValue());
            }
        });
        if (atEachLineTime) {
            JsonNode at = node.hasNonNull("at") ? node.get("at") : node.get("timestamp");
            if (at == null || at.isNull()) {
                throw new CommandLine.ParameterException(spec.commandLine(), usage + " line " + number
                        + " has no at or timestamp field, which --at-each-line-time needs");
            }
            sent.set("at", at);
        }
        return sent;
    }

    /** Sums the answers of every part. */
    private static final class Totals {
        final Map<String, long[]> lines = new TreeMap<>();
        final Map<String, BigDecimal> totals = new TreeMap<>();
        final Map<String, String> currency = new TreeMap<>();
        final Map<String, TreeSet<Long>> versions = new TreeMap<>();
        final Map<String, Boolean> complete = new TreeMap<>();
        final Map<String, BigDecimal> byCurrency = new TreeMap<>();
        final List<String> failed = new ArrayList<>();

        /** @param fileLines the file's line number of each line sent in this part */
        void add(JsonNode answer, List<Integer> fileLines) {
            for (JsonNode m : answer.get("models")) {
                String id = m.get("id").asText();
                lines.computeIfAbsent(id, k -> new long[1])[0] += m.get("lines").asLong();
                totals.merge(id, new BigDecimal(m.get("total").asText()), BigDecimal::add);
                currency.put(id, m.get("currency").asText());
                m.get("versions").forEach(v -> versions.computeIfAbsent(id, k -> new TreeSet<>()).add(v.asLong()));
                complete.merge(id, m.get("complete").asBoolean(), Boolean::logicalAnd);
            }
            answer.get("totals").fields().forEachRemaining(t -> byCurrency.merge(t.getKey(), new BigDecimal(t.getValue().asText()), BigDecimal::add));
            for (JsonNode f : answer.get("failed")) {
                failed.add("line " + fileLines.get(f.get("line").asInt()) + ": " + f.get("message").asText());
            }
        }

        void print(PrintWriter out, int read, boolean atEachLineTime) {
            out.printf("%-48s %8s %-10s %16s%n", "model", "lines", "versions", "cost");
            lines.forEach((id, n) -> out.printf("%-48s %,8d %-10s %16s%s%n", id, n[0],
                    versions.get(id).toString().replace(" ", ""), currency.get(id) + " " + totals.get(id).stripTrailingZeros().toPlainString(),
                    complete.get(id) ? "" : "  (some components have no known price: at least this)"));
            out.printf("%,d lines priced %s; total: %s%n", read - failed.size(), atEachLineTime ? "at each line's time" : "at today's prices",
                    byCurrency.isEmpty() ? "0" : String.join(", ", byCurrency.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue().stripTrailingZeros().toPlainString()).toList()));
            if (!failed.isEmpty()) {
                out.printf("%,d lines not priced:%n", failed.size());
                failed.stream().limit(10).forEach(f -> out.println("  " + f));
                if (failed.size() > 10) {
                    out.printf("  ... and %,d more%n", failed.size() - 10);
                }
            }
        }
    }
}
