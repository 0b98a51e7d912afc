package dev.modelregistry.api.cluster;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import java.time.Instant;
import java.util.List;

/**
 * Reads of the registry, answered by whichever instance holds the data: the one place that
 * decides between this instance's store, the owner of a model's partition, a standby copy when
 * the owner is silent, and an alias when a name is no model's id.
 *
 * <p>Every read takes its own position bound {@code min}: a consistency token the answering store
 * must have reached first (null for none). A store still behind after the bounded wait fails the
 * read with {@link ClusterReadException.Reason#NOT_CAUGHT_UP}. Each answer carries the position it
 * was read at, and only that.
 *
 * <p>Names are matched case-insensitively; a name that is no model's id is tried as an alias.
 *
 * @throws ClusterReadException (from every method) when no instance can answer now
 */
public interface ClusterReads {

    /** @return the model's current state */
    ModelRead<ModelState> current(String name, ConsistencyToken min);

    /** @return the state valid at {@code at}; Unknown if the model did not exist then */
    ModelRead<ModelState> asOf(String name, Instant at, ConsistencyToken min);

    /** @return one version's change record; Unknown if there is no such version */
    ModelRead<ModelChange> version(String name, long version, ConsistencyToken min);

    /** @return every version of the model, oldest first (never empty when found) */
    ModelRead<List<ModelChange>> history(String name, ConsistencyToken min);

    /**
     * @param fromVersion first version, >= 1
     * @param limit most versions, >= 1
     * @return up to {@code limit} versions from {@code fromVersion}, oldest first; found and empty
     *     when the model has no version that late
     */
    ModelRead<List<ModelChange>> historyPage(String name, long fromVersion, int limit, ConsistencyToken min);

    /**
     * @param asOf the instant to read the states at, or null for now
     * @return the selected models' states from every instance
     */
    Gathered states(Selection selection, Instant asOf, ConsistencyToken min);
}
