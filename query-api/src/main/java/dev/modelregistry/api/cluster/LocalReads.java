package dev.modelregistry.api.cluster;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import dev.modelregistry.streams.query.Answer;
import dev.modelregistry.streams.query.NotCaughtUpException;
import dev.modelregistry.streams.query.RegistryReader;
import dev.modelregistry.streams.query.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.streams.query.Position;

/**
 * This instance's stores, read with a bounded wait for a position bound. A key whose partition is
 * elsewhere throws {@link dev.modelregistry.streams.query.NotLocalException} for the caller to
 * route; a store still unavailable or behind after the wait throws {@link ClusterReadException}.
 */
public final class LocalReads {

    private static final long RETRY_NANOS = 10_000_000L;

    private final RegistryReader active;
    private final RegistryReader standby;
    private final String eventsTopic;
    private final Duration maxWait;

    /**
     * @param reader the active-copy reader of this instance
     * @param eventsTopic the topic consistency tokens count offsets of
     * @param maxWait longest wait for a store to become available or reach a bound
     */
    public LocalReads(RegistryReader reader, String eventsTopic, Duration maxWait) {
        this.active = reader;
        this.standby = reader.allowingStandby();
        this.eventsTopic = eventsTopic;
        this.maxWait = maxWait;
    }

    /** @return the current state (null value if unknown) */
    public Answer<ModelState> current(String id, ConsistencyToken min, boolean fromStandby) {
        Position bound = position(min);
        return await(() -> reader(fromStandby).current(id, bound));
    }

    /** @return the state valid at {@code at} (null value if none) */
    public Answer<ModelState> asOf(String id, Instant at, ConsistencyToken min, boolean fromStandby) {
        Position bound = position(min);
        return await(() -> reader(fromStandby).asOf(id, at, bound));
    }

    /** @return one version (null value if none) */
    public Answer<ModelChange> version(String id, long version, ConsistencyToken min, boolean fromStandby) {
        Position bound = position(min);
        return await(() -> reader(fromStandby).version(id, version, bound));
    }

    /** @return every version, oldest first (empty if unknown) */
    public Answer<List<ModelChange>> history(String id, ConsistencyToken min, boolean fromStandby) {
        return historyPage(id, 1, Integer.MAX_VALUE, min, fromStandby);
    }

    /** @return up to {@code limit} versions from {@code fromVersion}, oldest first (empty if none) */
    public Answer<List<ModelChange>> historyPage(String id, long fromVersion, int limit, ConsistencyToken min, boolean fromStandby) {
        Position bound = position(min);
        return await(() -> reader(fromStandby).history(id, fromVersion, limit, bound));
    }

    /**
     * @param asOf null for the current states
     * @return the states of every model in this instance's active partitions, and the position of the scan
     */
    public Answer<List<ModelState>> states(Instant asOf, ConsistencyToken min) {
        Position bound = position(min);
        return await(() -> {
            return at(active.allLocal(bound), asOf, active, bound);
        });
    }

    /**
     * The states another instance's active partitions hold, read from this instance's standby
     * copies of them: for a list when that instance is silent (restarting, say).
     *
     * @param other the silent instance
     * @param asOf null for the current states
     * @return the states and the position of the scan, or empty if this instance lacks a copy of
     *     one of those partitions (or the group assigned {@code other} none)
     */
    public java.util.Optional<Answer<List<ModelState>>> copiesOf(org.apache.kafka.streams.state.HostInfo other, Instant asOf, ConsistencyToken min) {
        java.util.Set<Integer> theirs = active.activePartitionsOf(other);
        if (theirs.isEmpty() || !active.standbyLocalPartitions().containsAll(theirs)) {
            return java.util.Optional.empty();
        }
        Position bound = position(min);
        return java.util.Optional.of(await(() -> {
            return at(active.fromCopies(theirs, bound), asOf, standby, bound);
        }));
    }

    /** @return the states of {@code current} as they were at {@code asOf} (null: as they are), read through {@code reader} */
    private static Answer<List<ModelState>> at(Answer<List<ModelState>> current, Instant asOf, RegistryReader reader, Position bound) {
        if (asOf == null) {
            return current;
        }
        List<ModelState> then = new ArrayList<>();
        for (ModelState s : current.value()) {
            ModelState valid = reader.asOf(s.getModelId(), asOf, bound).value();
            if (valid != null) {
                then.add(valid);
            }
        }
        return new Answer<>(then, current.position());
    }

    /** @return the events-topic part of a store position as a token, or null if it has none */
    public ConsistencyToken token(Position position) {
        if (position == null || !position.getTopics().contains(eventsTopic)) {
            return null;
        }
        return new ConsistencyToken(eventsTopic, position.getPartitionPositions(eventsTopic));
    }

    private Position position(ConsistencyToken min) {
        if (min == null) {
            return null;
        }
        Position p = Position.emptyPosition();
        min.offsets().forEach((partition, offset) -> p.withComponent(min.topic(), partition, offset));
        return p;
    }

    private RegistryReader reader(boolean fromStandby) {
        return fromStandby ? standby : active;
    }

    private <T> T await(Supplier<T> read) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            try {
                return read.get();
            } catch (NotCaughtUpException e) {
                if (System.nanoTime() > deadline) {
                    throw new ClusterReadException(ClusterReadException.Reason.NOT_CAUGHT_UP,
                            "this instance has not yet reached the requested min_position (" + e.getMessage() + "); retry");
                }
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw new ClusterReadException(ClusterReadException.Reason.STORE_UNAVAILABLE, e.getMessage());
                }
            }
            LockSupport.parkNanos(RETRY_NANOS);
        }
    }
}
