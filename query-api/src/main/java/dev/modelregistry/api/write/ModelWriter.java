package dev.modelregistry.api.write;

import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.topics.ConsistencyToken;

/** Publishes write requests as events; the fold decides what they do to state. */
public interface ModelWriter {

    /**
     * What a write published.
     *
     * @param token the position of the event; a read with it as {@code min_position} sees the write's outcome
     */
    record Written(ModelEvent event, ConsistencyToken token) {
    }

    /**
     * Registers a new model, or a new version of an existing one.
     *
     * @param current the model's current state, or null if it is new
     * @throws IllegalStateException if the event could not be published
     */
    Written register(ModelSpec spec, ModelState current);

    /**
     * Deprecates an active model.
     *
     * @param replacement the replacing model's id, or null
     * @param retirementDate the planned retirement (YYYY-MM-DD), or null
     * @param note why, for people, or null
     * @throws IllegalStateException if the event could not be published
     */
    Written deprecate(ModelState current, String replacement, String retirementDate, String note);
}
