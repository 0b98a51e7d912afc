package dev.modelregistry.api.cluster;

/**
 * A read the cluster could not answer now. Callers decide by {@link #reason()}, never by the
 * message, which is for people.
 */
public final class ClusterReadException extends RuntimeException {

    /** Why; each has a stable wire code that instances also use between themselves. */
    public enum Reason {
        /** a store has not reached the asked {@code min_position} within the bounded wait */
        NOT_CAUGHT_UP("not_caught_up"),
        /** no instance owns the model's partition right now (rebalancing) */
        NO_OWNER("unavailable"),
        /** the owner and every standby failed to answer in time */
        OWNER_UNREACHABLE("unavailable"),
        /** the stores here are not queryable (starting, restoring) */
        STORE_UNAVAILABLE("unavailable"),
        /** another instance answered with an error or an unreadable body */
        UPSTREAM_ERROR("upstream");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** @return the error code of the JSON error answer */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public ClusterReadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return why the read failed */
    public Reason reason() {
        return reason;
    }
}
