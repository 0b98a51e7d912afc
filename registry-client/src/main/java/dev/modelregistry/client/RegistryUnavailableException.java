package dev.modelregistry.client;

/** The registry could not be read: not reachable, not answering in time, or answering an error. */
public class RegistryUnavailableException extends RuntimeException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public RegistryUnavailableException(String message) {
        super(message);
    }
}
