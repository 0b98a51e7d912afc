package dev.modelregistry.catalogs.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.modelregistry.schemas.Availability;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.Pricing;
import dev.modelregistry.schemas.ReasoningEfforts;
import dev.modelregistry.schemas.TemperatureKind;
import dev.modelregistry.schemas.TemperatureRule;
import dev.modelregistry.catalogs.source.SourceName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hand-kept presets: one YAML file per provider, in ExLLM's format (its minimal and complete
 * examples load unchanged) plus this registry's extra fields. Prices are per million tokens.
 *
 * <pre>
 * provider: anthropic
 * default_model: claude-3-5-sonnet-20241022
 * models:
 *   claude-3-5-sonnet-20241022:
 *     name, description, context_window, max_input_tokens, max_output_tokens,
 *     pricing: {input, output, cache_read, cache_write, reasoning, batch_input, batch_output, currency},
 *     capabilities: [streaming, function_calling, vision, ...]   (or a map name: true/false)
 *     deprecation_date, release_date, retirement_date, replacement, status, knowledge_cutoff,
 *     metadata: {...}                                             (kept as extras)
 *     aliases: [...], type, family, endpoints: [...], modalities: {input: [...], output: [...]},
 *     temperature: any | none | [1.0], token_limit_parameter,
 *     reasoning: {supported: [...], default},
 *     availability: {auth_modes: [...], default_for: [...], plans: [...], visibility, priority, supported_in_api}
 * </pre>
 *
 * <p>A file may instead hold only {@code defaults: {provider: model, ...}}: the default model of
 * each provider named ({@code presets/defaults.yml}).
 */
public final class PresetsAdapter implements CatalogAdapter {

    /** Extras key marking the provider's default model ({@code default_model}). */
    public static final String PROVIDER_DEFAULT = dev.modelregistry.schemas.semantics.ProviderDefault.EXTRAS_KEY;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> CAPABILITY_ALIASES = Map.of("function_calling", "tools");

    @Override
    public SourceName source() {
        return SourceName.PRESETS;
    }

