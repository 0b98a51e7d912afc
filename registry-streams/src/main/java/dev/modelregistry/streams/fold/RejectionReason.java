package dev.modelregistry.streams.fold;

/** Why the fold refused an event; {@link #code()} is the stable code on the rejected topic. */
public enum RejectionReason {
    /** The record value is not a decodable {@code ModelEvent}. */
    UNDECODABLE("undecodable"),
    /** The record has no key, or its key is not the event's model id. */
    KEY_MISMATCH("key_mismatch"),
    /** The event type is one this version does not know (written by a newer producer). */
    UNKNOWN_EVENT_TYPE("unknown_event_type"),
    /** The spec breaks an invariant (id shape, negative limit or price, ...). */
    INVALID_SPEC("invalid_spec"),
    /** This event id was applied to this model before: a replay or a duplicate. */
    DUPLICATE_EVENT("duplicate_event"),
    /** A change or deprecation of a model the registry has never seen. */
    UNKNOWN_MODEL("unknown_model"),
    /** An add of a model that exists and is active. */
    MODEL_EXISTS("model_exists"),
    /** {@code expected_version} is not the model's current version (another writer came first). */
    STALE_VERSION("stale_version"),
    /** The event would not change any field: a version must mean a change. */
    NO_CHANGE("no_change");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    /** @return the stable lower-case code */
    public String code() {
        return code;
    }
}
