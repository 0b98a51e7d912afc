package dev.modelregistry.sync.fetch;

/** A catalog could not be fetched; the message names the source and never contains a secret. */
public final class FetchException extends Exception {
    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
