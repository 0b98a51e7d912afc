package dev.modelregistry.streams.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.schemas.EventType;
import dev.modelregistry.schemas.Lifecycle;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.Pricing;
import dev.modelregistry.schemas.diff.SpecDiff;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Test input built from the real LiteLLM snapshots in {@code testdata/catalogs}: ids, names,
 * context windows and prices of every snapshot in date order, turned into the add / change /
 * deprecate events a producer would send (the full adapters are the sync producer's job).
 */
final class LiteLlmHistory {

    /** One dated snapshot: model id -> spec. */
    record Snapshot(String file, Instant observedAt, Map<String, ModelSpec> models) {
    }

    final List<Snapshot> snapshots = new ArrayList<>();
    final List<ModelEvent> events = new ArrayList<>();

    static Path catalogs() {
        String dir = System.getProperty("testdata.dir", "../testdata");
        return Path.of(dir, "catalogs");
    }

    static LiteLlmHistory load() throws IOException {
        LiteLlmHistory history = new LiteLlmHistory();
        List<Path> files;
        try (Stream<Path> list = Files.list(catalogs())) {
            files = list.filter(p -> p.getFileName().toString().startsWith("litellm_")).sorted().toList();
        }
        if (files.size() < 2) {
            throw new IllegalStateException("expected LiteLLM snapshots in " + catalogs().toAbsolutePath());
        }
        ObjectMapper json = new ObjectMapper();
        for (Path file : files) {
            String name = file.getFileName().toString();
            // litellm_model_prices_2025-04-01_a8c1324f.json.gz: the date is the observation instant
            String date = name.split("_")[3];
            JsonNode root;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                root = json.readTree(in);
            }
            history.snapshots.add(new Snapshot(name, Instant.parse(date + "T00:00:00Z"), specs(root)));
        }
        history.deriveEvents();
        return history;
    }

    private static Map<String, ModelSpec> specs(JsonNode root) {
        Map<String, ModelSpec> models = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode m = e.getValue();
            if (!m.isObject() || !m.path("litellm_provider").isTextual() || e.getKey().equals("sample_spec")) {
                continue;
            }
            String provider = m.get("litellm_provider").asText().toLowerCase(Locale.ROOT).replace(' ', '_');
            String key = e.getKey().toLowerCase(Locale.ROOT);
            String id = key.startsWith(provider + "/") ? key : provider + "/" + key;
            if (provider.isBlank() || id.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                continue;
            }
            Long context = null;
            if (m.path("max_input_tokens").isNumber()) {
                context = m.get("max_input_tokens").asLong();
            } else if (m.path("max_tokens").isNumber()) {
                context = m.get("max_tokens").asLong();
            }
            BigDecimal input = perMillion(m.get("input_cost_per_token"));
            BigDecimal output = perMillion(m.get("output_cost_per_token"));
            ModelSpec spec = ModelSpec.newBuilder()
                    .setId(id)
                    .setProvider(provider)
                    .setDisplayName(e.getKey())
                    .setModelType(m.path("mode").isTextual() ? m.get("mode").asText() : null)
                    .setLimits(Limits.newBuilder().setContextWindow(context).build())
                    .setPricing(input == null && output == null ? null
                            : Pricing.newBuilder().setInputPerMillion(input).setOutputPerMillion(output).build())
                    .setLifecycle(Lifecycle.newBuilder().setStatus(LifecycleStatus.ACTIVE).build())
                    .build();
            models.putIfAbsent(id, spec);
        }
        return models;
    }

    private static BigDecimal perMillion(JsonNode perToken) {
        if (perToken == null || !perToken.isNumber() || perToken.asDouble() < 0) {
            return null;
        }
        return new BigDecimal(perToken.asText()).movePointRight(6).setScale(12, RoundingMode.HALF_EVEN);
    }

    /** What a producer that diffs each snapshot against the previous state would publish. */
    private void deriveEvents() {
        Map<String, ModelSpec> current = new LinkedHashMap<>();
        Map<String, Long> versions = new LinkedHashMap<>();
        for (Snapshot s : snapshots) {
            String when = s.observedAt().toString();
            for (Map.Entry<String, ModelSpec> e : s.models().entrySet()) {
                ModelSpec before = current.get(e.getKey());
                long version = versions.getOrDefault(e.getKey(), 0L);
                EventType type;
                if (before == null) {
                    type = EventType.MODEL_ADDED;
                } else if (!SpecDiff.diff(before, e.getValue()).isEmpty()) {
                    type = EventType.MODEL_CHANGED;
                } else {
                    continue;
                }
                events.add(event(type, e.getValue(), version, s.observedAt(), when));
                current.put(e.getKey(), e.getValue());
                versions.put(e.getKey(), version + 1);
            }
            for (Map.Entry<String, ModelSpec> e : new ArrayList<>(current.entrySet())) {
                if (!s.models().containsKey(e.getKey()) && e.getValue().getLifecycle().getStatus() == LifecycleStatus.ACTIVE) {
                    ModelSpec gone = ModelSpec.newBuilder(e.getValue()).build();
                    gone.getLifecycle().setStatus(LifecycleStatus.DEPRECATED);
                    long version = versions.get(e.getKey());
                    events.add(event(EventType.MODEL_DEPRECATED, gone, version, s.observedAt(), when));
                    current.put(e.getKey(), gone);
                    versions.put(e.getKey(), version + 1);
                }
            }
        }
    }

    private static ModelEvent event(EventType type, ModelSpec spec, long expectedVersion, Instant observedAt, String when) {
        return ModelEvent.newBuilder()
                .setEventId("litellm:" + spec.getId() + ":" + when + ":" + type)
                .setModelId(spec.getId())
                .setType(type)
                .setSource("litellm")
                .setObservedAt(observedAt)
                .setExpectedVersion(expectedVersion)
                .setSpec(spec)
                .build();
    }
}
