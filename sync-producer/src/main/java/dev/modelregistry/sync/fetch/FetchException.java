package dev.modelregistry.sync.fetch;

import java.time.Duration;
import java.util.Optional;

/** A catalog could not be fetched; the message names the source and never contains a secret. */
public final class FetchException extends Exception {

    private final transient Duration retryAfter;

    public FetchException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /**
     * @param retryAfter how long the source asked us to wait (HTTP 429 or 503 with
     *     {@code Retry-After}), or null when it did not say
     */
    public FetchException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** @return the wait the source asked for, if it named one */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
