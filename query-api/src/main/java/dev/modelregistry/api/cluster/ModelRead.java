package dev.modelregistry.api.cluster;

import dev.modelregistry.schemas.topics.ConsistencyToken;

/**
 * The answer to a read of one model, wherever the model lives.
 *
 * @param <T> what was read: a state, one version's change, or the whole history
 */
public sealed interface ModelRead<T> permits ModelRead.Found, ModelRead.Unknown {

    /** Which copy answered. */
    enum Origin {
        /** this instance owns the model's partition and answered from its active store */
        HERE,
        /** the owning instance answered; this one relayed it */
        OWNER,
        /** the owner did not answer; a standby copy did (it may lag the owner) */
        STANDBY
    }

    /**
     * @return how far into the events topic the answering store had read when it answered; the
     *     position of this read only, never of another request; null if the store reported none
     */
    ConsistencyToken token();

    /** @return the answering instance as {@code host:port}, or null for a single unnamed instance */
    String answeredBy();

    /**
     * The model (or the asked version of it) exists.
     *
     * @param value never null
     * @param resolvedFrom the name asked for when it was an alias of {@code value}'s model, else null
     */
    record Found<T>(T value, Origin origin, ConsistencyToken token, String answeredBy, String resolvedFrom) implements ModelRead<T> {
    }

    /**
     * Neither the name nor an alias of it is a model, or the model has no such version (no
     * version valid at that time).
     *
     * @param id the canonical id that was tried (the alias' model if the name was an alias)
     */
    record Unknown<T>(String id, ConsistencyToken token, String answeredBy) implements ModelRead<T> {
    }
}
