package dev.modelregistry.api.http;

import dev.modelregistry.api.cache.AnswerCache;
import dev.modelregistry.api.changes.ChangeFeed;
import dev.modelregistry.api.cluster.ClusterReads;
import dev.modelregistry.api.cluster.KafkaClusterReads;
import dev.modelregistry.api.cluster.LocalReads;
import dev.modelregistry.api.http.routes.AdviceRoutes;
import dev.modelregistry.api.http.routes.CatalogRoutes;
import dev.modelregistry.api.http.routes.ExportRoutes;
import dev.modelregistry.api.http.routes.ChangeRoutes;
import dev.modelregistry.api.http.routes.HistoryRoutes;
import dev.modelregistry.api.http.routes.InternalRoutes;
import dev.modelregistry.api.http.routes.ModelRoutes;
import dev.modelregistry.api.http.routes.OperationsRoutes;
import dev.modelregistry.api.http.routes.SchemaRoutes;
import dev.modelregistry.api.http.routes.SourceRoutes;
import dev.modelregistry.api.http.routes.UiRoutes;
import dev.modelregistry.api.http.routes.WriteRoutes;
import dev.modelregistry.api.ollama.OllamaDetails;
import dev.modelregistry.api.routing.InstanceRouter;
import dev.modelregistry.api.write.EventWriter;
import dev.modelregistry.catalogs.source.SourceStatus;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.query.RegistryReader;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import dev.modelregistry.streams.topology.FoldListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The query API of one registry instance, assembled over its Kafka parts: the stream processor's
 * stores (read through {@link ClusterReads}), the events topic (writes), the history topic
 * (change feed). Any instance answers any request; each answer carries
 * {@code X-Consistency-Token}, and {@code min_position} makes a read wait, bounded, until the
 * answering store reached it.
 */
public final class QueryApi implements AutoCloseable {

    /**
     * @param host address to bind
     * @param port port to bind (0 = any free port)
     * @param writeToken bearer token for the write endpoints; null or blank disables writes
     * @param forwardTimeout timeout of calls to other instances
     * @param minPositionWait longest wait for {@code min_position} before a 503
     * @param ollamaUrl base URL of an Ollama server for model details, or null
     */
    public record Settings(String host, int port, String writeToken, Duration forwardTimeout, Duration minPositionWait, String ollamaUrl) {
        /** Settings without an Ollama server. */
        public Settings(String host, int port, String writeToken, Duration forwardTimeout, Duration minPositionWait) {
            this(host, port, writeToken, forwardTimeout, minPositionWait, null);
        }
    }

    private final Settings settings;
    private final RegistryStreamsApp app;
    private final RegistrySerdes serdes;
    private final RegistryTopics topics;
    private final Map<String, Object> clientSettings;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private final AnswerCache cache = new AnswerCache();
    /** Feeds the fold's signals to the cache. */
    private final FoldListener cacheFeed = FoldListener.of(cache::changed, cache::reset);
    private Supplier<List<SourceStatus>> sources = List::of;
    private Cors cors = new Cors(List.of());
    private EventWriter writer;
    private ApiServer server;

    /**
     * @param clientSettings Kafka client settings (bootstrap servers, security) for the writer and the change feed
     */
    public QueryApi(Settings settings, RegistryStreamsApp app, RegistrySerdes serdes, Map<String, Object> clientSettings, RegistryTopics topics) {
        this.settings = settings;
        this.app = app;
        this.serdes = serdes;
        this.topics = topics;
        this.clientSettings = clientSettings;
        this.streamsMetrics = new KafkaStreamsMetrics(app.streams());
        streamsMetrics.bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        Gauge.builder("registry_read_cache_answers", cache, AnswerCache::size)
                .description("Rendered model answers this instance serves from memory until their model changes")
                .register(metrics);
    }

    /**
     * Serves the catalog sources' freshness ({@code GET /v1/sources}, the ready answer, and the
     * {@code registry_source_*} metrics) from {@code statuses}; call before {@link #start()}.
     *
     * @param statuses every configured source's latest status, in precedence order; never null
     * @return this
     */
    public QueryApi sources(Supplier<List<SourceStatus>> statuses) {
        this.sources = statuses;
        SourceMetrics.bind(metrics, statuses, Clock.systemUTC());
        return this;
    }

    /**
     * Lets pages on {@code origins} read from a browser ({@code *}: any); call before {@link #start()}.
     *
     * @return this
     */
    public QueryApi cors(List<String> origins) {
        this.cors = new Cors(origins);
        return this;
    }

    /** Starts listening. */
    public void start() {
        RegistryReader reader = app.reader();
        HostInfo self = reader.self();
        LocalReads store = new LocalReads(reader, topics.events(), settings.minPositionWait());
        InstanceRouter router = new InstanceRouter(app.streams(), self, settings.forwardTimeout());
        ClusterReads reads = new KafkaClusterReads(store, router, serdes);
        app.signals().subscribe(cacheFeed);
        writer = new EventWriter(clientSettings, topics.events(), serdes.events(), Clock.systemUTC());
        server = new ApiServer(settings.host(), settings.port(), self == null ? null : self.host() + ":" + self.port(), List.of(
                new ModelRoutes(reads, cache),
                new HistoryRoutes(reads, cache),
                new CatalogRoutes(reads),
                new ExportRoutes(reads, cache),
                new AdviceRoutes(reads, new OllamaDetails(settings.ollamaUrl(), settings.forwardTimeout())),
                new ChangeRoutes(new ChangeFeed(clientSettings, topics.history(), serdes.changes())),
                new WriteRoutes(reads, writer, settings.writeToken()),
                new SourceRoutes(sources, Clock.systemUTC()),
                new SchemaRoutes(topics, serdes.confluentRegistry()),
                new OperationsRoutes(() -> notReady(reader), metrics::scrape, sources, Clock.systemUTC()),
                new InternalRoutes(store, serdes),
                new UiRoutes()), cors);
    }

    /** @return the bound port */
    public int port() {
        return server.port();
    }

    /** @return every route with the path the OpenAPI document uses */
    public List<RouteTable.Route> routes() {
        return server.routes();
    }

    private Optional<String> notReady(RegistryReader reader) {
        KafkaStreams.State state = app.state();
        if (state != KafkaStreams.State.RUNNING) {
            return Optional.of("stream processor is " + state);
        }
        // Only the partitions this instance answers for count. Standby and warm-up copies are not
        // answered from unless the owner fails, and under exactly-once their reported lag stayed
        // above 0 with no new writes at all (changelogs end with transaction markers), which kept
        // a second instance unready for good.
        Set<Integer> active = reader.activeLocalPartitions();
        long lag = 0;
        for (Map<Integer, LagInfo> byPartition : app.streams().allLocalStorePartitionLags().values()) {
            for (Map.Entry<Integer, LagInfo> l : byPartition.entrySet()) {
                if (active.contains(l.getKey())) {
                    lag += Math.max(0, l.getValue().offsetLag());
                }
            }
        }
        return lag > 0 ? Optional.of("stores are restoring (" + lag + " records behind)") : Optional.empty();
    }

    @Override
    public void close() {
        app.signals().unsubscribe(cacheFeed);
        if (server != null) {
            server.close();
        }
        if (writer != null) {
            writer.close();
        }
        streamsMetrics.close();
        metrics.close();
    }
}
