package dev.modelregistry.sync.poll;

import dev.modelregistry.catalogs.source.SourceName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * When each polled source is due: its interval after a success, and after a failure a wait that
 * starts at {@code retryInitial} and doubles per consecutive failure up to the interval, never
 * shorter than the {@code Retry-After} the source asked for. Every wait is spread by
 * {@code ±jitter} so many registries do not poll a source in step. Pure: time and randomness
 * come from the caller. Not thread-safe.
 */
public final class PollSchedule {

    /**
     * @param jitter relative spread of each wait, 0 to 0.5 (0.1: ±10%)
     * @param retryInitial wait after a first failure; positive
     */
    public record Settings(double jitter, Duration retryInitial) {
        public Settings {
            if (jitter < 0 || jitter > 0.5) {
                throw new IllegalArgumentException("jitter must be between 0 and 0.5, got " + jitter);
            }
            if (retryInitial.isNegative() || retryInitial.isZero()) {
                throw new IllegalArgumentException("the first retry wait must be positive, got " + retryInitial);
            }
        }
    }

    private record Entry(Duration interval, Instant nextPoll, int failures) {
    }

    private final Settings settings;
    private final DoubleSupplier random;
    private final Map<SourceName, Entry> entries = new EnumMap<>(SourceName.class);

    /**
     * @param sources the polled sources; all are due at once until {@link #resume} says otherwise
     * @param random uniform values in [0, 1)
     */
    public PollSchedule(List<PolledSource> sources, Settings settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
        for (PolledSource s : sources) {
            if (s.polled()) {
                entries.put(s.name(), new Entry(s.interval(), Instant.MIN, 0));
            }
        }
    }

    /** Continues where an earlier poller left off: the next poll and the failures so far. */
    public void resume(SourceName source, Instant nextPoll, int failures) {
        Entry e = entries.get(source);
        if (e != null && nextPoll != null) {
            entries.put(source, new Entry(e.interval(), nextPoll, Math.max(0, failures)));
        }
    }

    /** @return the sources due at {@code now}, in precedence order */
    public List<SourceName> due(Instant now) {
        List<SourceName> due = new ArrayList<>();
        entries.forEach((name, e) -> {
            if (!e.nextPoll().isAfter(now)) {
                due.add(name);
            }
        });
        return due;
    }

    /** @return the earliest next poll, or null when nothing is polled */
    public Instant earliest() {
        return entries.values().stream().map(Entry::nextPoll).min(Instant::compareTo).orElse(null);
    }

    /** @return when {@code source} is next due, or null when it is not polled */
    public Instant nextPoll(SourceName source) {
        Entry e = entries.get(source);
        return e == null ? null : e.nextPoll();
    }

    /** @return consecutive failures of {@code source} */
    public int failures(SourceName source) {
        Entry e = entries.get(source);
        return e == null ? 0 : e.failures();
    }

    /** Records a poll that read the source; @return its next poll */
    public Instant succeeded(SourceName source, Instant now) {
        Entry e = entries.get(source);
        Instant next = now.plus(jittered(e.interval()));
        entries.put(source, new Entry(e.interval(), next, 0));
        return next;
    }

    /**
     * Records a failed poll.
     *
     * @param retryAfter the wait the source asked for, or null
     * @return its next poll
     */
    public Instant failed(SourceName source, Instant now, Duration retryAfter) {
        Entry e = entries.get(source);
        int failures = e.failures() + 1;
        Duration wait = settings.retryInitial().multipliedBy(1L << Math.min(failures - 1, 30));
        if (wait.compareTo(e.interval()) > 0) {
            wait = e.interval();
        }
        wait = jittered(wait);
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        Instant next = now.plus(wait);
        entries.put(source, new Entry(e.interval(), next, failures));
        return next;
    }

    private Duration jittered(Duration d) {
        double factor = 1 + settings.jitter() * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
    }
}
