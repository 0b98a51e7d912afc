package dev.modelregistry.client;

import java.util.Optional;

/** A running {@link RegistryView#onChange} subscription. */
public interface ChangeSubscription extends AutoCloseable {

    /** @return true while changes are delivered */
    boolean isRunning();

    /** @return what ended the subscription, if the listener threw or the source failed */
    Optional<Throwable> failure();

    /** @return how many changes the listener has returned from so far */
    long delivered();

    /** Stops delivering, keeping the position of the last change the listener returned from. */
    @Override
    void close();
}
