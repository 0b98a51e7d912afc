package dev.modelregistry.sync.poll;

import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.catalogs.source.SourceStatus;
import dev.modelregistry.schemas.topics.CloudEvents;
import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.sync.store.SyncStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry current while this instance leads: syncs each source when it is due (the
 * sources due together are fetched in parallel in one sync, the others merged from their last
 * good copies), schedules the next poll by {@link PollSchedule}, and publishes every source's
 * status to the status topic. A follower only waits; on taking over it resumes the schedule the
 * last leader published.
 */
public final class SyncPoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyncPoller.class);
    private static final Duration IDLE = Duration.ofMillis(500);

    /** Runs one sync of the given sources; the shell decides where events go. */
    @FunctionalInterface
    public interface Runner {
        /**
         * @throws IllegalStateException if the registry's state cannot be read or the events not published
         */
        SyncRun.Report run(List<SyncRun.Source> sources) throws InterruptedException;
    }

    /** Told of every status this poller publishes, with the one before it (null at first). */
    @FunctionalInterface
    public interface Listener {
        void published(PolledSource source, SourceStatus before, SourceStatus after);
    }

    /**
     * @param sources every configured source, polled or not
     * @param schedule jitter and first retry wait
     * @param instance this instance's {@code host:port}, shown as {@code polled_by}
     * @param bundledRoot path prefix of the bundled copies (their origin), or null
     */
    public record Settings(List<PolledSource> sources, PollSchedule.Settings schedule, String instance, String bundledRoot,
                           String statusTopic) {
    }

    private final Settings settings;
    private final Runner runner;
    private final SyncStore store;
    private final BooleanSupplier leader;
    private final SourceStatusBoard board;
    private final KafkaProducer<String, byte[]> statuses;
    private final Listener listener;
    private final Clock clock;
    private final DoubleSupplier random;
    private final Map<SourceName, SourceStatus> published = new EnumMap<>(SourceName.class);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private PollSchedule schedule;

    public SyncPoller(Settings settings, Runner runner, SyncStore store, BooleanSupplier leader, SourceStatusBoard board,
                      Map<String, Object> clientSettings, Listener listener, Clock clock, DoubleSupplier random) {
        this.settings = settings;
        this.runner = runner;
        this.store = store;
        this.leader = leader;
        this.board = board;
        Map<String, Object> p = new HashMap<>(clientSettings);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.statuses = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.listener = listener;
        this.clock = clock;
        this.random = random;
        this.thread = new Thread(this::loop, "catalog-poller");
        this.thread.setDaemon(true);
    }

    /** Starts the poll loop; it polls only while {@code leader} says so. */
    public void start() {
        thread.start();
    }

    private void loop() {
        boolean leading = false;
        while (running.get()) {
            try {
                if (!leader.getAsBoolean()) {
                    if (leading) {
                        log.info("stopped polling: another instance syncs now");
                    }
                    leading = false;
                    sleep(IDLE);
                    continue;
                }
                if (!leading) {
                    takeOver();
                    leading = true;
                }
                Instant now = clock.instant();
                List<SourceName> due = schedule.due(now);
                if (due.isEmpty()) {
                    Instant earliest = schedule.earliest();
                    sleep(earliest == null ? IDLE : min(Duration.between(now, earliest), IDLE));
                    continue;
                }
                poll(due, now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("the catalog poller hit an unexpected error; it goes on: {}", e.toString(), e);
                try {
                    sleep(Duration.ofSeconds(1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Resumes the last leader's schedule, except for sources this instance holds no copy of. */
    private void takeOver() throws InterruptedException {
        schedule = new PollSchedule(settings.sources(), settings.schedule(), random);
        if (!board.awaitCaughtUp(Duration.ofSeconds(30))) {
            log.warn("the source statuses were not read within 30 s; polling every source now, without the last poller's schedule");
        }
        Map<String, SourceStatus> known = board.snapshot();
        for (PolledSource s : settings.sources()) {
            SourceStatus last = known.get(s.name().id());
            boolean haveCopy = store.copyInfo(s.name()).isPresent();
            // resumed only for the same URL and with a copy here: otherwise poll it now
            if (s.polled() && last != null && haveCopy && s.displayLocation().equals(last.url())) {
                schedule.resume(s.name(), last.nextPoll(), last.consecutiveFailures());
            }
            publish(s, statusOf(s, last, null, null));
        }
        Instant earliest = schedule.earliest();
        log.info("polling {} catalog source(s); next poll {}", settings.sources().stream().filter(PolledSource::polled).count(),
                earliest == null || !earliest.isAfter(clock.instant()) ? "now" : "at " + earliest);
    }

    private void poll(List<SourceName> due, Instant attemptAt) throws InterruptedException {
        List<SyncRun.Source> run = new ArrayList<>();
        Map<SourceName, PolledSource> byName = new EnumMap<>(SourceName.class);
        settings.sources().forEach(s -> byName.put(s.name(), s));
        due.forEach(n -> run.add(byName.get(n).toRunSource()));
        log.info("polling {}", due);
        Map<SourceName, SyncRun.SourceReport> reports = new EnumMap<>(SourceName.class);
        String runFailure = null;
        try {
            for (SyncRun.SourceReport r : runner.run(run).sources()) {
                reports.put(r.source(), r);
            }
        } catch (RuntimeException e) {
            // the registry unreachable, a store that cannot be written...: every due source is
            // scheduled as failed, so the retry backs off instead of spinning
            runFailure = "the sync could not finish: " + e.getMessage();
            log.warn("{}", runFailure);
        }
        Instant end = clock.instant();
        for (SourceName name : due) {
            SyncRun.SourceReport r = reports.get(name);
            boolean ok = r != null && !r.failed();
            if (ok) {
                schedule.succeeded(name, end);
            } else {
                schedule.failed(name, end, r == null ? null : r.retryAfter());
            }
            if (!leader.getAsBoolean()) {
                return; // deposed mid-way: the new leader publishes from now on
            }
            String error = r == null ? (runFailure != null ? runFailure : "no report for the source") : r.failed() ? r.detail() : null;
            publish(byName.get(name), statusOf(byName.get(name), published.get(name), attemptAt, new Outcome(r, ok, error, end)));
        }
    }

    private record Outcome(SyncRun.SourceReport report, boolean ok, String error, Instant end) {
    }

    private SourceStatus statusOf(PolledSource s, SourceStatus last, Instant attemptAt, Outcome outcome) {
        Optional<SyncStore.CopyInfo> copy = store.copyInfo(s.name());
        String kind = copy.map(c -> c.kind(settings.bundledRoot())).orElse("none");
        Instant asOf = copy.map(SyncStore.CopyInfo::asOf).orElse(null);
        int models = copy.map(SyncStore.CopyInfo::models).orElse(-1);
        Instant lastAttempt = last == null ? null : last.lastAttempt();
        Instant lastSuccess = last == null ? null : last.lastSuccess();
        String result = last == null ? null : last.outcome();
        String error = last == null ? null : last.lastError();
        int added = last == null ? 0 : last.added();
        int changed = last == null ? 0 : last.changed();
        int deprecated = last == null ? 0 : last.deprecated();
        if (outcome != null) {
            lastAttempt = attemptAt;
            SyncRun.SourceReport r = outcome.report();
            result = r == null ? "failed" : r.status();
            error = outcome.error();
            added = r == null || r.failed() ? 0 : r.added();
            changed = r == null || r.failed() ? 0 : r.changed();
            deprecated = r == null || r.failed() ? 0 : r.deprecated();
            if (outcome.ok()) {
                lastSuccess = outcome.end();
            }
        }
        return new SourceStatus(s.name().id(), s.polled() ? s.displayLocation() : null, s.polled() ? s.interval() : null,
                s.notPolledBecause(), kind, asOf, lastAttempt, lastSuccess, result, error,
                s.polled() ? schedule.failures(s.name()) : 0, models, added, changed, deprecated,
                s.polled() ? nextPollShown(s.name()) : null, settings.instance());
    }

    /** A source due at once shows "now", not the schedule's "since ever". */
    private Instant nextPollShown(SourceName name) {
        Instant next = schedule.nextPoll(name);
        Instant now = clock.instant();
        return next == null || next.isAfter(now) ? next : now;
    }

    private void publish(PolledSource source, SourceStatus status) {
        SourceStatus before = published.put(source.name(), status);
        boolean failedBefore = before != null && "failed".equals(before.outcome());
        if ("failed".equals(status.outcome()) && !failedBefore) {
            log.warn("source {} failed: {}; its last good copy is kept; next poll at {}", status.source(), status.lastError(), status.nextPoll());
        } else if ("failed".equals(status.outcome())) {
            log.debug("source {} failed again ({} in a row): {}", status.source(), status.consecutiveFailures(), status.lastError());
        } else if (failedBefore && status.outcome() != null) {
            log.info("source {} recovered after {} failed poll(s)", status.source(), before.consecutiveFailures());
        }
        board.accept(status);
        try {
            Instant at = Instant.now();
            statuses.send(new ProducerRecord<>(settings.statusTopic(), null, status.source(), status.encode(), CloudEvents.of(
                    status.source() + "@" + at.toEpochMilli(), "dev.modelregistry.source.status.v1", "/model-registry/poller", at,
                    status.source(), "application/json"))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("could not publish the status of {}: {}", status.source(), e.toString());
        }
        try {
            listener.published(source, before, status);
        } catch (RuntimeException e) {
            log.warn("a source status listener failed: {}", e.toString());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? (a.isNegative() ? Duration.ZERO : a) : b;
    }

    private void sleep(Duration d) throws InterruptedException {
        if (!d.isZero()) {
            Thread.sleep(d.toMillis());
        }
    }

    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        statuses.close(Duration.ofSeconds(5));
    }
}
