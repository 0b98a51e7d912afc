package dev.modelregistry.api.http;

import dev.modelregistry.api.cluster.ClusterReadException;
import dev.modelregistry.api.cluster.ClusterReads;
import dev.modelregistry.api.cluster.Gathered;
import dev.modelregistry.api.cluster.ModelRead;
import dev.modelregistry.api.cluster.Selection;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.history.ModelHistories;
import dev.modelregistry.schemas.semantics.NameResolution;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import dev.modelregistry.streams.fold.FoldResult;
import dev.modelregistry.streams.fold.ModelFold;
import dev.modelregistry.streams.topology.FoldListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ClusterReads} over events folded in memory by the real fold, at one position: event n
 * (from 0) is at offset n of partition 0. A read whose bound lies beyond the folded events fails
 * NOT_CAUGHT_UP, as a real store that is behind does. Every bound a read was given is recorded.
 */
final class InMemoryCluster implements ClusterReads {

    static final String TOPIC = "events";

    private final Map<String, List<ModelChange>> histories = new TreeMap<>();
    private long offset = -1;
    final List<ConsistencyToken> boundsSeen = new CopyOnWriteArrayList<>();
    /** Told of each folded change, as the real fold tells its listeners. */
    volatile FoldListener listener = FoldListener.NONE;

    /** Folds the events in order; a rejected one fails the test setup. */
    synchronized InMemoryCluster given(ModelEvent... events) {
        for (ModelEvent e : events) {
            List<ModelChange> history = histories.computeIfAbsent(e.getModelId(), k -> new ArrayList<>());
            ModelState current = history.isEmpty() ? null : ModelHistories.stateOf(history.get(history.size() - 1));
            FoldResult r = ModelFold.fold(current, false, e);
            if (!(r instanceof FoldResult.Accepted a)) {
                throw new IllegalArgumentException("the fold rejected " + e.getEventId() + ": " + r);
            }
            history.add(a.change());
            offset++;
            listener.changed(e.getModelId(), 0, offset);
        }
        return this;
    }

    /** @return the token of the folded position */
    ConsistencyToken position() {
        return new ConsistencyToken(TOPIC, Map.of(0, offset));
    }

    private void check(ConsistencyToken min) {
        boundsSeen.add(min == null ? new ConsistencyToken("none", Map.of()) : min);
        if (min != null && min.offsets().getOrDefault(0, -1L) > offset) {
            throw new ClusterReadException(ClusterReadException.Reason.NOT_CAUGHT_UP, "at " + offset + ", asked for " + min.offsets());
        }
    }

    private Optional<String> canonical(String name) {
        String id = name.toLowerCase(java.util.Locale.ROOT);
        if (histories.containsKey(id)) {
            return Optional.of(id);
        }
        return NameResolution.resolve(currentStates(), name).map(ModelState::getModelId);
    }

    private List<ModelState> currentStates() {
        return histories.values().stream().map(h -> ModelHistories.stateOf(h.get(h.size() - 1))).toList();
    }

    private <T> ModelRead<T> answer(String name, java.util.function.Function<List<ModelChange>, T> pick, ConsistencyToken min) {
        check(min);
        Optional<String> id = canonical(name);
        T value = id.map(histories::get).map(pick).orElse(null);
        String asked = name.toLowerCase(java.util.Locale.ROOT);
        if (value == null) {
            return new ModelRead.Unknown<>(id.orElse(asked), position(), "memory:0");
        }
        return new ModelRead.Found<>(value, ModelRead.Origin.HERE, position(), "memory:0", id.get().equals(asked) ? null : asked);
    }

    @Override
    public ModelRead<ModelState> current(String name, ConsistencyToken min) {
        return answer(name, h -> ModelHistories.stateOf(h.get(h.size() - 1)), min);
    }

    @Override
    public ModelRead<ModelState> asOf(String name, Instant at, ConsistencyToken min) {
        return answer(name, h -> ModelHistories.validAt(h, at).map(ModelHistories::stateOf).orElse(null), min);
    }

    @Override
    public ModelRead<ModelChange> version(String name, long version, ConsistencyToken min) {
        return answer(name, h -> h.stream().filter(c -> c.getVersion() == version).findFirst().orElse(null), min);
    }

    @Override
    public ModelRead<List<ModelChange>> history(String name, ConsistencyToken min) {
        return answer(name, List::copyOf, min);
    }

    @Override
    public ModelRead<List<ModelChange>> historyPage(String name, long fromVersion, int limit, ConsistencyToken min) {
        return answer(name, h -> h.stream().filter(c -> c.getVersion() >= fromVersion).limit(limit).toList(), min);
    }

    @Override
    public Gathered states(Selection selection, Instant asOf, ConsistencyToken min) {
        check(min);
        List<ModelState> out = new ArrayList<>();
        for (List<ModelChange> h : histories.values()) {
            (asOf == null ? Optional.of(h.get(h.size() - 1)) : ModelHistories.validAt(h, asOf))
                    .map(ModelHistories::stateOf).filter(selection.keep()).ifPresent(out::add);
        }
        return new Gathered(out, position(), true);
    }
}
