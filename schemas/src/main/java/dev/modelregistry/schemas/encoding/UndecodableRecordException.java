package dev.modelregistry.schemas.encoding;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Thrown when bytes read from a topic are not a record this build can decode. The {@link Reason}
 * lets a caller (the streams topology) route the record to the rejected topic with a stable
 * reason instead of failing.
 */
public final class UndecodableRecordException extends SerializationException {

    /** Why a record could not be decoded. */
    public enum Reason {
        /** Null or zero-length value. */
        EMPTY,
        /** Not Avro single-object encoding: the two marker bytes {@code C3 01} are missing. */
        BAD_HEADER,
        /** The header names a writer schema fingerprint that no released schema has. */
        UNKNOWN_SCHEMA,
        /** The header is fine but the body is truncated or does not match the writer schema. */
        CORRUPT_BODY
    }

    private final Reason reason;

    /**
     * @param reason never null
     * @param message human-readable explanation, never null
     * @param cause the underlying Avro or I/O failure, may be null
     */
    public UndecodableRecordException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return why decoding failed; never null */
    public Reason reason() {
        return reason;
    }
}
