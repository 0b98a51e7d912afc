package dev.modelregistry.schemas.semantics;

import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelState;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How a name a client gives (an id, an alias, or a bare name such as {@code gpt-4o}) picks one
 * model. One rule for every reader: the query API and the client library answer the same.
 */
public final class NameResolution {

    private NameResolution() {
    }

    /**
     * @return the model whose id is {@code name}; else whose aliases contain it; else, for a bare
     *     name without a provider ({@code gpt-4o}), the model {@code provider/name} the presets
     *     describe, or the one most sources describe. Active models are preferred throughout.
     */
    public static Optional<ModelState> resolve(List<ModelState> states, String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        Optional<ModelState> exact = states.stream().filter(s -> s.getModelId().equals(n)).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        Comparator<ModelState> activeFirst = Comparator.comparing((ModelState s) -> s.getSpec().getLifecycle().getStatus() != LifecycleStatus.ACTIVE);
        Optional<ModelState> alias = states.stream().filter(s -> s.getSpec().getAliases().contains(n))
                .min(activeFirst.thenComparing(ModelState::getModelId));
        if (alias.isPresent() || n.contains("/")) {
            return alias;
        }
        return states.stream().filter(s -> s.getModelId().endsWith("/" + n) && s.getModelId().indexOf('/') == s.getModelId().lastIndexOf('/'))
                .min(activeFirst
                        .thenComparing((ModelState s) -> !s.getSpec().getProvenance().containsValue("presets"))
                        .thenComparing((ModelState s) -> -new java.util.HashSet<>(s.getSpec().getProvenance().values()).size())
                        .thenComparing(ModelState::getModelId));
    }

    /**
     * @return true for every state that {@link #resolve} could pick for {@code name} (its id, an
     *     alias, or a bare name's provider-qualified id): resolving over only these gives the same
     *     answer as over all states, so instances send each other just these
     */
    public static Predicate<ModelState> mayResolve(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        boolean bare = !n.contains("/");
        return s -> s.getModelId().equals(n) || s.getSpec().getAliases().contains(n)
                || bare && s.getModelId().endsWith("/" + n) && s.getModelId().indexOf('/') == s.getModelId().lastIndexOf('/');
    }

}
