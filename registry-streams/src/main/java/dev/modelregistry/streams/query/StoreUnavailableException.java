package dev.modelregistry.streams.query;

/**
 * The stores cannot answer now (starting, rebalancing, restoring); retrying later may succeed.
 * {@link NotCaughtUpException} is the case of a store that has not yet reached a requested position.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message) {
        super(message);
    }
}
