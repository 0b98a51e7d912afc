package dev.modelregistry.sync.run;

import dev.modelregistry.schemas.EventType;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.semantics.Derivation;
import dev.modelregistry.catalogs.adapters.AdapterResult;
import dev.modelregistry.sync.fetch.CatalogFetcher;
import dev.modelregistry.sync.fetch.FetchException;
import dev.modelregistry.sync.merge.SpecMerger;
import dev.modelregistry.sync.plan.SyncPlanner;
import dev.modelregistry.sync.publish.EventPublisher;
import dev.modelregistry.sync.publish.RegistryStateReader;
import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.sync.store.SyncStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync: load every configured source (a failed one falls back to its last good copy), merge
 * them with the last good copies of the sources not in this run, diff against the registry's
 * state, publish the events in one transaction, and report per source.
 */
public final class SyncRun {

    private static final Logger log = LoggerFactory.getLogger(SyncRun.class);

    /**
     * One source of this run.
     *
     * @param location where to read it: a file, a directory (presets) or an http(s) URL
     * @param keyVariable the environment variable whose value is sent as a bearer key, or null
     * @param asOf when the catalog itself was captured (a bundled snapshot's day), or null for
     *     "as fetched"
     */
    public record Source(SourceName name, String location, String keyVariable, Instant asOf) {
        /** A source with its usual key variable, read as of the fetch. */
        public Source(SourceName name, String location) {
            this(name, location, CatalogFetcher.apiKeyVariable(name.id()), null);
        }
    }

    /**
     * @param sources the sources to read this time
     * @param planner grace and tolerance
     * @param shrinkGuard share of its models a source may lose since its last good copy before it
     *     is treated as failed (0.75 = losing more than three quarters fails)
     * @param observedAt when the catalogs were observed; null means now
     * @param dryRun plan and report, but publish nothing and keep the store unchanged
     * @param stateTimeout how long to wait for the registry to catch up before diffing
     */
    public record Settings(List<Source> sources, SyncPlanner.Settings planner, double shrinkGuard, Instant observedAt,
                           boolean dryRun, Duration stateTimeout) {
    }

    /**
     * The counts of one source.
     *
     * @param status {@code ok}, {@code not-modified} or {@code failed}
     * @param retryAfter the wait a failed source asked for ({@code Retry-After}), or null
     */
    public record SourceReport(SourceName source, String status, String detail, int models, int added, int changed,
                               int deprecated, int unchanged, int unreadable, Duration retryAfter) {
        /** @return true if the source could not be read this time */
        public boolean failed() {
            return status.equals("failed");
        }
    }

    /** Everything a run did. */
    public record Report(List<SourceReport> sources, List<ModelEvent> events, Map<Integer, Long> offsets, int unchanged,
                         List<AdapterResult.Unreadable> unreadable, boolean dryRun, List<String> warnings) {
        /** @return true if at least one source failed */
        public boolean partialFailure() {
            return sources.stream().anyMatch(SourceReport::failed);
        }

        /** @return event counts by type */
        public Map<EventType, Long> counts() {
            return events.stream().collect(Collectors.groupingBy(ModelEvent::getType, () -> new EnumMap<>(EventType.class), Collectors.counting()));
        }
    }

    /** Where a sync reads the registry's current state from. */
    @FunctionalInterface
    public interface StateSource {
        /**
         * @return every model's current state by id
         * @throws IllegalStateException if the state cannot be read in time
         */
        Map<String, ModelState> read(Duration timeout) throws InterruptedException;
    }

    /** Where a sync's planned events go. */
    @FunctionalInterface
    public interface EventSink {
        /**
         * @return the highest offset written per partition; empty when nothing was written to a topic
         * @throws IllegalStateException if the events could not be written (then none of them were)
         */
        Map<Integer, Long> publish(List<ModelEvent> events);
    }

    private final Settings settings;
    private final SyncStore store;
    private final StateSource stateReader;
    private final EventSink publisher;
    private final CatalogFetcher fetcher;
    private final Map<String, String> environment;
    private final Clock clock;

    public SyncRun(Settings settings, SyncStore store, StateSource stateReader, EventSink publisher,
                   CatalogFetcher fetcher, Map<String, String> environment, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.stateReader = stateReader;
        this.publisher = publisher;
        this.fetcher = fetcher;
        this.environment = environment;
        this.clock = clock;
    }

