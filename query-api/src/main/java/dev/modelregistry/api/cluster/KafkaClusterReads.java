package dev.modelregistry.api.cluster;

import dev.modelregistry.api.cluster.ClusterReadException.Reason;
import dev.modelregistry.api.routing.InstanceRouter;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.encoding.UndecodableRecordException;
import dev.modelregistry.schemas.semantics.NameResolution;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import dev.modelregistry.streams.query.Answer;
import dev.modelregistry.streams.query.NotLocalException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@link ClusterReads} over Kafka Streams' interactive queries: a model's partition is read here
 * when this instance owns it, else on its owner through {@code /internal/v1/model} (the owner reads
 * its own store only, never forwards again), else on a standby copy when the owner is silent.
 * Lists are gathered from every instance's {@code /internal/v1/states}.
 */
public final class KafkaClusterReads implements ClusterReads {

    /** Path of one model's read on another instance. */
    public static final String MODEL_PATH = "/internal/v1/model";
    /** Path of a selection of states on another instance. */
    public static final String STATES_PATH = "/internal/v1/states";

    private final LocalReads store;
    private final InstanceRouter router;
    private final RegistrySerdes serdes;

    public KafkaClusterReads(LocalReads store, InstanceRouter router, RegistrySerdes serdes) {
        this.store = store;
        this.router = router;
        this.serdes = serdes;
    }

    @Override
    public ModelRead<ModelState> current(String name, ConsistencyToken min) {
        return read(name, new KeyRead.Current(), min);
    }

    @Override
    public ModelRead<ModelState> asOf(String name, Instant at, ConsistencyToken min) {
        return read(name, new KeyRead.AsOf(at), min);
    }

    @Override
    public ModelRead<ModelChange> version(String name, long version, ConsistencyToken min) {
        return read(name, new KeyRead.Version(version), min);
    }

    @Override
    public ModelRead<List<ModelChange>> history(String name, ConsistencyToken min) {
        return read(name, new KeyRead.History(), min);
    }

    @Override
    public ModelRead<List<ModelChange>> historyPage(String name, long fromVersion, int limit, ConsistencyToken min) {
        return read(name, new KeyRead.HistoryPage(fromVersion, limit), min);
    }

    @Override
    public Gathered states(Selection selection, Instant asOf, ConsistencyToken min) {
        Answer<List<ModelState>> here = store.states(asOf, min);
        List<ModelState> all = new ArrayList<>(here.value().stream().filter(selection.keep()).toList());
        ConsistencyToken token = store.token(here.position());
        List<String> params = new ArrayList<>();
        if (asOf != null) {
            params.add("as_of=" + asOf);
        }
        if (!selection.query().isEmpty()) {
            params.add(selection.query());
        }
        String path = STATES_PATH + (params.isEmpty() ? "" : "?" + String.join("&", params));
        List<HostInfo> others = List.copyOf(router.others());
        for (HostInfo other : others) {
            Optional<InstanceRouter.Forwarded> answer = router.get(other, path, encoded(min));
            if (answer.isEmpty() || answer.get().status() == 503) {
                // silent or not ready (restarting, restoring): its partitions from this instance's standby copies, if it has them all
                Optional<Answer<List<ModelState>>> copies = store.copiesOf(other, asOf, min);
                if (copies.isPresent()) {
                    all.addAll(copies.get().value().stream().filter(selection.keep()).toList());
                    token = ConsistencyToken.covering(token, store.token(copies.get().position()));
                    continue;
                }
                if (answer.isEmpty()) {
                    throw new ClusterReadException(Reason.OWNER_UNREACHABLE, "instance " + address(other)
                            + " did not answer and this instance has no copy of its partitions; the list would be incomplete");
                }
            }
            InstanceRouter.Forwarded f = answer.get();
            if (f.status() != 200) {
                throw failure(f, other);
            }
            all.addAll(decode(() -> serdes.states().decodeAll(f.body()), other));
            token = ConsistencyToken.covering(token, f.token() == null ? null : ConsistencyToken.decode(f.token()));
        }
        return new Gathered(all, token, others.isEmpty());
    }

