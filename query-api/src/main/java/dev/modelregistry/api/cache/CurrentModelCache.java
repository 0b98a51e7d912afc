package dev.modelregistry.api.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The current answer of each model this instance owns, rendered once and served from memory
 * until the fold changes the model, and the rendered first pages of list queries, served until
 * the fold changes any model. Fed by the readers that miss it, emptied by the fold.
 *
 * <p>Correct under concurrent writes: a reader offers what it read together with the store
 * position it read at and the cache generation it started in. The fold marks each changed model
 * with the offset of the event that changed it, in the same per-key atomic step that would
 * replace the slot, so an answer read before that change (at a lower position) is refused, and
 * anything offered across a {@link #reset} (partitions moved or restored) is refused too.
 */
public final class CurrentModelCache {

    /** What the cache holds for one model id. */
    private sealed interface Slot permits Ready, Changed {
    }

    private record Ready(RenderedAnswer answer, int partition, long readAt) implements Slot {
    }

    /** The model changed at {@code offset}; no answer read below it may be cached. */
    private record Changed(int partition, long offset) implements Slot {
    }

    /** A rendered list page and the change count it was read at. */
    private record Page(long changeCount, RenderedAnswer answer) {
    }

    /** Most list pages kept; past it the pages are dropped and refilled by the queries still asked. */
    static final int MAX_PAGES = 512;

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Page> pages = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong changeCount = new AtomicLong();

    /** @return the cached answer for a canonical model id, or null */
    public RenderedAnswer get(String modelId) {
        return slots.get(modelId) instanceof Ready r ? r.answer() : null;
    }

    /** @return the generation to pass to {@link #offer}; take it before reading the store */
    public long generation() {
        return generation.get();
    }

    /**
     * Caches an answer unless the model changed since it was read or the cache was reset since
     * {@code generation}.
     *
     * @param generation {@link #generation()} taken before the store was read
     * @param partition the events-topic partition of the model
     * @param readAt the store's position (events-topic offset) in that partition when it answered
     * @return true if the answer is now cached
     */
    public boolean offer(long generation, String modelId, int partition, long readAt, RenderedAnswer answer) {
        Slot offered = new Ready(answer, partition, readAt);
        Slot now = slots.compute(modelId, (id, slot) -> {
            if (this.generation.get() != generation) {
                return slot;
            }
            if (slot instanceof Changed c && (c.partition() != partition || c.offset() > readAt)) {
                return slot;
            }
            if (slot instanceof Ready r && r.partition() == partition && r.readAt() > readAt) {
                return slot;
            }
            return offered;
        });
        return now == offered;
    }

    /**
     * @return a counter that moves on every change and reset; a list read while it stood still
     *     is still the answer. Take it before reading.
     */
    public long changeCount() {
        return changeCount.get();
    }

    /** @return the cached list answer for a query, or null when there is none or something changed since */
    public RenderedAnswer page(String query) {
        Page p = pages.get(query);
        return p != null && p.changeCount() == changeCount.get() ? p.answer() : null;
    }

    /**
     * Keeps a list answer for a query, unless something changed since {@code changeCount}.
     * Only for answers that this instance's fold keeps current (every partition read here).
     */
    public void offerPage(long changeCount, String query, RenderedAnswer answer) {
        if (changeCount != this.changeCount.get()) {
            return;
        }
        if (pages.size() >= MAX_PAGES) {
            pages.clear();
        }
        pages.put(query, new Page(changeCount, answer));
    }

    /**
     * The fold stored a new version of {@code modelId}.
     *
     * @param partition the events-topic partition of the event that made it
     * @param offset that event's offset: an answer read at a lower position predates the change
     */
    public void changed(String modelId, int partition, long offset) {
        changeCount.incrementAndGet();
        slots.compute(modelId, (id, slot) -> slot instanceof Changed c && c.partition() == partition && c.offset() >= offset
                ? slot : new Changed(partition, offset));
    }

    /** Partitions moved or were restored: forget everything. */
    public void reset() {
        // the generation first: an offer racing this reset either lands before the clear reaches
        // its key (and is cleared) or sees the new generation (and is refused)
        generation.incrementAndGet();
        changeCount.incrementAndGet();
        slots.clear();
        pages.clear();
    }

    /** @return how many rendered answers are held */
    public int size() {
        return (int) slots.values().stream().filter(s -> s instanceof Ready).count();
    }
}
