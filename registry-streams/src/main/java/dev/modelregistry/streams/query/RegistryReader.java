package dev.modelregistry.streams.query;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.history.ModelHistories;
import dev.modelregistry.streams.topology.RegistryTopology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Reads the registry's stores on this instance through Interactive Queries (IQv2). Each answer
 * carries the store {@link Position} it reflects.
 *
 * <p>Per-key reads go to the key's partition. If that partition is not hosted here they throw
 * {@link NotLocalException} naming the host that has it; the HTTP layer forwards there.
 * {@code minPosition}, when given, makes a read fail with {@link NotCaughtUpException}
 * until the store has caught up to it (the caller waits and retries).
 */
public final class RegistryReader {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final RegistrySerdes serdes;
    private final boolean standbyReads;

    /**
     * @param streams the running client
     * @param self this instance's application.server, or null when it has none (single instance)
     * @param serdes decode what the stores hold
     */
    public RegistryReader(KafkaStreams streams, HostInfo self, RegistrySerdes serdes) {
        this(streams, self, serdes, false);
    }

    private RegistryReader(KafkaStreams streams, HostInfo self, RegistrySerdes serdes, boolean standbyReads) {
        this.streams = streams;
        this.self = self;
        this.serdes = serdes;
        this.standbyReads = standbyReads;
    }

    /**
     * @return a reader that also answers from this instance's standby copies, for when the
     *     active owner of a key does not answer (the answer may lag the active copy)
     */
    public RegistryReader allowingStandby() {
        return new RegistryReader(streams, self, serdes, true);
    }

    /** Where a key lives. */
    public record Location(int partition, HostInfo active, Set<HostInfo> standbys, boolean local) {
    }