    @Override
    public AdapterResult parse(byte[] body) throws CatalogFormatException {
        JsonNode root;
        try {
            root = YAML.readTree(body);
        } catch (IOException e) {
            throw new CatalogFormatException("presets: invalid YAML: " + e.getMessage(), e);
        }
        if (root != null && root.isObject() && root.path("defaults").isObject() && !root.has("provider")) {
            return defaults(root.get("defaults"));
        }
        if (root == null || !root.isObject() || !root.path("provider").isTextual()) {
            throw new CatalogFormatException("presets: a preset file needs a top-level 'provider' and a 'models' map "
                    + "(or a top-level 'defaults' map of provider to model)", null);
        }
        String provider = root.get("provider").asText();
        String defaultModel = root.path("default_model").asText(null);
        JsonNode models = root.path("models");
        if (!models.isObject()) {
            throw new CatalogFormatException("presets: 'models' of provider " + provider + " must be a map of model id to fields", null);
        }
        Map<String, ModelSpec> specs = new LinkedHashMap<>();
        List<AdapterResult.Unreadable> unreadable = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String id = Ids.canonical(provider, e.getKey());
            JsonNode fields = e.getValue() == null || e.getValue().isNull() ? YAML.createObjectNode() : e.getValue();
            if (!fields.isObject() || !Ids.usable(id)) {
                unreadable.add(new AdapterResult.Unreadable(id, "(model)", "not a map of fields, or not usable as an id"));
                continue;
            }
            ModelSpec spec = spec(id, new ModelJson(source().id(), id, fields, unreadable), unreadable);
            if (e.getKey().equals(defaultModel)) {
                spec.getExtras().put(PROVIDER_DEFAULT, "true");
            }
            specs.putIfAbsent(id, spec);
        }
        if (defaultModel != null && !defaultModel.isBlank()) {
            String id = Ids.canonical(provider, defaultModel);
            if (!specs.containsKey(id) && Ids.usable(id)) {
                // A default the file describes no further: only the mark.
                ModelSpec spec = Specs.start(id).build();
                spec.getExtras().put(PROVIDER_DEFAULT, "true");
                specs.put(id, spec);
            }
        }
        return new AdapterResult(new ArrayList<>(specs.values()), unreadable);
    }

    /**
     * A defaults file: {@code defaults: {provider: model, ...}}, one default model per provider, so
     * that many providers' defaults can be kept in one reviewable place. Each entry says nothing
     * about the model but that it is its provider's default.
     */
    private AdapterResult defaults(JsonNode defaults) {
        List<ModelSpec> specs = new ArrayList<>();
        List<AdapterResult.Unreadable> unreadable = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = defaults.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                unreadable.add(new AdapterResult.Unreadable(e.getKey(), "defaults." + e.getKey(), "expected a model name"));
                continue;
            }
            String id = Ids.canonical(e.getKey(), e.getValue().asText());
            if (!Ids.usable(id)) {
                unreadable.add(new AdapterResult.Unreadable(id, "defaults." + e.getKey(), "not usable as a model id"));
                continue;
            }
            ModelSpec spec = Specs.start(id).build();
            spec.getExtras().put(PROVIDER_DEFAULT, "true");
            specs.add(spec);
        }
        return new AdapterResult(specs, unreadable);
    }

    private static ModelSpec spec(String id, ModelJson m, List<AdapterResult.Unreadable> unreadable) {
        Long context = m.count("context_window");
        ModelSpec spec = Specs.start(id)
                .setDisplayName(m.text("name"))
                .setDescription(m.text("description"))
                .setFamily(m.text("family"))
                .setModelType(lower(m.text("type")))
                .setAliases(Specs.sortedLower(m.texts("aliases")))
                .setCapabilities(capabilities(m))
                .setLimits(Limits.newBuilder().setContextWindow(context)
                        .setMaxInputTokens(m.count("max_input_tokens")).setMaxOutputTokens(m.count("max_output_tokens")).build())
                .setModalitiesIn(Specs.sortedLower(m.texts("modalities.input")))
                .setModalitiesOut(Specs.sortedLower(m.texts("modalities.output")))
                .setEndpoints(Specs.sortedLower(m.texts("endpoints")))
                .setPricing(Specs.pricing(Pricing.newBuilder()
                        .setInputPerMillion(m.perMillion("pricing.input"))
                        .setOutputPerMillion(m.perMillion("pricing.output"))
                        .setCacheReadPerMillion(m.perMillion("pricing.cache_read"))
                        .setCacheWritePerMillion(m.perMillion("pricing.cache_write"))
                        .setReasoningPerMillion(m.perMillion("pricing.reasoning"))
                        .setBatchInputPerMillion(m.perMillion("pricing.batch_input"))
                        .setBatchOutputPerMillion(m.perMillion("pricing.batch_output"))))
                .setTemperature(temperature(m))
                .setTokenLimitParameter(m.text("token_limit_parameter"))
                .setKnowledgeCutoff(m.text("knowledge_cutoff"))
                .build();
        String currency = m.text("pricing.currency");
        if (spec.getPricing() != null && currency != null) {
            spec.getPricing().setCurrency(currency.toUpperCase(Locale.ROOT));
        }
        List<String> efforts = m.texts("reasoning.supported");
        String defaultEffort = m.text("reasoning.default");
        if (!efforts.isEmpty() || defaultEffort != null) {
            spec.setReasoning(ReasoningEfforts.newBuilder().setSupported(efforts).setDefaultEffort(defaultEffort).build());
        }
        if (m.at("availability") != null) {
            spec.setAvailability(Availability.newBuilder()
                    .setAuthModes(m.texts("availability.auth_modes"))
                    .setDefaultForAuthModes(m.texts("availability.default_for"))
                    .setPlans(m.texts("availability.plans"))
                    .setVisibility(m.text("availability.visibility"))
                    .setPriority(m.integer("availability.priority"))
                    .setSupportedInApi(m.flag("availability.supported_in_api"))
                    .build());
        }
        spec.getLifecycle().setDeprecationDate(m.text("deprecation_date"));
        spec.getLifecycle().setReleaseDate(m.text("release_date"));
        spec.getLifecycle().setRetirementDate(m.text("retirement_date"));
        String replacement = m.text("replacement");
        spec.getLifecycle().setReplacement(replacement == null ? null : replacement.contains("/") ? replacement.toLowerCase(Locale.ROOT)
                : Ids.canonical(spec.getProvider(), replacement));
        String status = m.text("status");
        if (status != null) {
            try {
                spec.getLifecycle().setStatus(LifecycleStatus.valueOf(status.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                unreadable.add(new AdapterResult.Unreadable(id, "status", "expected active, deprecated or retired, got '" + status + "'"));
            }
        }
        spec.setExtras(m.extras());
        return spec;
    }

    private static Map<String, Boolean> capabilities(ModelJson m) {
        Map<String, Boolean> capabilities = Specs.capabilities();
        JsonNode node = m.at("capabilities");
        if (node == null) {
            return capabilities;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isBoolean()) {
                    capabilities.put(capabilityName(e.getKey()), e.getValue().asBoolean());
                } else {
                    m.problem("capabilities." + e.getKey(), "expected true or false");
                }
            }
        } else {
            for (String name : m.texts("capabilities")) {
                capabilities.put(capabilityName(name), true);
            }
        }
        return capabilities;
    }

    private static String capabilityName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return CAPABILITY_ALIASES.getOrDefault(n, n);
    }

    private static TemperatureRule temperature(ModelJson m) {
        JsonNode t = m.at("temperature");
        if (t == null) {
            return null;
        }
        if (t.isTextual() && t.asText().equalsIgnoreCase("any")) {
            return TemperatureRule.newBuilder().setKind(TemperatureKind.ANY).setAllowed(List.of()).build();
        }
        if ((t.isTextual() && t.asText().equalsIgnoreCase("none")) || (t.isArray() && t.isEmpty())) {
            return TemperatureRule.newBuilder().setKind(TemperatureKind.NONE).setAllowed(List.of()).build();
        }
        if (t.isArray()) {
            List<Double> allowed = new ArrayList<>();
            for (JsonNode v : t) {
                if (v.isNumber()) {
                    allowed.add(v.asDouble());
                } else {
                    m.problem("temperature", "list item " + v + " is not a number");
                }
            }
            return TemperatureRule.newBuilder().setKind(TemperatureKind.ONLY).setAllowed(allowed).build();
        }
        m.problem("temperature", "expected any, none or a list of values");
        return null;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
