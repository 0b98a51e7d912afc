package dev.modelregistry.api.http;

/** A group of related routes; {@link #close()} ends what it keeps open (streams, threads). */
public interface RouteGroup extends AutoCloseable {

    /** Registers the group's routes. */
    void addTo(RouteTable table);

    @Override
    default void close() {
    }
}