    /** @return where {@code modelId}'s partition is hosted */
    public Location locate(String modelId) {
        KeyQueryMetadata meta = streams.queryMetadataForKey(RegistryTopology.LATEST_STORE, modelId, Serdes.String().serializer());
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE) || meta.partition() < 0) {
            throw new StoreUnavailableException("the registry is not ready to locate '" + modelId + "' (state " + streams.state() + ")");
        }
        boolean local = self == null || self.equals(meta.activeHost());
        return new Location(meta.partition(), meta.activeHost(), meta.standbyHosts(), local);
    }

    /** @return the model's current state (null value if unknown) */
    public Answer<ModelState> current(String modelId, Position minPosition) {
        Answer<byte[]> bytes = keyQuery(RegistryTopology.LATEST_STORE, modelId, KeyQuery.<String, byte[]>withKey(modelId), minPosition);
        return new Answer<>(serdes.states().decode(bytes.value()), bytes.position());
    }

    /**
     * The state valid at {@code instant}: the last version recorded at or before it. Versions'
     * validity starts strictly increase with the version, so the current state answers when it
     * is old enough (the usual case: one point read), and older versions are found by binary
     * search over the history keys, decoding about log2(versions) of them.
     *
     * @return the state valid at {@code instant} (null value if the model did not exist then)
     */
    public Answer<ModelState> asOf(String modelId, Instant instant, Position minPosition) {
        Answer<ModelState> current = current(modelId, minPosition);
        ModelState now = current.value();
        if (now == null || !now.getUpdatedAt().isAfter(instant)) {
            return current;
        }
        // invariant: version lo is valid at instant (0: none is), version hi is recorded after it
        long lo = 0;
        long hi = now.getVersion();
        ModelChange found = null;
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            ModelChange probe = version(modelId, mid, null).value();
            if (probe == null) {
                throw new IllegalStateException("history of " + modelId + " has no version " + mid + " below its current " + now.getVersion());
            }
            if (probe.getRecordedAt().isAfter(instant)) {
                hi = mid;
            } else {
                lo = mid;
                found = probe;
            }
        }
        // Later writes only add versions valid after every earlier one, so the first read's
        // position is one the answer reflects.
        return new Answer<>(found == null ? null : ModelHistories.stateOf(found), current.position());
    }

    /** @return one version's change record (null value if there is no such version) */
    public Answer<ModelChange> version(String modelId, long version, Position minPosition) {
        String key = RegistryTopology.historyKey(modelId, version);
        Answer<byte[]> bytes = keyQuery(RegistryTopology.HISTORY_STORE, key, KeyQuery.<String, byte[]>withKey(key), modelId, minPosition);
        return new Answer<>(serdes.changes().decode(bytes.value()), bytes.position());
    }

    /**
     * @param fromVersion first version to return (1 for all)
     * @param limit most versions to return
     * @return up to {@code limit} versions from {@code fromVersion}, oldest first; only those are decoded
     */
    public Answer<List<ModelChange>> history(String modelId, long fromVersion, int limit, Position minPosition) {
        RangeQuery<String, byte[]> query = RangeQuery.withRange(
                RegistryTopology.historyKey(modelId, Math.max(1, fromVersion)), RegistryTopology.historyKey(modelId, Long.MAX_VALUE));
        Location where = requireLocal(modelId);
        QueryResult<KeyValueIterator<String, byte[]>> result = run(RegistryTopology.HISTORY_STORE, query, Set.of(where.partition()), minPosition)
                .getPartitionResults().get(where.partition());
        check(result, RegistryTopology.HISTORY_STORE);
        List<ModelChange> changes = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = result.getResult()) {
            while (it.hasNext() && changes.size() < limit) {
                changes.add(serdes.changes().decode(it.next().value));
            }
        }
        return new Answer<>(changes, result.getPosition());
    }

    /** A full scan and the progress position it was taken at. */
    private record Scan(Position progress, Answer<List<ModelState>> answer) {
    }

    private volatile Scan lastScan;

    /**
     * @return the current state of every model in this instance's active partitions. The decoded
     *     scan is reused while no event has been processed since (the progress position of every
     *     local partition is unchanged), so repeated list queries do not decode every model again.
     */
    public Answer<List<ModelState>> allLocal(Position minPosition) {
        if (minPosition != null) {
            awaitedPositionReached(null, minPosition);
        }
        Position progress = progress();
        Scan cached = lastScan;
        if (cached != null && progress != null && progress.equals(cached.progress())) {
            return cached.answer();
        }
        // One scan at a time: concurrent list requests wait for it and share it, instead of each
        // decoding every model (64 concurrent scans of 8,000 models exhausted a 1 GiB heap).
        synchronized (scanLock) {
            cached = lastScan;
            progress = progress();
            if (cached != null && progress != null && progress.equals(cached.progress())) {
                return cached.answer();
            }
            Answer<List<ModelState>> answer = scanAll();
            if (progress != null) {
                lastScan = new Scan(progress, new Answer<>(List.copyOf(answer.value()), answer.position()));
            }
            return answer;
        }
    }

    private final Object scanLock = new Object();

    /** @return the merged progress position of every local active partition, or null if unknown */
    private Position progress() {
        StateQueryResult<Long> result = streams.query(StateQueryRequest.inStore(RegistryTopology.PROGRESS_STORE)
                .withQuery(KeyQuery.<String, Long>withKey(RegistryTopology.PROGRESS_KEY)).requireActive()
                .withPartitions(activeLocalPartitions()));
        Position merged = Position.emptyPosition();
        for (QueryResult<Long> r : result.getPartitionResults().values()) {
            if (r.isFailure() || r.getPosition() == null) {
                return null;
            }
            merged.merge(r.getPosition());
        }
        // the set of local partitions is part of the identity of a scan
        for (Integer p : result.getPartitionResults().keySet()) {
            merged.withComponent("\u0000partitions", p, 0);
        }
        return merged;
    }

    /**
     * The states of the given partitions from this instance's copies of them, standby or active:
     * for answering a list when the instance that owns those partitions is silent.
     *
     * @param partitions partitions this instance holds a copy of (see {@link #standbyLocalPartitions()})
     * @param minPosition a bound the copies must have reached, or null
     * @throws StoreUnavailableException if a copy cannot be read now
     * @throws NotCaughtUpException if a copy is behind {@code minPosition}
     */
    public Answer<List<ModelState>> fromCopies(Set<Integer> partitions, Position minPosition) {
        return allowingStandby().scan(partitions, minPosition);
    }

    /** @return the partitions of which this instance keeps a standby copy */
    public Set<Integer> standbyLocalPartitions() {
        return localPartitions(ThreadMetadata::standbyTasks);
    }

    private Set<Integer> localPartitions(java.util.function.Function<ThreadMetadata, Set<TaskMetadata>> tasks) {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : tasks.apply(thread)) {
                partitions.add(task.taskId().partition());
            }
        }
        return partitions;
    }

    /**
     * @param host another instance's application.server
     * @return the partitions whose active task the group assigned to {@code host} (empty if it has none)
     */
    public Set<Integer> activePartitionsOf(HostInfo host) {
        Set<Integer> partitions = new TreeSet<>();
        for (org.apache.kafka.streams.StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            if (m.hostInfo().equals(host)) {
                m.topicPartitions().forEach(tp -> partitions.add(tp.partition()));
            }
        }
        return partitions;
    }

    private Answer<List<ModelState>> scanAll() {
        return scan(null, null);
    }

    /** @param partitions the partitions to scan, null for this instance's active ones */
    private Answer<List<ModelState>> scan(Set<Integer> partitions, Position minPosition) {
        StateQueryResult<KeyValueIterator<String, byte[]>> result =
                run(RegistryTopology.LATEST_STORE, RangeQuery.<String, byte[]>withNoBounds(), partitions, minPosition);
        List<ModelState> states = new ArrayList<>();
        for (Map.Entry<Integer, QueryResult<KeyValueIterator<String, byte[]>>> e : result.getPartitionResults().entrySet()) {
            check(e.getValue(), RegistryTopology.LATEST_STORE);
            try (KeyValueIterator<String, byte[]> it = e.getValue().getResult()) {
                while (it.hasNext()) {
                    states.add(serdes.states().decode(it.next().value));
                }
            }
        }
        return new Answer<>(states, result.getPosition());
    }

    private <R> Answer<R> keyQuery(String store, String modelId, Query<R> query, Position minPosition) {
        return keyQuery(store, modelId, query, modelId, minPosition);
    }

    private <R> Answer<R> keyQuery(String store, String key, Query<R> query, String modelId, Position minPosition) {
        Location where = requireLocal(modelId);
        QueryResult<R> result = run(store, query, Set.of(where.partition()), minPosition).getPartitionResults().get(where.partition());
        check(result, store);
        return new Answer<>(result.getResult(), result.getPosition());
    }

    private Location requireLocal(String modelId) {
        Location where = locate(modelId);
        if (standbyReads && self != null && where.standbys().contains(self)) {
            return where;
        }
        if (!where.local()) {
            throw new NotLocalException(modelId, where.active(), where.standbys());
        }
        return where;
    }

    private <R> StateQueryResult<R> run(String store, Query<R> query, Set<Integer> partitions, Position minPosition) {
        StateQueryRequest<R> request = StateQueryRequest.inStore(store).withQuery(query);
        if (!standbyReads) {
            request = request.requireActive();
        }
        // A query over "all partitions" also covers this instance's standby copies, which a
        // requireActive() query reports as NOT_ACTIVE failures: scans name the active ones.
        Set<Integer> scope = partitions != null ? partitions : activeLocalPartitions();
        request = request.withPartitions(scope);
        try {
            if (minPosition != null) {
                // Kafka Streams ignores a position bound on requireActive() queries (KafkaStreams#query
                // passes PositionBound.unbounded() for them), so the bound is checked here, against the
                // store every event writes to.
                awaitedPositionReached(scope, minPosition);
            }
            return streams.query(request);
        } catch (org.apache.kafka.streams.errors.StreamsNotStartedException | org.apache.kafka.streams.errors.UnknownStateStoreException
                 | IllegalStateException e) {
            throw new StoreUnavailableException("store " + store + " is not available: " + e.getMessage());
        }
    }

    private void awaitedPositionReached(Set<Integer> partitions, Position min) {
        StateQueryRequest<Long> progress = StateQueryRequest.inStore(RegistryTopology.PROGRESS_STORE)
                .withQuery(KeyQuery.<String, Long>withKey(RegistryTopology.PROGRESS_KEY));
        if (!standbyReads) {
            progress = progress.requireActive();
        }
        progress = progress.withPartitions(partitions != null ? partitions : activeLocalPartitions());
        StateQueryResult<Long> result = streams.query(progress);
        for (Map.Entry<Integer, QueryResult<Long>> e : result.getPartitionResults().entrySet()) {
            check(e.getValue(), RegistryTopology.PROGRESS_STORE);
            Position seen = e.getValue().getPosition();
            for (String topic : min.getTopics()) {
                Long bound = min.getPartitionPositions(topic).get(e.getKey());
                if (bound == null) {
                    continue;
                }
                Long reached = seen == null || !seen.getTopics().contains(topic) ? null : seen.getPartitionPositions(topic).get(e.getKey());
                if (reached == null || reached < bound) {
                    throw new NotCaughtUpException(e.getKey(), reached == null ? -1 : reached, bound);
                }
            }
        }
    }

    /**
     * @return the partitions whose active task runs in this instance, whatever its state; their
     *     union over all instances is every partition, so a scan of them per instance is complete
     *     and free of duplicates
     */
    public Set<Integer> activeLocalPartitions() {
        return localPartitions(ThreadMetadata::activeTasks);
    }

    private static void check(QueryResult<?> result, String store) {
        if (result == null) {
            throw new StoreUnavailableException("store " + store + " gave no answer for the partition (rebalancing?)");
        }
        if (result.isFailure()) {
            FailureReason reason = result.getFailureReason();
            if (reason == FailureReason.STORE_EXCEPTION || reason == FailureReason.UNKNOWN_QUERY_TYPE) {
                throw new IllegalStateException("store " + store + " failed: " + result.getFailureMessage());
            }
            throw new StoreUnavailableException("store " + store + ": " + reason + " " + result.getFailureMessage());
        }
    }

    /** @return this instance's identity, or null */
    public HostInfo self() {
        return self;
    }
}
