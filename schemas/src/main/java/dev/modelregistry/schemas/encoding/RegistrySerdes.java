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
    /** the registry records are written for, or null when single-object encoding is written */
    private final SchemaRegistryClient writtenFor;
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
        this(released, null, false);
    }

    /**
     * @param registry a schema registry for the Confluent wire format, or null for none
     * @param writeConfluent write the Confluent wire format (needs {@code registry}); both
     *     formats are read either way (the Confluent one only with a registry)
     * @throws IllegalArgumentException if {@code writeConfluent} is set without a registry
     */
    public RegistrySerdes(ReleasedSchemas released, SchemaRegistryClient registry, boolean writeConfluent) {
        this.released = released;
        this.writtenFor = writeConfluent ? registry : null;
        this.events = new AvroSerde<>(ModelEvent.class, released, registry, writeConfluent);
        this.changes = new AvroSerde<>(ModelChange.class, released, registry, writeConfluent);
        this.states = new AvroSerde<>(ModelState.class, released, registry, writeConfluent);
        this.rejections = new AvroSerde<>(Rejection.class, released, registry, writeConfluent);
        this.specs = new AvroSerde<>(ModelSpec.class, released, registry, writeConfluent);
    }

    /** @return the schema registry whose ids the records written carry (the Confluent wire format), or empty for single-object encoding */
    public java.util.Optional<java.net.URI> confluentRegistry() {
        return writtenFor == null ? java.util.Optional.empty() : java.util.Optional.of(writtenFor.base());
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
