package dev.modelregistry.schemas.encoding;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Rejection;

/**
 * The serdes of every record type the registry puts on a topic, sharing one set of
 * {@link ReleasedSchemas}. Immutable and thread-safe; create one and pass it around.
 */
public final class RegistrySerdes {

    private final ReleasedSchemas released;
    private final AvroSerde<ModelEvent> events;
    private final AvroSerde<ModelChange> changes;
    private final AvroSerde<ModelState> states;
    private final AvroSerde<Rejection> rejections;
    private final AvroSerde<ModelSpec> specs;

    /**
     * @throws IllegalStateException if a released schema cannot be loaded or a current schema is unreleased
     */
    public RegistrySerdes() {
        this(ReleasedSchemas.load());
    }

    public RegistrySerdes(ReleasedSchemas released) {
        this.released = released;
        this.events = new AvroSerde<>(ModelEvent.class, released);
        this.changes = new AvroSerde<>(ModelChange.class, released);
        this.states = new AvroSerde<>(ModelState.class, released);
        this.rejections = new AvroSerde<>(Rejection.class, released);
        this.specs = new AvroSerde<>(ModelSpec.class, released);
    }

    public ReleasedSchemas released() {
        return released;
    }

    public AvroSerde<ModelEvent> events() {
        return events;
    }

    public AvroSerde<ModelChange> changes() {
        return changes;
    }

    public AvroSerde<ModelState> states() {
        return states;
    }

    public AvroSerde<Rejection> rejections() {
        return rejections;
    }

    public AvroSerde<ModelSpec> specs() {
        return specs;
    }
}
