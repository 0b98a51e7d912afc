package dev.modelregistry.api.codex;

import dev.modelregistry.schemas.Availability;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Codex CLI's {@code list_models}, computed from the registry's data. Pure.
 *
 * <p>Remote models off (the default): the local presets visible to the auth mode, ordered by
 * priority, the auth mode's default first. Remote models on: the Codex catalog's models
 * (visibility "list"; for API-key auth only those supported in the API) ordered by priority,
 * then the preset models the catalog lacks appended; for ChatGPT auth
 * {@code codex-auto-balanced} is preferred as the default when the catalog has it.
 */
public final class CodexModelList {

    /** Auth modes Codex knows. */
    public static final List<String> AUTH_MODES = List.of("api_key", "chatgpt");
    static final String AUTO_BALANCED = "openai/codex-auto-balanced";

    private CodexModelList() {
    }

    /** One listed model. */
    public record Entry(String id, String slug, String displayName, String description, boolean isDefault, String origin) {
    }

    /**
     * @param auth api_key or chatgpt
     * @throws IllegalArgumentException for another auth mode
     */
    public static List<Entry> list(List<ModelState> states, String auth, boolean remoteModels) {
        if (!AUTH_MODES.contains(auth)) {
            throw new IllegalArgumentException("auth must be api_key or chatgpt, got '" + auth + "'");
        }
        List<ModelSpec> presets = states.stream().map(ModelState::getSpec)
                .filter(s -> s.getLifecycle().getStatus() == LifecycleStatus.ACTIVE)
                .filter(s -> s.getAvailability() != null && "presets".equals(s.getProvenance().get("availability.authModes")))
                .filter(s -> s.getAvailability().getAuthModes().contains(auth))
                .sorted(byPriority()).toList();
        Optional<ModelSpec> presetDefault = presets.stream().filter(s -> s.getAvailability().getDefaultForAuthModes().contains(auth)).findFirst();
        Map<String, Entry> ordered = new LinkedHashMap<>();
        if (!remoteModels) {
            presets.forEach(s -> ordered.put(s.getId(), entry(s, false, "preset")));
            return withDefault(ordered, presetDefault.map(ModelSpec::getId).orElse(null));
        }
        List<ModelSpec> remote = states.stream().map(ModelState::getSpec)
                .filter(s -> s.getLifecycle().getStatus() == LifecycleStatus.ACTIVE)
                .filter(CodexModelList::listedByCodex)
                .filter(s -> s.getAvailability() == null || s.getAvailability().getVisibility() == null
                        || "list".equals(s.getAvailability().getVisibility()))
                .filter(s -> !auth.equals("api_key") || s.getAvailability() == null || !Boolean.FALSE.equals(s.getAvailability().getSupportedInApi()))
                .sorted(byPriority()).toList();
        remote.forEach(s -> ordered.put(s.getId(), entry(s, false, "remote")));
        presets.stream().filter(s -> !ordered.containsKey(s.getId())).forEach(s -> ordered.put(s.getId(), entry(s, false, "preset")));
        String preferred = auth.equals("chatgpt") && ordered.containsKey(AUTO_BALANCED) ? AUTO_BALANCED
                : presetDefault.map(ModelSpec::getId).filter(ordered::containsKey).orElse(null);
        return markedInPlace(ordered, preferred);
    }

    /** The remote order stands (the seed: remote models first, missing preset slugs appended); the default is only marked. */
    private static List<Entry> markedInPlace(Map<String, Entry> ordered, String defaultId) {
        String chosen = defaultId != null ? defaultId : ordered.keySet().stream().findFirst().orElse(null);
        List<Entry> out = new ArrayList<>();
        ordered.values().forEach(e -> out.add(new Entry(e.id(), e.slug(), e.displayName(), e.description(), e.id().equals(chosen), e.origin())));
        return out;
    }

    /** A model the Codex catalog lists: it contributed a field or kept one as an extra. */
    static boolean listedByCodex(ModelSpec s) {
        return s.getProvenance().containsValue("codex") || s.getExtras().keySet().stream().anyMatch(k -> k.startsWith("codex:"));
    }

    private static List<Entry> withDefault(Map<String, Entry> ordered, String defaultId) {
        List<Entry> out = new ArrayList<>();
        String chosen = defaultId != null ? defaultId : ordered.keySet().stream().findFirst().orElse(null);
        if (chosen != null) {
            Entry d = ordered.get(chosen);
            out.add(new Entry(d.id(), d.slug(), d.displayName(), d.description(), true, d.origin()));
        }
        ordered.values().stream().filter(e -> !e.id().equals(chosen)).forEach(out::add);
        return out;
    }

    private static Entry entry(ModelSpec s, boolean isDefault, String origin) {
        return new Entry(s.getId(), s.getId().substring(s.getId().indexOf('/') + 1), s.getDisplayName(), s.getDescription(), isDefault, origin);
    }

    private static Comparator<ModelSpec> byPriority() {
        return Comparator.comparing((ModelSpec s) -> {
            Availability a = s.getAvailability();
            return a == null || a.getPriority() == null ? Integer.MAX_VALUE : a.getPriority();
        }).thenComparing(ModelSpec::getId);
    }
}
