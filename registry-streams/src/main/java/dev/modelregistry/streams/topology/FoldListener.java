package dev.modelregistry.streams.topology;

/**
 * Told by the fold, on the stream thread, when a model's stored state changes, so that what an
 * instance derived from its stores (a cache of rendered answers) can be dropped.
 *
 * <p>Implementations must be thread-safe and fast: they run inside the fold, once per accepted event.
 */
public interface FoldListener {

    /** Listens to nothing. */
    FoldListener NONE = new FoldListener() {
        @Override
        public void changed(String modelId, int partition, long offset) {
        }

        @Override
        public void reset() {
        }
    };

    /** The {@link #changed} half of a listener, for {@link #of}. */
    @FunctionalInterface
    interface OnChange {
        void changed(String modelId, int partition, long offset);
    }

    /** @return a listener made of two functions */
    static FoldListener of(OnChange onChange, Runnable onReset) {
        return new FoldListener() {
            @Override
            public void changed(String modelId, int partition, long offset) {
                onChange.changed(modelId, partition, offset);
            }

            @Override
            public void reset() {
                onReset.run();
            }
        };
    }

    /**
     * A new version of {@code modelId} is in the stores (called after the writes).
     *
     * @param partition the events-topic partition of the event that made it
     * @param offset that event's offset: a store read at a position below it may predate the change
     */
    void changed(String modelId, int partition, long offset);

    /**
     * The stores of some partition may have changed without {@link #changed} calls (a task was
     * started, closed, restored or moved): forget everything derived from them.
     */
    void reset();
}
