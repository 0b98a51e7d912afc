package dev.modelregistry.streams.query;

/** The stores cannot answer now (starting, rebalancing, restoring, not yet at a requested position). */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message) {
        super(message);
    }
}
