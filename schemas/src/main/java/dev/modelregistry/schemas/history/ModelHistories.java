package dev.modelregistry.schemas.history;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reading one model's history (its versions, oldest first): the state a version makes, the
 * version valid at an instant. Pure; the one definition of "valid at" for the stores' fallback,
 * the API's diff and the tests' in-memory registry.
 */
public final class ModelHistories {

    private ModelHistories() {
    }

    /** @return the model's state as this version left it */
    public static ModelState stateOf(ModelChange change) {
        return ModelState.newBuilder().setModelId(change.getModelId()).setVersion(change.getVersion())
                .setUpdatedAt(change.getRecordedAt()).setLastEventId(change.getEventId()).setSpec(change.getSpec()).build();
    }

    /**
     * @param history the model's versions, oldest first
     * @return the last version recorded at or before {@code at}; empty if the model did not exist then
     */
    public static Optional<ModelChange> validAt(List<ModelChange> history, Instant at) {
        ModelChange valid = null;
        for (ModelChange c : history) {
            if (c.getRecordedAt().isAfter(at)) {
                break;
            }
            valid = c;
        }
        return Optional.ofNullable(valid);
    }
}
