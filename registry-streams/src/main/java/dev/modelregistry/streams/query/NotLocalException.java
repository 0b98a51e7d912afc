package dev.modelregistry.streams.query;

import org.apache.kafka.streams.state.HostInfo;

/** The key's partition is hosted by another instance; the caller can forward the request there. */
public final class NotLocalException extends RuntimeException {
    private final transient HostInfo active;
    private final transient java.util.Set<HostInfo> standbys;

    public NotLocalException(String key, HostInfo active, java.util.Set<HostInfo> standbys) {
        super("'" + key + "' is served by " + (active == null ? "no instance yet" : active.host() + ":" + active.port()));
        this.active = active;
        this.standbys = standbys;
    }

    /** @return the instance with the active copy, or null during a rebalance */
    public HostInfo active() {
        return active;
    }

    /** @return instances with a standby copy; may be empty */
    public java.util.Set<HostInfo> standbys() {
        return standbys;
    }
}