    /**
     * Runs one sync against a Kafka cluster: the producer's store in {@code storeDir}, the
     * registry's state read through its application id, events published to its events topic.
     *
     * @throws IllegalStateException if the registry's state cannot be read or publishing fails
     */
    public static Report execute(Settings settings, java.nio.file.Path storeDir, Map<String, Object> clientSettings,
                                 dev.modelregistry.schemas.topics.RegistryTopics topics, String applicationId,
                                 dev.modelregistry.schemas.encoding.RegistrySerdes serdes, dev.modelregistry.sync.fetch.FetchSettings fetch,
                                 Map<String, String> environment) throws InterruptedException {
        return execute(settings, storeDir, clientSettings, topics, applicationId, serdes, fetch, environment, null);
    }

    /**
     * As {@link #execute(Settings, java.nio.file.Path, Map, dev.modelregistry.schemas.topics.RegistryTopics, String,
     * dev.modelregistry.schemas.encoding.RegistrySerdes, dev.modelregistry.sync.fetch.FetchSettings, Map)}, publishing
     * under {@code transactionalId} when it is not null (one writer per id: a newer one fences an older one).
     */
    public static Report execute(Settings settings, java.nio.file.Path storeDir, Map<String, Object> clientSettings,
                                 dev.modelregistry.schemas.topics.RegistryTopics topics, String applicationId,
                                 dev.modelregistry.schemas.encoding.RegistrySerdes serdes, dev.modelregistry.sync.fetch.FetchSettings fetch,
                                 Map<String, String> environment, String transactionalId) throws InterruptedException {
        EventPublisher publisher = new EventPublisher(clientSettings, topics.events(), serdes.events());
        EventSink sink = transactionalId == null ? publisher::publish : events -> publisher.publish(events, transactionalId);
        try (CatalogFetcher fetcher = new CatalogFetcher(fetch)) {
            return new SyncRun(settings, new SyncStore(storeDir, serdes.specs()),
                    new RegistryStateReader(clientSettings, topics, applicationId, serdes.states())::read,
                    sink, fetcher, environment, Clock.systemUTC()).run();
        }
    }

