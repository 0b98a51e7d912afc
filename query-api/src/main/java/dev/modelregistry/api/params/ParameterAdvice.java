package dev.modelregistry.api.params;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.TemperatureKind;
import dev.modelregistry.schemas.TemperatureRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which request parameters a model takes: the token-limit parameter's name and whether a
 * temperature is accepted. Known models answer from their spec; what the spec lacks, and unknown
 * ids entirely, are inferred from the name, and every inferred field is listed. Pure.
 *
 * <p>Name patterns (from the OpenAI capability registry): a slug starting with o1, o3 or o4 (or
 * gpt-5) is a reasoning model, which takes {@code max_completion_tokens} and only temperature
 * 1.0; a slug containing "vision" supports vision; a slug ending in "instruct" is a
 * completions-only model. Anything else is a chat model taking {@code max_tokens} and any
 * temperature.
 */
public final class ParameterAdvice {

    private static final Pattern REASONING = Pattern.compile("^(o1|o3|o4)(-.*)?$|^gpt-5.*");

    private ParameterAdvice() {
    }

    /** The advice; {@code temperatureAllowed} is null when no temperature was asked about. */
    public record Advice(String id, boolean known, String modelType, String tokenLimitParameter, String temperatureRule,
                         List<Double> allowedTemperatures, Double temperature, Boolean temperatureAllowed,
                         Map<String, Boolean> capabilities, List<String> endpoints, List<String> inferred) {
    }

    /**
     * @param id the id asked about (canonical or not)
     * @param spec its spec, or null when the registry does not know it
     * @param temperature a temperature to check, or null
     */
    public static Advice advise(String id, ModelSpec spec, Double temperature) {
        String slug = id.toLowerCase(Locale.ROOT).substring(id.lastIndexOf('/') + 1);
        List<String> inferred = new ArrayList<>();
        String type = spec == null ? null : spec.getModelType();
        if (type == null) {
            type = slug.endsWith("instruct") ? "completion" : REASONING.matcher(slug).matches() ? "reasoning" : "chat";
            inferred.add("modelType");
        }
        boolean reasoning = type.equals("reasoning");
        String tokenParam = spec == null ? null : spec.getTokenLimitParameter();
        if (tokenParam == null) {
            tokenParam = reasoning ? "max_completion_tokens" : "max_tokens";
            inferred.add("tokenLimitParameter");
        }
        TemperatureRule rule = spec == null ? null : spec.getTemperature();
        if (rule == null || rule.getKind() == TemperatureKind.UNKNOWN) {
            rule = reasoning ? TemperatureRule.newBuilder().setKind(TemperatureKind.ONLY).setAllowed(List.of(1.0)).build()
                    : TemperatureRule.newBuilder().setKind(TemperatureKind.ANY).setAllowed(List.of()).build();
            inferred.add("temperature");
        }
        Map<String, Boolean> capabilities = new LinkedHashMap<>(spec == null ? Map.of() : spec.getCapabilities());
        if (!capabilities.containsKey("vision") && slug.contains("vision")) {
            capabilities.put("vision", true);
            inferred.add("capabilities.vision");
        }
        List<String> endpoints = spec == null ? List.of() : spec.getEndpoints();
        if (endpoints.isEmpty()) {
            endpoints = type.equals("completion") ? List.of("completions") : List.of("chat");
            inferred.add("endpoints");
        }
        Boolean allowed = temperature == null ? null : switch (rule.getKind()) {
            case ANY -> true;
            case NONE -> false;
            case ONLY -> rule.getAllowed().stream().anyMatch(t -> Math.abs(t - temperature) < 1e-9);
            default -> null;
        };
        return new Advice(spec == null ? id : spec.getId(), spec != null, type, tokenParam, rule.getKind().name().toLowerCase(Locale.ROOT),
                rule.getAllowed(), temperature, allowed, capabilities, endpoints, inferred);
    }
}
