package dev.modelregistry.app.sync;

import dev.modelregistry.app.config.Durations;
import dev.modelregistry.app.config.RegistryConfig;
import dev.modelregistry.app.config.SourcesConfig;
import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.catalogs.source.SourceStatus;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.sync.poll.PollSchedule;
import dev.modelregistry.sync.poll.PolledSource;
import dev.modelregistry.sync.poll.SourceStatusBoard;
import dev.modelregistry.sync.poll.SourceStatusTopic;
import dev.modelregistry.sync.poll.SyncLeadership;
import dev.modelregistry.sync.poll.SyncPoller;
import dev.modelregistry.sync.store.SyncStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The live side of {@code up} and {@code serve}: every instance shows the sources' freshness
 * (the status board), and the instances that may poll compete for the one polling role.
 */
public final class LiveSources implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LiveSources.class);

    private final RegistryConfig config;
    private final List<PolledSource> sources;
    private final SyncStore store;
    private final String bundledRoot;
    private final SourceStatusBoard board;
    private SyncLeadership leadership;
    private SyncPoller poller;

    private LiveSources(RegistryConfig config, List<PolledSource> sources, SyncStore store, String bundledRoot, SourceStatusBoard board) {
        this.config = config;
        this.sources = sources;
        this.store = store;
        this.bundledRoot = bundledRoot;
        this.board = board;
    }

    /**
     * Creates the status topic if needed (a refusal is logged, not fatal) and starts reading it.
     *
     * @param bundledPresets the presets directory polled by default, or null
     */
    public static LiveSources open(RegistryConfig config, Path bundledPresets, Map<String, String> environment, RegistrySerdes serdes) {
        String topic = config.getString(RegistryConfig.TOPIC_SOURCES);
        try {
            SourceStatusTopic.ensure(config.kafkaClientSettings(), topic, config.getShort(RegistryConfig.TOPIC_REPLICATION_FACTOR),
                    Duration.ofSeconds(30));
        } catch (IllegalStateException e) {
            // An instance that may not create topics still serves; it shows each source from its
            // own configuration until the topic exists (topics create makes it).
            log.warn("source statuses are not shared yet: {}", e.getMessage());
        }
        SourceStatusBoard board = new SourceStatusBoard(config.kafkaClientSettings(), topic);
        board.start();
        return new LiveSources(config, SourcesConfig.sources(config, bundledPresets, environment),
                new SyncStore(config.syncStoreDir(), serdes.specs()), BundledCatalogs.root(config.dataDir()).toString(), board);
    }

    /** @return the configured sources, in precedence order */
    public List<PolledSource> sources() {
        return sources;
    }

    /**
     * @return each configured source's latest status: what the polling instance published, else
     *     what this instance knows from its configuration and its own last good copies
     */
    public List<SourceStatus> statuses() {
        Cached c = cached;
        long now = System.nanoTime();
        if (c != null && now - c.at() < STATUS_CACHE_NANOS) {
            return c.statuses();
        }
        List<SourceStatus> fresh = readStatuses();
        cached = new Cached(now, fresh);
        return fresh;
    }

    /** A scrape reads every gauge of every source; one read of the board and the store serves them all. */
    private record Cached(long at, List<SourceStatus> statuses) {
    }

    private static final long STATUS_CACHE_NANOS = 200_000_000L;
    private volatile Cached cached;

    private List<SourceStatus> readStatuses() {
        Map<String, SourceStatus> published = board.snapshot();
        List<SourceStatus> out = new ArrayList<>();
        for (PolledSource s : sources) {
            SourceStatus p = published.get(s.name().id());
            out.add(p != null ? p : local(s));
        }
        return out;
    }

    private SourceStatus local(PolledSource s) {
        Optional<SyncStore.CopyInfo> copy = store.copyInfo(s.name());
        String kind = copy.map(c -> c.kind(bundledRoot)).orElse("none");
        return new SourceStatus(s.name().id(), s.polled() ? s.displayLocation() : null, s.polled() ? s.interval() : null,
                s.notPolledBecause(), kind, copy.map(SyncStore.CopyInfo::asOf).orElse(null), null, null, null, null, 0,
                copy.map(SyncStore.CopyInfo::models).orElse(-1), 0, 0, 0, null, null);
    }

    /**
     * Joins the competition for the polling role and polls while holding it.
     *
     * @param out where a line goes when a source fails (once until it recovers), recovers, or
     *     changes the registry
     */
    public void startPolling(Map<String, String> environment, RegistrySerdes serdes, PrintWriter out) {
        SyncPoller.Listener listener = (source, before, after) -> {
            String line = describe(source, before, after);
            if (line != null) {
                out.println(line);
                out.flush();
            }
        };
        String appId = config.getString(RegistryConfig.APPLICATION_ID);
        String topic = config.getString(RegistryConfig.TOPIC_SOURCES);
        leadership = new SyncLeadership(config.kafkaClientSettings(), topic, appId + "-sync-leader",
                Duration.ofMillis(config.getLong(RegistryConfig.SYNC_LEADER_SESSION_TIMEOUT_MS)));
        PollSchedule.Settings schedule = new PollSchedule.Settings(config.getDouble(RegistryConfig.SYNC_JITTER),
                Durations.parse(config.getString(RegistryConfig.SYNC_RETRY_INITIAL)));
        String transactionalId = appId + "-sync-poller";
        poller = new SyncPoller(new SyncPoller.Settings(sources, schedule, config.applicationServer(), bundledRoot, topic),
                due -> SyncJob.run(config, due, null, null, false, serdes, environment, transactionalId),
                store, leadership::isLeader, board, config.kafkaClientSettings(), listener, Clock.systemUTC(),
                () -> ThreadLocalRandom.current().nextDouble());
        leadership.start();
        poller.start();
    }

    /** Prints one line per source: what the registry holds of it and how it is polled. */
    public void printBanner(PrintWriter out, boolean polling) {
        Instant now = Instant.now();
        for (SourceStatus s : statuses()) {
            PolledSource p = sources.stream().filter(x -> x.name().id().equals(s.source())).findFirst().orElseThrow();
            String held = switch (s.copy() == null ? "none" : s.copy()) {
                case "none" -> "no copy yet";
                case "bundled" -> "bundled copy" + (p.name() == SourceName.PRESETS ? "" : " of " + day(s.catalogAsOf()))
                        + " (" + s.models() + " models)";
                default -> s.copy() + " copy of " + day(s.catalogAsOf()) + " (" + s.models() + " models)";
            };
            String how = !p.polled() ? "not polled: " + p.notPolledBecause()
                    : polling ? "polls " + p.displayLocation() + " every " + human(p.interval())
                    : "not polled here (polling is off)";
            out.printf("  source %-10s %s; %s%n", s.source(), held, how);
        }
        out.flush();
    }

    /** @return a short line for a published status worth telling a person about, or null */
    public static String describe(PolledSource source, SourceStatus before, SourceStatus after) {
        boolean failedNow = "failed".equals(after.outcome());
        boolean failedBefore = before != null && "failed".equals(before.outcome());
        int events = after.added() + after.changed() + after.deprecated();
        if (failedNow && !failedBefore) {
            // an instance that never read the source (serve has no bundled copies) holds none: say so, not "its none copy"
            String holding = "none".equals(after.copy()) || after.copy() == null
                    ? "no copy of it yet (its models stay as they are)"
                    : "using its " + after.copy() + " copy" + (after.catalogAsOf() == null ? "" : " of " + day(after.catalogAsOf()));
            return "source " + after.source() + ": " + after.lastError() + "; " + holding + " and trying again at "
                    + time(after.nextPoll()) + " (said once until it recovers)";
        }
        if (!failedNow && after.outcome() != null && failedBefore) {
            return "source " + after.source() + ": reachable again after " + before.consecutiveFailures() + " failed poll(s)";
        }
        if (!failedNow && events > 0) {
            return "source " + after.source() + ": " + after.added() + " added, " + after.changed() + " changed, "
                    + after.deprecated() + " deprecated (" + after.models() + " models)";
        }
        return null;
    }

    private static String day(Instant i) {
        return i == null ? "unknown date" : i.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static String time(Instant i) {
        return i == null ? "?" : i.atOffset(ZoneOffset.UTC).toLocalTime().withNano(0) + "Z";
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3_600 == 0 ? s / 3_600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.close();
        }
        if (leadership != null) {
            leadership.close();
        }
        board.close();
    }
}