    /**
     * @throws IllegalStateException if the registry's state cannot be read or publishing fails
     *     (source failures do not throw: they are reported)
     */
    public Report run() throws InterruptedException {
        Instant observedAt = settings.observedAt() != null ? settings.observedAt() : clock.instant();
        SourceLoader loader = new SourceLoader(fetcher, environment);
        Map<SourceName, List<ModelSpec>> bySource = new EnumMap<>(SourceName.class);
        Map<SourceName, String[]> status = new EnumMap<>(SourceName.class);
        Map<SourceName, Duration> retryAfter = new EnumMap<>(SourceName.class);
        List<AdapterResult.Unreadable> unreadable = new ArrayList<>();
        Map<SourceName, Integer> unreadableBySource = new EnumMap<>(SourceName.class);
        Set<SourceName> failed = new HashSet<>();
        Map<Source, Optional<SyncStore.LastGood>> lastGoods = new LinkedHashMap<>();
        settings.sources().forEach(s -> lastGoods.put(s, store.lastGood(s.name())));
        Map<Source, Future<SourceLoader.Loaded>> loading = startLoading(loader, lastGoods);
        // Every source started at once; each gets the same bounded time from now, so one that
        // hangs fails on its own while the others are already read.
        long hardDeadline = System.nanoTime() + fetcher.settings().sourceDeadline().plus(LOAD_MARGIN).toNanos();
        try {
            for (Source source : settings.sources()) {
                SourceName name = source.name();
                var lastGood = lastGoods.get(source);
                try {
                    SourceLoader.Loaded loaded = await(loading.get(source), hardDeadline, source);
                    if (loaded.notModified() && lastGood.isPresent()) {
                        bySource.put(name, lastGood.get().specs());
                        status.put(name, new String[] {"not-modified", "unchanged since the last fetch (304); last good copy used"});
                        if (!settings.dryRun()) {
                            store.saveConfirmation(name, lastGood.get().confirmedAt(observedAt, loaded.etag(), loaded.lastModified()));
                        }
                        continue;
                    }
                    if (loaded.notModified()) {
                        throw new FetchException(name.id() + " answered 304 Not Modified but no last good copy is kept here", null);
                    }
                    List<ModelSpec> specs = loaded.result().specs();
                    keepDetailsNotFetched(loaded.result(), lastGood.orElse(null));
                    int before = lastGood.map(l -> l.specs().size()).orElse(0);
                    if (before > 0 && specs.size() < before * (1 - settings.shrinkGuard())) {
                        throw new FetchException(name.id() + " shrank from " + before + " to " + specs.size()
                                + " models, more than the shrink guard allows (" + Math.round(settings.shrinkGuard() * 100) + "%)", null);
                    }
                    bySource.put(name, specs);
                    unreadable.addAll(loaded.result().unreadable());
                    unreadableBySource.put(name, loaded.result().unreadable().size());
                    status.put(name, new String[] {"ok", describe(source.location())});
                    if (!settings.dryRun()) {
                        store.saveLastGood(name, new SyncStore.LastGood(specs, loaded.etag(), observedAt, loaded.lastModified(),
                                describe(source.location()), source.asOf() != null ? source.asOf() : observedAt));
                    }
                } catch (FetchException e) {
                    failed.add(name);
                    log.debug("source {} failed: {}", name.id(), e.getMessage()); // reported by the caller
                    status.put(name, new String[] {"failed", e.getMessage()});
                    e.retryAfter().ifPresent(d -> retryAfter.put(name, d));
                    lastGood.ifPresent(l -> bySource.put(name, l.specs()));
                }
            }
        } finally {
            loading.values().forEach(f -> f.cancel(true));
        }
        if (!status.isEmpty() && status.values().stream().allMatch(v -> v[0].equals("not-modified"))) {
            // Every source confirmed its last copy (304): the merge would be the last one again, so
            // there is nothing to plan, and a poll of unchanged catalogs costs no CPU to speak of.
            List<SourceReport> reports = new ArrayList<>();
            status.forEach((name, v) -> reports.add(new SourceReport(name, v[0], v[1], bySource.get(name).size(), 0, 0, 0,
                    bySource.get(name).size(), 0, null)));
            return new Report(reports, List.of(), new TreeMap<>(), 0, List.of(), settings.dryRun(), List.of());
        }
        for (SourceName name : SourceName.values()) {
            if (!bySource.containsKey(name) && !status.containsKey(name)) {
                store.lastGood(name).ifPresent(l -> bySource.put(name, l.specs()));
            }
        }
        Map<SourceName, List<ModelSpec>> ordered = new LinkedHashMap<>();
        for (SourceName name : SourceName.values()) {
            if (bySource.containsKey(name)) {
                ordered.put(name, bySource.get(name));
            }
        }
        // Derived after the merge, so every rule sees what all sources together say of a model.
        Map<String, ModelSpec> merged = Derivation.deriveAll(SpecMerger.merge(ordered));
        Map<String, ModelState> current = stateReader.read(settings.stateTimeout());
        Set<String> failedIds = failed.stream().map(SourceName::id).collect(Collectors.toSet());
        // Nor does a source this run knows nothing of (no copy here: a new syncing instance, say)
        // count as having dropped its models: silence is not absence.
        for (SourceName name : SourceName.values()) {
            if (!bySource.containsKey(name)) {
                failedIds.add(name.id());
            }
        }
        Map<String, ModelState> deprecatable = new HashMap<>(current);
        // A model a failed or unknown source listed is never deprecated by this run, last good copy or not.
        deprecatable.entrySet().removeIf(e -> !merged.containsKey(e.getKey())
                && e.getValue().getSpec().getProvenance().values().stream().anyMatch(failedIds::contains));
        String label = settings.sources().stream().map(s -> s.name().id()).distinct().collect(Collectors.joining(","));
        SyncPlanner.Plan plan = SyncPlanner.plan(deprecatable, merged, store.absences(), observedAt, label, settings.planner());
        Map<Integer, Long> offsets = new TreeMap<>();
        if (!settings.dryRun()) {
            offsets = publisher.publish(plan.events());
            store.saveAbsences(plan.absences());
        }
        return new Report(sourceReports(status, bySource, current, plan, unreadableBySource, retryAfter), plan.events(), offsets,
                plan.unchanged(), unreadable, settings.dryRun(), deprecatedDefaults(merged, observedAt));
    }

    /** Time past the fetch deadline before a source's load is abandoned (parsing a large catalog). */
    private static final Duration LOAD_MARGIN = Duration.ofSeconds(15);

    private Map<Source, Future<SourceLoader.Loaded>> startLoading(SourceLoader loader, Map<Source, Optional<SyncStore.LastGood>> lastGoods) {
        Map<Source, Future<SourceLoader.Loaded>> loading = new LinkedHashMap<>();
        if (lastGoods.isEmpty()) {
            return loading;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(lastGoods.size(), 8), r -> {
            Thread t = new Thread(r, "catalog-load");
            t.setDaemon(true);
            return t;
        });
        try {
            lastGoods.forEach((source, lastGood) -> loading.put(source, pool.submit(() -> loader.load(source,
                    lastGood.map(l -> new CatalogFetcher.Validators(l.etag(), l.lastModified())).orElse(null)))));
        } finally {
            pool.shutdown(); // the submitted loads run on; the threads end with them
        }
        return loading;
    }

