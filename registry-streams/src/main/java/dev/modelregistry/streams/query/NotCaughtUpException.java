package dev.modelregistry.streams.query;

/**
 * This instance's store has not yet read up to the position a read asked for
 * ({@code min_position}); the same read succeeds once the fold catches up.
 */
public final class NotCaughtUpException extends StoreUnavailableException {
    private final int partition;
    private final long reached;
    private final long bound;

    /**
     * @param partition the partition that is behind
     * @param reached the offset it has reached, or -1 if it has reached nothing yet
     * @param bound the offset the read asked for
     */
    public NotCaughtUpException(int partition, long reached, long bound) {
        super("partition " + partition + " is at " + (reached < 0 ? "nothing" : String.valueOf(reached)) + ", the read asks for " + bound);
        this.partition = partition;
        this.reached = reached;
        this.bound = bound;
    }

    /** @return the partition that is behind */
    public int partition() {
        return partition;
    }

    /** @return the offset reached, -1 for none */
    public long reached() {
        return reached;
    }

    /** @return the offset asked for */
    public long bound() {
        return bound;
    }
}
