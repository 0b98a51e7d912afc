package dev.modelregistry.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.runtime.StreamsSettings;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every setting of the registry: typed keys with defaults and one-line docs, in one place.
 *
 * <p>Values come from, lowest precedence first: a properties file ({@code --config}), the
 * environment ({@code MODEL_REGISTRY_HTTP_PORT} sets {@code http.port}; {@code
 * KAFKA_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}), then command-line flags. Keys in the
 * file starting with {@value #KAFKA_PASSTHROUGH_PREFIX} go, without the prefix, to every Kafka
 * client (for example {@code kafka.security.protocol=SASL_SSL}).
 */
public final class RegistryConfig extends AbstractConfig {

    public static final String KAFKA_PASSTHROUGH_PREFIX = "kafka.";
    static final String ENV_PREFIX = "MODEL_REGISTRY_";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RegistryConfig.class);
    /** Read by {@code bin/model-registry}, not by the JVM's settings. */
    private static final java.util.Set<String> LAUNCHER_VARIABLES = java.util.Set.of("MODEL_REGISTRY_HEAP", "MODEL_REGISTRY_CDS");

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String DATA_DIR = "data.dir";
    public static final String KAFKA_PORT = "kafka.port";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_HOST = "http.host";
    public static final String APPLICATION_ID = "application.id";
    public static final String APPLICATION_SERVER = "application.server";
    public static final String STATE_DIR = "state.dir";
    public static final String STATIC_MEMBERSHIP = "static.membership";
    public static final String NUM_STANDBY_REPLICAS = "num.standby.replicas";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String ROCKSDB_MEMORY_MB = "rocksdb.memory.mb";
    public static final String API_WRITE_TOKEN = "api.write.token";
    public static final String API_FORWARD_TIMEOUT_MS = "api.forward.timeout.ms";
    public static final String API_OLLAMA_URL = "api.ollama.url";
    public static final String API_MIN_POSITION_WAIT_MS = "api.min.position.wait.ms";
    public static final String API_CORS_ORIGINS = "api.cors.origins";
    public static final String SYNC_GRACE = "sync.grace";
    public static final String SYNC_PRICE_TOLERANCE = "sync.price.tolerance";
    public static final String SYNC_SHRINK_GUARD = "sync.shrink.guard";
    public static final String SYNC_STORE_DIR = "sync.store.dir";
    public static final String SYNC_STATE_TIMEOUT_MS = "sync.state.timeout.ms";
    public static final String SYNC_POLL = "sync.poll";
    public static final String SYNC_JITTER = "sync.jitter";
    public static final String SYNC_RETRY_INITIAL = "sync.retry.initial";
    public static final String SYNC_SOURCE_TIMEOUT = "sync.source.timeout";
    public static final String SYNC_LEADER_SESSION_TIMEOUT_MS = "sync.leader.session.timeout.ms";
    public static final String TOPIC_SOURCES = "topic.sources";
    public static final String TOPIC_EVENTS = "topic.events";
    public static final String TOPIC_HISTORY = "topic.history";
    public static final String TOPIC_STATE = "topic.state";
    public static final String TOPIC_REJECTED = "topic.rejected";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    public static final String SERDE_FORMAT = "serde.format";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_TIMEOUT_MS = "schema.registry.timeout.ms";
    /** {@link #SERDE_FORMAT}: Avro single-object encoding, schemas found by fingerprint (the default) */
    public static final String FORMAT_SINGLE_OBJECT = "single-object";
    /** {@link #SERDE_FORMAT}: the Confluent wire format, schemas in a schema registry */
    public static final String FORMAT_CONFLUENT = "confluent";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", Importance.HIGH,
                    "Kafka brokers to connect to, host:port[,host:port]. Ignored by up, which runs its own broker.")
            .define(DATA_DIR, Type.STRING, "./model-registry-data", Importance.HIGH,
                    "Directory of up's embedded broker log and Streams state; survives restarts.")
            .define(KAFKA_PORT, Type.INT, 9092, Range.between(1, 65535), Importance.MEDIUM,
                    "Port of up's embedded broker on 127.0.0.1.")
            .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.HIGH,
                    "Port of the query API.")
            .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM,
                    "Address the query API binds to and advertises to other instances.")
            .define(APPLICATION_ID, Type.STRING, "model-registry", Importance.HIGH,
                    "Kafka Streams application id; instances sharing it share the work and the state.")
            .define(APPLICATION_SERVER, Type.STRING, "", Importance.MEDIUM,
                    "host:port other instances use to reach this one's API; empty means http.host:http.port.")
            .define(STATE_DIR, Type.STRING, "", Importance.MEDIUM,
                    "Kafka Streams state directory; empty means <data.dir>/streams.")
            .define(STATIC_MEMBERSHIP, Type.BOOLEAN, true, Importance.LOW,
                    "Join the group as a static member named after application.server, so a restart needs no rebalance; instances must then have distinct application.server values.")
            .define(NUM_STANDBY_REPLICAS, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                    "Warm copies of each store kept on other instances for fast fail-over.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.LOW,
                    "Kafka Streams commit interval (ms); bounds how soon a change is visible to read_committed consumers.")
            .define(ROCKSDB_MEMORY_MB, Type.LONG, 128L, Range.atLeast(0), Importance.LOW,
                    "Off-heap memory (MiB) of all this instance's RocksDB stores together: one shared block cache with the memtables charged to it; 0 leaves RocksDB's per-store defaults.")
            .define(API_WRITE_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                    "Bearer token the write endpoints require; unset disables writes (403).")
            .define(API_OLLAMA_URL, Type.STRING, "", Importance.LOW,
                    "Ollama server (e.g. http://127.0.0.1:11434) asked first for /v1/ollama/models/{name}; empty: registry, then defaults.")
            .define(API_FORWARD_TIMEOUT_MS, Type.LONG, 5_000L, Range.atLeast(1), Importance.LOW,
                    "Timeout of a request forwarded to the instance owning a key (ms).")
            .define(API_MIN_POSITION_WAIT_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW,
                    "Longest wait for min_position before answering 503 with Retry-After (ms).")
            .define(API_CORS_ORIGINS, Type.LIST, "", Importance.LOW,
                    "Origins whose pages may read the API from a browser (CORS on GET), comma-separated, e.g. https://tools.example.com; * for any; empty: none.")
            .define(SYNC_GRACE, Type.STRING, "3", Importance.MEDIUM,
                    "How long a model may be missing from every source before a sync deprecates it: a number of syncs (3) or a duration (7d, 12h); 0 = at once.")
            .define(SYNC_PRICE_TOLERANCE, Type.DOUBLE, 0.001, Range.between(0.0, 0.5), Importance.LOW,
                    "Relative price difference treated as rounding noise, not a change (0.001: 2.499 equals 2.5).")
            .define(SYNC_SHRINK_GUARD, Type.DOUBLE, 0.75, Range.between(0.0, 1.0), Importance.LOW,
                    "A source that lost more than this share of its models since its last good copy is treated as failed.")
            .define(SYNC_STORE_DIR, Type.STRING, "", Importance.LOW,
                    "Directory of the sync's last good copies and absence book; empty means <data.dir>/sync.")
            .define(SYNC_STATE_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
                    "How long a sync waits for the registry to fold earlier events before diffing (ms).")
            .define(SYNC_POLL, Type.BOOLEAN, true, Importance.HIGH,
                    "Poll the catalog sources (source.*) and publish their changes: up does unless this is false or --no-poll; serve does with --sync or when this is set to true. One instance per cluster polls.")
            .define(SYNC_JITTER, Type.DOUBLE, 0.1, Range.between(0.0, 0.5), Importance.LOW,
                    "Relative random spread of every poll wait (0.1: an hour becomes 54 to 66 minutes), so registries do not poll a source in step.")
            .define(SYNC_RETRY_INITIAL, Type.STRING, "1m", Durations.VALIDATOR, Importance.LOW,
                    "Wait before polling a failed source again; doubles per further failure up to the source's interval; a longer Retry-After wins.")
            .define(SYNC_SOURCE_TIMEOUT, Type.STRING, "60s", Durations.VALIDATOR, Importance.LOW,
                    "Longest time one source may take, retries included; a source that hangs fails after it and holds up no other.")
            .define(SYNC_LEADER_SESSION_TIMEOUT_MS, Type.LONG, 10_000L, Range.between(6_000L, 300_000L), Importance.LOW,
                    "How long a dead polling instance keeps the role before another takes over (ms); one that stops cleanly hands over at once.")
            .define(TOPIC_SOURCES, Type.STRING, dev.modelregistry.sync.poll.SourceStatusTopic.DEFAULT_NAME, Importance.LOW,
                    "Compacted single-partition topic of each source's freshness; its consumer group elects the polling instance.")
            .define(TOPIC_EVENTS, Type.STRING, RegistryTopics.DEFAULT_EVENTS, Importance.MEDIUM,
                    "Topic of model events (input of the fold).")
            .define(TOPIC_HISTORY, Type.STRING, RegistryTopics.DEFAULT_HISTORY, Importance.MEDIUM,
                    "Topic of accepted, versioned changes (what subscribers read).")
            .define(TOPIC_STATE, Type.STRING, RegistryTopics.DEFAULT_STATE, Importance.MEDIUM,
                    "Compacted topic of each model's current state.")
            .define(TOPIC_REJECTED, Type.STRING, RegistryTopics.DEFAULT_REJECTED, Importance.MEDIUM,
                    "Topic of rejected events with their reason.")
            .define(TOPIC_PARTITIONS, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of each topic created by the app (all four share it so keys co-partition).")
            .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, RegistryTopics.BROKER_DEFAULT, (name, value) -> {
                if (value instanceof Short v && v != RegistryTopics.BROKER_DEFAULT && v < 1) {
                    throw new org.apache.kafka.common.config.ConfigException(name, value, "a replication factor is at least 1, or -1 for the cluster's default.replication.factor");
                }
            }, Importance.MEDIUM,
                    "Replication factor of the topics the app creates and of Kafka Streams' internal topics; -1 takes the cluster's "
                            + "default.replication.factor (set it to 3 on a cluster of 3 or more brokers).")
            .define(SERDE_FORMAT, Type.STRING, FORMAT_SINGLE_OBJECT, ConfigDef.ValidString.in(FORMAT_SINGLE_OBJECT, FORMAT_CONFLUENT), Importance.MEDIUM,
                    "Wire format of the records the registry writes: single-object (Avro single-object encoding; schemas at /v1/schemas) "
                            + "or confluent (magic byte and schema id, for Confluent, Apicurio and Karapace deserializers; needs schema.registry.url). "
                            + "Both are read either way.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "", Importance.MEDIUM,
                    "Root of a schema registry's Confluent REST API (e.g. http://registry:8081, or Apicurio's http://apicurio:8080/apis/ccompat/v7); "
                            + "needed by serde.format=confluent, and to read records in that format.")
            .define(SCHEMA_REGISTRY_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
                    "Timeout of one schema registry request (ms).");

    static {
        SourcesConfig.define(DEFINITION);
    }

    private RegistryConfig(Map<String, ?> values) {
        super(DEFINITION, values, false);
    }

    /**
     * Merges the three layers; a later layer wins.
     *
     * @param configFile a properties file, or null for none
     * @param environment the process environment (usually {@link System#getenv()})
     * @param flags values given on the command line, keyed by config key; null values are ignored
     * @throws ConfigException if a value has the wrong type or range, or the file cannot be read
     */
    public static RegistryConfig load(Path configFile, Map<String, String> environment, Map<String, ?> flags) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (configFile != null) {
            merged.putAll(readFile(configFile));
        }
        merged.putAll(fromEnvironment(environment));
        // a misspelt variable would otherwise be ignored without a word
        unknownVariables(environment).forEach(v -> LOG.warn("{} is set but is no setting of this version; ignored (see the README's configuration table)", v));
        flags.forEach((k, v) -> {
            if (v != null) {
                merged.put(k, v);
            }
        });
        return new RegistryConfig(merged);
    }

    static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k)));
        return values;
    }

    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        String bootstrap = environment.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap != null && !bootstrap.isBlank()) {
            values.put(BOOTSTRAP_SERVERS, bootstrap);
        }
        environment.forEach((name, value) -> keyOfVariable(name).ifPresent(key -> values.put(key, value)));
        return values;
    }

    /**
     * @return the {@code MODEL_REGISTRY_*} variables in {@code environment} that set nothing,
     *     sorted (a typo such as {@code MODEL_REGISTRY_HTTP_PROT})
     */
    public static java.util.List<String> unknownVariables(Map<String, String> environment) {
        return environment.keySet().stream().filter(n -> n.startsWith(ENV_PREFIX)).filter(n -> keyOfVariable(n).isEmpty())
                // the launcher's own variables, read by bin/model-registry before the JVM starts
                .filter(n -> !LAUNCHER_VARIABLES.contains(n)).sorted().toList();
    }

    /**
     * @param variable an environment variable's name, never null
     * @return the setting it sets ({@code MODEL_REGISTRY_HTTP_PORT}: {@code http.port}), or empty
     *     if it sets none (another prefix, or no such key)
     */
    public static java.util.Optional<String> keyOfVariable(String variable) {
        if (!variable.startsWith(ENV_PREFIX)) {
            return java.util.Optional.empty();
        }
        String key = variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        // kafka.* reaches every Kafka client (security settings in a container, say);
        // Kafka's client settings have no underscores, so the mapping is unambiguous
        return DEFINITION.names().contains(key) || key.startsWith(KAFKA_PASSTHROUGH_PREFIX) ? java.util.Optional.of(key) : java.util.Optional.empty();
    }

    /** @return settings for every Kafka client: bootstrap servers plus the {@code kafka.*} pass-through keys */
    public Map<String, Object> kafkaClientSettings() {
        Map<String, Object> settings = new HashMap<>();
        originals().forEach((k, v) -> {
            if (k.startsWith(KAFKA_PASSTHROUGH_PREFIX) && !DEFINITION.names().contains(k)) {
                settings.put(k.substring(KAFKA_PASSTHROUGH_PREFIX.length()), v);
            }
        });
        settings.put(BOOTSTRAP_SERVERS, getString(BOOTSTRAP_SERVERS));
        return settings;
    }

    /** @return the data directory as a path */
    public Path dataDir() {
        return Path.of(getString(DATA_DIR)).toAbsolutePath().normalize();
    }

    /** @return the Streams state directory, defaulting under the data directory */
    public Path stateDir() {
        String dir = getString(STATE_DIR);
        return dir.isBlank() ? dataDir().resolve("streams") : Path.of(dir).toAbsolutePath().normalize();
    }

    /** @return the sync store directory, defaulting under the data directory */
    public Path syncStoreDir() {
        String dir = getString(SYNC_STORE_DIR);
        return dir.isBlank() ? dataDir().resolve("sync") : Path.of(dir).toAbsolutePath().normalize();
    }

    /** @return the write token, or null when writes are disabled */
    public String writeToken() {
        org.apache.kafka.common.config.types.Password p = getPassword(API_WRITE_TOKEN);
        return p == null ? null : p.value();
    }

    /**
     * @return the serdes of every record type, writing {@link #SERDE_FORMAT}
     * @throws ConfigException if the Confluent format is asked for without a usable {@link #SCHEMA_REGISTRY_URL}
     */
    public dev.modelregistry.schemas.encoding.RegistrySerdes serdes() {
        String url = getString(SCHEMA_REGISTRY_URL).strip();
        boolean confluent = getString(SERDE_FORMAT).equals(FORMAT_CONFLUENT);
        if (url.isEmpty()) {
            if (confluent) {
                throw new ConfigException(SERDE_FORMAT + "=" + FORMAT_CONFLUENT + " needs " + SCHEMA_REGISTRY_URL
                        + " (a Confluent-compatible schema registry's REST API)");
            }
            return new dev.modelregistry.schemas.encoding.RegistrySerdes();
        }
        try {
            return new dev.modelregistry.schemas.encoding.RegistrySerdes(dev.modelregistry.schemas.encoding.ReleasedSchemas.load(),
                    new dev.modelregistry.schemas.encoding.SchemaRegistryClient(url, java.time.Duration.ofMillis(getLong(SCHEMA_REGISTRY_TIMEOUT_MS))),
                    confluent);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, "(not shown)", e.getMessage());
        }
    }

    /** @return the topic names and creation settings */
    public RegistryTopics topics() {
        return new RegistryTopics(getString(TOPIC_EVENTS), getString(TOPIC_HISTORY), getString(TOPIC_STATE),
                getString(TOPIC_REJECTED), getInt(TOPIC_PARTITIONS), getShort(TOPIC_REPLICATION_FACTOR));
    }

    /** @return this instance's address for other instances: application.server, else http.host:http.port */
    public String applicationServer() {
        String server = getString(APPLICATION_SERVER);
        return server.isBlank() ? getString(HTTP_HOST) + ":" + getInt(HTTP_PORT) : server;
    }

    /** @return the settings of the streams runner */
    public StreamsSettings streamsSettings() {
        return new StreamsSettings(kafkaClientSettings(), getString(APPLICATION_ID), stateDir(),
                getInt(NUM_STANDBY_REPLICAS), Duration.ofMillis(getLong(COMMIT_INTERVAL_MS)), applicationServer(),
                topics(),
                getBoolean(STATIC_MEMBERSHIP) ? StreamsSettings.instanceIdFor(getString(APPLICATION_ID), applicationServer()) : null,
                getLong(ROCKSDB_MEMORY_MB) * 1024 * 1024);
    }

    /** @return a Markdown table of every key, its default and its doc: the README's config table */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| key | env | default | meaning |\n|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            String env = ENV_PREFIX + key.name.toUpperCase(Locale.ROOT).replace('.', '_');
            table.append("| `").append(key.name).append("` | `").append(env).append("` | `")
                    .append(key.hasDefault() ? String.valueOf(key.defaultValue) : "").append("` | ")
                    .append(key.documentation).append(" |\n");
        }
        return table.toString();
    }
}
