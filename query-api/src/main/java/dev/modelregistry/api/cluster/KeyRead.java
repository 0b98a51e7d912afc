package dev.modelregistry.api.cluster;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import dev.modelregistry.streams.query.Answer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One kind of read of one model, the same whether it runs here or on the owner: how to run it on
 * a local store, how to ask another instance for it ({@code /internal/v1/model}), and how to put
 * the answer on the wire and take it off again.
 *
 * @param <T> what the read returns
 */
public abstract sealed class KeyRead<T> {

    /** Query parameter naming the kind of read on {@code /internal/v1/model}. */
    public static final String KIND = "read";

    /** @return the value read, or null when there is none */
    abstract Answer<T> local(LocalReads store, String id, ConsistencyToken min, boolean fromStandby);

    /** @return the read's own query parameters on {@code /internal/v1/model}, URL-safe */
    abstract String query();

    /** @return the wire form of a value (null for none) */
    public abstract byte[] encode(T value, RegistrySerdes serdes);

    /** @return the value of a wire form, null for none */
    abstract T decode(byte[] body, RegistrySerdes serdes);

    /**
     * @param kind the {@code read} parameter: current, as_of, version or history
     * @param at the {@code at} parameter (as_of only)
     * @param version the {@code version} parameter (version only)
     * @return the read those parameters describe
     * @throws IllegalArgumentException when they describe none
     */
    public static KeyRead<?> parse(String kind, String at, String version) {
        if (kind == null) {
            throw new IllegalArgumentException("read is required: current, as_of, version or history");
        }
        try {
            return switch (kind) {
                case "current" -> new Current();
                case "as_of" -> new AsOf(Instant.parse(String.valueOf(at)));
                case "version" -> new Version(Long.parseLong(String.valueOf(version)));
                case "history" -> new History();
                default -> throw new IllegalArgumentException("read must be current, as_of, version or history, got '" + kind + "'");
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("read " + kind + " needs a valid " + (kind.equals("as_of") ? "at" : "version"));
        }
    }

    /** A read of one model, run here on this instance's store. */
    public final Answer<T> runLocally(LocalReads store, String id, ConsistencyToken min, boolean fromStandby) {
        return local(store, id, min, fromStandby);
    }

    /** A read whose answer is at most one state. */
    abstract static sealed class OneState extends KeyRead<ModelState> permits Current, AsOf {
        @Override
        public byte[] encode(ModelState value, RegistrySerdes serdes) {
            return serdes.states().encodeAll(value == null ? List.of() : List.of(value));
        }

        @Override
        ModelState decode(byte[] body, RegistrySerdes serdes) {
            return serdes.states().decodeAll(body).stream().findFirst().orElse(null);
        }
    }

    static final class Current extends OneState {
        @Override
        Answer<ModelState> local(LocalReads store, String id, ConsistencyToken min, boolean fromStandby) {
            return store.current(id, min, fromStandby);
        }

        @Override
        String query() {
            return KIND + "=current";
        }
    }

    static final class AsOf extends OneState {
        private final Instant at;

        AsOf(Instant at) {
            this.at = at;
        }

        @Override
        Answer<ModelState> local(LocalReads store, String id, ConsistencyToken min, boolean fromStandby) {
            return store.asOf(id, at, min, fromStandby);
        }

        @Override
        String query() {
            return KIND + "=as_of&at=" + at;
        }
    }

    static final class Version extends KeyRead<ModelChange> {
        private final long version;

        Version(long version) {
            this.version = version;
        }

        @Override
        Answer<ModelChange> local(LocalReads store, String id, ConsistencyToken min, boolean fromStandby) {
            return store.version(id, version, min, fromStandby);
        }

        @Override
        String query() {
            return KIND + "=version&version=" + version;
        }

        @Override
        public byte[] encode(ModelChange value, RegistrySerdes serdes) {
            return serdes.changes().encodeAll(value == null ? List.of() : List.of(value));
        }

        @Override
        ModelChange decode(byte[] body, RegistrySerdes serdes) {
            return serdes.changes().decodeAll(body).stream().findFirst().orElse(null);
        }
    }

    static final class History extends KeyRead<List<ModelChange>> {
        @Override
        Answer<List<ModelChange>> local(LocalReads store, String id, ConsistencyToken min, boolean fromStandby) {
            Answer<List<ModelChange>> all = store.history(id, min, fromStandby);
            return all.value().isEmpty() ? new Answer<>(null, all.position()) : all;
        }

        @Override
        String query() {
            return KIND + "=history";
        }

        @Override
        public byte[] encode(List<ModelChange> value, RegistrySerdes serdes) {
            return serdes.changes().encodeAll(value == null ? List.of() : value);
        }

        @Override
        List<ModelChange> decode(byte[] body, RegistrySerdes serdes) {
            List<ModelChange> all = serdes.changes().decodeAll(body);
            return all.isEmpty() ? null : all;
        }
    }
}
