package dev.modelregistry.api.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers rendered once and served from memory until the fold changes what they show: per model,
 * each view of it asked for (now, a version, as of an instant, a history page), dropped when the
 * model changes; and the pages of list queries, dropped when any model changes. Fed by the readers
 * that miss it, emptied by the fold's signals.
 *
 * <p>Correct under concurrent writes: a reader offers what it read together with the store
 * position it read at and the cache generation it started in. The fold marks each changed model
 * with the offset of the event that changed it, in the same per-key atomic step that replaces
 * the model's views, so an answer read before that change (at a lower position) is refused, and
 * anything offered across a {@link #reset} (partitions moved or restored) is refused too.
 *
 * <p>Bounded: past {@link #MAX_VIEW_BYTES} of model views or {@link #MAX_PAGE_BYTES} of list
 * pages offered since the last clear, that part is cleared and refilled by the reads still asked
 * (bytes of answers already dropped by changes still count until then: a cheap, safe bound).
 */
public final class AnswerCache {

    /** Bytes of model views offered before they are all dropped. */
    public static final long MAX_VIEW_BYTES = 48L << 20;
    /** Bytes of list pages offered before they are all dropped. */
    public static final long MAX_PAGE_BYTES = 16L << 20;
    /** Views kept per model; one more starts the model's views afresh. */
    static final int MAX_VIEWS_PER_MODEL = 32;

    /** The view of a model's current state. */
    public static final String CURRENT = "";

    /** What the cache holds for one model id. */
    private sealed interface Slot permits Views, Changed {
    }

    /**
     * Rendered views of one model, all valid now.
     *
     * @param changedAt offset of the model's last change seen (-1: none), below which no read is current
     */
    private record Views(Map<String, RenderedAnswer> answers, int partition, long changedAt) implements Slot {
    }

    /** The model changed at {@code offset}; no answer read below it may be cached. */
    private record Changed(int partition, long offset) implements Slot {
    }

    /** A rendered list page and the change count it was read at. */
    private record Page(long changeCount, RenderedAnswer answer) {
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Page> pages = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong changeCount = new AtomicLong();
    private final AtomicLong viewBytes = new AtomicLong();
    private final AtomicLong pageBytes = new AtomicLong();

    /** @return the cached view of a canonical model id, or null */
    public RenderedAnswer get(String modelId, String view) {
        return slots.get(modelId) instanceof Views v ? v.answers().get(view) : null;
    }

    /** @return the generation to pass to {@link #offer}; take it before reading the store */
    public long generation() {
        return generation.get();
    }

    /**
     * Caches a view of a model unless the model changed since it was read or the cache was reset
     * since {@code generation}.
     *
     * @param generation {@link #generation()} taken before the store was read
     * @param view names what was read, e.g. {@link #CURRENT}; equal names must mean equal answers
     * @param partition the events-topic partition of the model
     * @param readAt the store's position (events-topic offset) in that partition when it answered
     * @return true if the answer is now cached
     */
    public boolean offer(long generation, String modelId, String view, int partition, long readAt, RenderedAnswer answer) {
        if (viewBytes.addAndGet(answer.json().length) > MAX_VIEW_BYTES) {
            dropViews();
            return false;
        }
        boolean[] kept = {false};
        slots.compute(modelId, (id, slot) -> {
            if (this.generation.get() != generation) {
                return slot;
            }
            if (slot == null) {
                kept[0] = true;
                return new Views(Map.of(view, answer), partition, -1);
            }
            if (slot instanceof Changed c) {
                if (c.partition() != partition || c.offset() > readAt) {
                    return slot;
                }
                kept[0] = true;
                return new Views(Map.of(view, answer), partition, c.offset());
            }
            Views v = (Views) slot;
            if (v.partition() != partition || v.changedAt() > readAt) {
                return slot;
            }
            Map<String, RenderedAnswer> answers = v.answers().size() >= MAX_VIEWS_PER_MODEL ? new HashMap<>() : new HashMap<>(v.answers());
            answers.put(view, answer);
            kept[0] = true;
            return new Views(Map.copyOf(answers), partition, v.changedAt());
        });
        return kept[0];
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
        if (pageBytes.addAndGet(answer.json().length) > MAX_PAGE_BYTES) {
            pages.clear();
            pageBytes.set(0);
            return;
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
        viewBytes.set(0);
        pageBytes.set(0);
    }

    /** Drops every view but keeps what the fold said changed, so a stale read is still refused. */
    private void dropViews() {
        slots.replaceAll((id, slot) -> slot instanceof Views v ? new Changed(v.partition(), v.changedAt()) : slot);
        viewBytes.set(0);
    }

    /** @return how many rendered model views are held */
    public int size() {
        return slots.values().stream().mapToInt(s -> s instanceof Views v ? v.answers().size() : 0).sum();
    }
}
