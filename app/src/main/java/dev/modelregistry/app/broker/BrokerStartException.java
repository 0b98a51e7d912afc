package dev.modelregistry.app.broker;

/** The embedded broker could not start; the message is meant for the user as is. */
public final class BrokerStartException extends RuntimeException {
    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