    private <T> ModelRead<T> read(String name, KeyRead<T> read, ConsistencyToken min) {
        String id = name.toLowerCase(Locale.ROOT);
        ModelRead<T> direct = readId(id, read, min);
        if (direct instanceof ModelRead.Found<T>) {
            return direct;
        }
        Gathered candidates = states(Selection.resolving(List.of(name)), null, min);
        Optional<String> canonical = NameResolution.resolve(candidates.states(), name).map(ModelState::getModelId).filter(c -> !c.equals(id));
        if (canonical.isEmpty()) {
            // "unknown" rests on the direct read and on the alias lookup over every partition
            return new ModelRead.Unknown<>(id, ConsistencyToken.covering(direct.token(), candidates.token()), direct.answeredBy());
        }
        ModelRead<T> aliased = readId(canonical.get(), read, min);
        if (aliased instanceof ModelRead.Found<T> f) {
            return new ModelRead.Found<>(f.value(), f.origin(), ConsistencyToken.covering(f.token(), candidates.token()), f.answeredBy(), id);
        }
        return aliased;
    }

    /** Reads one canonical id here, on its owner, or on a standby copy. */
    private <T> ModelRead<T> readId(String id, KeyRead<T> read, ConsistencyToken min) {
        try {
            return answered(id, read.runLocally(store, id, min, false), ModelRead.Origin.HERE);
        } catch (NotLocalException e) {
            HostInfo owner = e.active();
            if (owner == null) {
                throw new ClusterReadException(Reason.NO_OWNER, "no instance owns '" + id + "' right now (rebalancing); retry");
            }
            String path = MODEL_PATH + "?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&" + read.query();
            Optional<InstanceRouter.Forwarded> fromOwner = router.get(owner, path, encoded(min));
            if (fromOwner.isPresent()) {
                return relayed(id, read, fromOwner.get(), owner, ModelRead.Origin.OWNER);
            }
            for (HostInfo standby : e.standbys()) {
                if (standby.equals(router.self())) {
                    return answered(id, read.runLocally(store, id, min, true), ModelRead.Origin.STANDBY);
                }
                Optional<InstanceRouter.Forwarded> f = router.get(standby, path, encoded(min), true);
                if (f.isPresent() && f.get().status() == 200) {
                    return relayed(id, read, f.get(), standby, ModelRead.Origin.STANDBY);
                }
            }
            throw new ClusterReadException(Reason.OWNER_UNREACHABLE, "the instance owning '" + id + "' (" + address(owner)
                    + ") did not answer within " + router.timeout().toMillis() + " ms and no standby could");
        }
    }

    private <T> ModelRead<T> answered(String id, Answer<T> answer, ModelRead.Origin origin) {
        ConsistencyToken token = store.token(answer.position());
        String self = router.self() == null ? null : address(router.self());
        return answer.value() == null ? new ModelRead.Unknown<>(id, token, self) : new ModelRead.Found<>(answer.value(), origin, token, self, null);
    }

    private <T> ModelRead<T> relayed(String id, KeyRead<T> read, InstanceRouter.Forwarded f, HostInfo from, ModelRead.Origin origin) {
        if (f.status() != 200) {
            throw failure(f, from);
        }
        T value = decode(() -> read.decode(f.body(), serdes), from);
        ConsistencyToken token = f.token() == null ? null : ConsistencyToken.decode(f.token());
        String by = f.answeredBy() != null ? f.answeredBy() : address(from);
        return value == null ? new ModelRead.Unknown<>(id, token, by) : new ModelRead.Found<>(value, origin, token, by, null);
    }

    private ClusterReadException failure(InstanceRouter.Forwarded f, HostInfo from) {
        String code = InternalErrors.code(f.body());
        Reason reason = code == null ? Reason.UPSTREAM_ERROR : switch (code) {
            case "not_caught_up" -> Reason.NOT_CAUGHT_UP;
            case "unavailable" -> Reason.STORE_UNAVAILABLE;
            default -> Reason.UPSTREAM_ERROR;
        };
        return new ClusterReadException(reason, "instance " + address(from) + " answered " + f.status() + ": "
                + InternalErrors.message(f.body()));
    }

    private interface Decoding<T> {
        T get();
    }

    private static <T> T decode(Decoding<T> decoding, HostInfo from) {
        try {
            return decoding.get();
        } catch (UndecodableRecordException e) {
            throw new ClusterReadException(Reason.UPSTREAM_ERROR, "instance " + address(from) + " sent an unreadable answer");
        }
    }

    private static String encoded(ConsistencyToken min) {
        return min == null ? null : min.encode();
    }

    private static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