    private static SourceLoader.Loaded await(Future<SourceLoader.Loaded> load, long hardDeadline, Source source)
            throws FetchException, InterruptedException {
        try {
            return load.get(Math.max(0, hardDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            load.cancel(true);
            throw new FetchException(source.name().id() + " was not read within its time limit; given up", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FetchException f) {
                throw f;
            }
            throw new FetchException(source.name().id() + " could not be read: " + cause, cause);
        }
    }

    /**
     * @return one line per provider default (presets' {@code default_model}) that a source now calls
     *     deprecated, whose deprecation date has passed, or that no catalog lists any more
     */
    static List<String> deprecatedDefaults(Map<String, ModelSpec> merged, Instant observedAt) {
        String today = observedAt.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
        List<String> out = new ArrayList<>();
        for (ModelSpec s : merged.values()) {
            if (!"true".equals(s.getExtras().get(dev.modelregistry.catalogs.adapters.PresetsAdapter.PROVIDER_DEFAULT))) {
                continue;
            }
            var life = s.getLifecycle();
            String problem = life.getStatus() != dev.modelregistry.schemas.LifecycleStatus.ACTIVE
                    ? "is " + life.getStatus().name().toLowerCase(java.util.Locale.ROOT) + " according to its sources"
                    : life.getDeprecationDate() != null && life.getDeprecationDate().compareTo(today) <= 0
                    ? "was deprecated on " + life.getDeprecationDate()
                    : s.getProvenance().values().stream().allMatch(v -> v.equals("presets") || v.startsWith("derived:"))
                    ? "is listed by no catalog, only by the presets" : null;
            if (problem != null) {
                out.add("the default model of provider " + s.getProvider() + ", " + s.getId() + ", " + problem
                        + "; choose another default in presets/");
            }
        }
        return out;
    }

    /**
     * A model whose per-model details could not be fetched this time (Ollama's {@code /api/show})
     * keeps the details of its last good copy, so a flaky details call is not a change.
     */
    private static void keepDetailsNotFetched(AdapterResult result, SyncStore.LastGood lastGood) {
        if (lastGood == null) {
            return;
        }
        Set<String> missing = new HashSet<>();
        result.unreadable().stream().filter(u -> u.field().equals("/api/show")).forEach(u -> missing.add(u.modelId()));
        if (missing.isEmpty()) {
            return;
        }
        Map<String, ModelSpec> before = new HashMap<>();
        lastGood.specs().forEach(s -> before.put(s.getId(), s));
        for (ModelSpec spec : result.specs()) {
            ModelSpec old = before.get(spec.getId());
            if (missing.contains(spec.getId()) && old != null) {
                spec.setLimits(dev.modelregistry.schemas.Limits.newBuilder(old.getLimits()).build());
                spec.setCapabilities(new LinkedHashMap<>(old.getCapabilities()));
                spec.setModelType(old.getModelType());
            }
        }
    }

    /** A location fit for logs and reports: URLs lose their query string, where keys travel. */
    private static String describe(String location) {
        return location.startsWith("http://") || location.startsWith("https://")
                ? CatalogFetcher.redact(java.net.URI.create(location)) : location;
    }

    private List<SourceReport> sourceReports(Map<SourceName, String[]> status, Map<SourceName, List<ModelSpec>> bySource,
                                             Map<String, ModelState> current, SyncPlanner.Plan plan, Map<SourceName, Integer> unreadable,
                                             Map<SourceName, Duration> retryAfter) {
        Map<String, ModelEvent> eventById = new HashMap<>();
        plan.events().forEach(e -> eventById.put(e.getModelId(), e));
        List<SourceReport> reports = new ArrayList<>();
        for (Map.Entry<SourceName, String[]> s : status.entrySet()) {
            SourceName name = s.getKey();
            List<ModelSpec> specs = bySource.getOrDefault(name, List.of());
            int added = 0;
            int changed = 0;
            int deprecated = 0;
            int unchanged = 0;
            Set<String> listed = new HashSet<>();
            for (ModelSpec spec : specs) {
                listed.add(spec.getId());
                ModelEvent e = eventById.get(spec.getId());
                if (e == null) {
                    unchanged++;
                } else if (e.getType() == EventType.MODEL_ADDED) {
                    added++;
                } else if (e.getType() == EventType.MODEL_DEPRECATED) {
                    deprecated++;
                } else {
                    changed++;
                }
            }
            for (ModelEvent e : plan.events()) {
                ModelState before = current.get(e.getModelId());
                if (e.getType() == EventType.MODEL_DEPRECATED && !listed.contains(e.getModelId()) && before != null
                        && before.getSpec().getProvenance().containsValue(name.id())) {
                    deprecated++;
                }
            }
            reports.add(new SourceReport(name, s.getValue()[0], s.getValue()[1], specs.size(), added, changed, deprecated, unchanged,
                    unreadable.getOrDefault(name, 0), retryAfter.get(name)));
        }
        return reports;
    }
}
