package dev.modelregistry.streams.runtime;

import dev.modelregistry.streams.topology.FoldListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Passes the fold's signals on to every subscriber; subscribers may come and go at any time. */
public final class FoldSignals implements FoldListener {

    private final List<FoldListener> subscribers = new CopyOnWriteArrayList<>();

    /** Adds a subscriber; it gets a {@link #reset} at once, since it missed what came before. */
    public void subscribe(FoldListener listener) {
        subscribers.add(listener);
        listener.reset();
    }

    /** Removes a subscriber (no-op if absent). */
    public void unsubscribe(FoldListener listener) {
        subscribers.remove(listener);
    }

    @Override
    public void changed(String modelId, int partition, long offset) {
        for (FoldListener l : subscribers) {
            l.changed(modelId, partition, offset);
        }
    }

    @Override
    public void reset() {
        for (FoldListener l : subscribers) {
            l.reset();
        }
    }
}
