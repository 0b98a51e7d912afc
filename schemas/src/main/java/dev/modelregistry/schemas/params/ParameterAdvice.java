package dev.modelregistry.schemas.params;

import dev.modelregistry.schemas.Lifecycle;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.TemperatureKind;
import dev.modelregistry.schemas.TemperatureRule;
import dev.modelregistry.schemas.semantics.Derivation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which request parameters a model takes: the token-limit parameter's name and whether a
 * temperature is accepted. A known model answers from its spec, where the sync's derivation
 * already filled what the sources left open ({@code derived} names the rule of each such field).
 * What is still open, and an unknown id entirely, is worked out now by the same rules
 * ({@link Derivation#deriveAlone}), so the answer for an unknown {@code o3-foo} agrees with the
 * registry's for {@code o3}; those fields are listed in {@code inferred}. An id without a provider
 * is taken as OpenAI's (the capability registry this endpoint stands in for is OpenAI's). When
 * the rules find no type, the name decides as in the OpenAI capability registry: a slug ending in
 * "instruct" is a completions model, anything else a chat model; a slug containing "vision"
 * supports vision. Pure.
 */
public final class ParameterAdvice {

    private ParameterAdvice() {
    }

    /**
     * The advice; {@code temperatureAllowed} is null when no temperature was asked about or the rule is unknown.
     *
     * @param derived field -> rule, for fields the registry's derivation (or this answer) set
     * @param inferred fields worked out for this answer, not recorded in the registry
     */
    public record Advice(String id, boolean known, String modelType, String tokenLimitParameter, String temperatureRule,
                         List<Double> allowedTemperatures, Double temperature, Boolean temperatureAllowed,
                         Map<String, Boolean> capabilities, List<String> endpoints, Map<String, String> derived, List<String> inferred) {
    }

    /**
     * @param id the id asked about (canonical or not)
     * @param known its spec, or null when the registry does not know it
     * @param temperature a temperature to check, or null
     */
    public static Advice advise(String id, ModelSpec known, Double temperature) {
        String canonical = (id.contains("/") ? id : "openai/" + id).toLowerCase(Locale.ROOT);
        ModelSpec spec = known != null ? known : skeleton(canonical);
        List<String> inferred = new ArrayList<>();
        ModelSpec now = Derivation.deriveAlone(spec);
        if (now.getModelType() == null) {
            String slug = canonical.substring(canonical.lastIndexOf('/') + 1);
            ModelSpec typed = ModelSpec.newBuilder(spec).setModelType(slug.endsWith("instruct") ? "completion" : "chat").build();
            now = Derivation.deriveAlone(typed);
            inferred.add("modelType");
        }
        record(inferred, spec.getModelType(), now.getModelType(), "modelType");
        record(inferred, spec.getTokenLimitParameter(), now.getTokenLimitParameter(), "tokenLimitParameter");
        record(inferred, spec.getTemperature(), now.getTemperature(), "temperature");
        Map<String, Boolean> capabilities = new LinkedHashMap<>(now.getCapabilities());
        String slug = canonical.substring(canonical.lastIndexOf('/') + 1);
        if (!capabilities.containsKey("vision") && slug.contains("vision")) {
            capabilities.put("vision", true);
            inferred.add("capabilities.vision");
        }
        List<String> endpoints = now.getEndpoints();
        if (endpoints.isEmpty() && now.getModelType() != null) {
            endpoints = switch (now.getModelType()) {
                case "completion" -> List.of("completions");
                case "chat", "reasoning" -> List.of("chat");
                case "embedding" -> List.of("embeddings");
                default -> List.of();
            };
            if (!endpoints.isEmpty()) {
                inferred.add("endpoints");
            }
        }
        TemperatureRule rule = now.getTemperature() == null
                ? TemperatureRule.newBuilder().setKind(TemperatureKind.UNKNOWN).setAllowed(List.of()).build() : now.getTemperature();
        Boolean allowed = temperature == null ? null : switch (rule.getKind()) {
            case ANY -> true;
            case NONE -> false;
            case ONLY -> rule.getAllowed().stream().anyMatch(t -> Math.abs(t - temperature) < 1e-9);
            default -> null;
        };
        Map<String, String> derived = new TreeMap<>();
        now.getProvenance().forEach((field, from) -> {
            if (from.startsWith("derived:") && (field.equals("modelType") || field.equals("tokenLimitParameter")
                    || field.startsWith("temperature") || field.equals("endpoints") || field.startsWith("capabilities."))) {
                derived.put(field, from.substring("derived:".length()));
            }
        });
        return new Advice(known == null ? canonical : known.getId(), known != null, now.getModelType(), now.getTokenLimitParameter(),
                rule.getKind().name().toLowerCase(Locale.ROOT), rule.getAllowed(), temperature, allowed, capabilities, endpoints,
                derived, inferred);
    }

    private static void record(List<String> inferred, Object before, Object after, String field) {
        if (before == null && after != null && !inferred.contains(field)) {
            inferred.add(field);
        }
    }

    private static ModelSpec skeleton(String id) {
        return ModelSpec.newBuilder().setId(id).setProvider(id.substring(0, id.indexOf('/')))
                .setLimits(Limits.newBuilder().build())
                .setLifecycle(Lifecycle.newBuilder().setStatus(LifecycleStatus.UNKNOWN).build()).build();
    }
}
