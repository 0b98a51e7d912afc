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
     * @param kind the {@code read} parameter: current, as_of, version, history or history_page
     * @param at the {@code at} parameter (as_of only)
     * @param version the {@code version} parameter (version, and history_page's first version)
     * @param limit the {@code limit} parameter (history_page only)
     * @return the read those parameters describe
     * @throws IllegalArgumentException when they describe none
     */
    public static KeyRead<?> parse(String kind, String at, String version, String limit) {
        if (kind == null) {
            throw new IllegalArgumentException("read is required: current, as_of, version, history or history_page");
        }
        try {
            return switch (kind) {
                case "current" -> new Current();
                case "as_of" -> new AsOf(Instant.parse(String.valueOf(at)));
                case "version" -> new Version(Long.parseLong(String.valueOf(version)));
                case "history" -> new History();
                case "history_page" -> new HistoryPage(Long.parseLong(String.valueOf(version)), Integer.parseInt(String.valueOf(limit)));
                default -> throw new IllegalArgumentException("read must be current, as_of, version, history or history_page, got '" + kind + "'");
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("read " + kind + " needs a valid "
                    + (kind.equals("as_of") ? "at" : kind.equals("history_page") ? "version and limit" : "version"));
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

    /**
     * Up to {@code limit} versions from {@code fromVersion}, oldest first, read by key range so
     * only those are decoded. Empty (but found) when the model exists and has no version that
     * late; unknown when the model has no version at all.
     */
    static final class HistoryPage extends KeyRead<List<ModelChange>> {
        private final long fromVersion;
        private final int limit;

        HistoryPage(long fromVersion, int limit) {
            if (fromVersion < 1 || limit < 1) {
                throw new IllegalArgumentException("a history page starts at version >= 1 and holds >= 1 version");
            }
            this.fromVersion = fromVersion;
            this.limit = limit;
        }

        @Override
        Answer<List<ModelChange>> local(LocalReads store, String id, ConsistencyToken min, boolean fromStandby) {
            Answer<List<ModelChange>> page = store.historyPage(id, fromVersion, limit, min, fromStandby);
            if (!page.value().isEmpty() || fromVersion == 1) {
                return page.value().isEmpty() ? new Answer<>(null, page.position()) : page;
            }
            Answer<ModelChange> first = store.version(id, 1, min, fromStandby);
            return first.value() == null ? new Answer<>(null, first.position()) : page;
        }

        @Override
        String query() {
            return KIND + "=history_page&version=" + fromVersion + "&limit=" + limit;
        }

        /** Wire form: no bytes for "unknown", else a list (possibly empty). */
        @Override
        public byte[] encode(List<ModelChange> value, RegistrySerdes serdes) {
            return value == null ? new byte[0] : serdes.changes().encodeAll(value);
        }

        @Override
        List<ModelChange> decode(byte[] body, RegistrySerdes serdes) {
            return body.length == 0 ? null : serdes.changes().decodeAll(body);
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
