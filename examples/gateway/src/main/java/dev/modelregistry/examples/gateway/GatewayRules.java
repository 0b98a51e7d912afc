package dev.modelregistry.examples.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.schemas.Lifecycle;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.params.ParameterAdvice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The gateway's decision for one chat request, from what the registry knows about its model.
 * Pure: no I/O, so every rule is tested on its own.
 */
public final class GatewayRules {

    private GatewayRules() {
    }

    /** What to do with a request. */
    public sealed interface Decision {
    }

    /**
     * Refuse the call.
     *
     * @param status the HTTP status to answer (400 bad request, 404 unknown model, 410 deprecated or retired)
     */
    public record Refuse(int status, String message) implements Decision {
    }

    /**
     * Send the call on.
     *
     * @param modelId the registry's id of the model
     * @param body the request as the model's API takes it (the provider's model name, the right token-limit parameter)
     * @param notes what was changed and why
     */
    public record Forward(String modelId, ObjectNode body, List<String> notes) implements Decision {
    }

    /**
     * @param request an OpenAI-style chat request ({@code model}, {@code messages}, optionally
     *     {@code max_tokens} or {@code max_completion_tokens}, {@code temperature}); not modified
     * @param state the registry's model for {@code request.model}, empty if unknown
     * @param advice the registry's call parameters for it (null if unknown)
     */
    public static Decision decide(ObjectNode request, Optional<ModelState> state, ParameterAdvice.Advice advice) {
        if (!request.path("model").isTextual() || request.get("model").asText().isBlank()) {
            return new Refuse(400, "the request names no model");
        }
        String asked = request.get("model").asText();
        if (state.isEmpty()) {
            return new Refuse(404, "the registry knows no model '" + asked + "'");
        }
        ModelState model = state.get();
        Lifecycle life = model.getSpec().getLifecycle();
        if (life.getStatus() != LifecycleStatus.ACTIVE) {
            StringBuilder m = new StringBuilder(model.getModelId()).append(" is ").append(life.getStatus().name().toLowerCase(Locale.ROOT));
            if (life.getDeprecationDate() != null) {
                m.append(" (since ").append(life.getDeprecationDate()).append(')');
            }
            m.append(life.getReplacement() != null ? "; use " + life.getReplacement() : "; the registry names no replacement");
            return new Refuse(410, m.toString());
        }
        ObjectNode body = request.deepCopy();
        List<String> notes = new ArrayList<>();
        String id = model.getModelId();
        body.put("model", id.substring(id.indexOf('/') + 1));
        if (!asked.equals(id)) {
            notes.add("'" + asked + "' is " + id);
        }
        String wanted = advice == null ? null : advice.tokenLimitParameter();
        for (String name : List.of("max_tokens", "max_completion_tokens")) {
            if (wanted != null && !name.equals(wanted) && body.has(name)) {
                if (!body.has(wanted)) {
                    body.set(wanted, body.get(name));
                }
                body.remove(name);
                notes.add(id + " takes " + wanted + ", not " + name);
            }
        }
        if (body.has("temperature") && advice != null && Boolean.FALSE.equals(advice.temperatureAllowed())) {
            notes.add(id + " does not accept temperature " + body.get("temperature").asText() + " (rule: " + advice.temperatureRule() + "); left out");
            body.remove("temperature");
        }
        return new Forward(id, body, List.copyOf(notes));
    }
}
