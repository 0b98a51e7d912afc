package dev.modelregistry.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.changes.ChangeFeed;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.api.params.ParameterAdvice;
import dev.modelregistry.api.query.ModelFilter;
import dev.modelregistry.api.query.ModelQueries;
import dev.modelregistry.api.routing.InstanceRouter;
import dev.modelregistry.api.write.EventWriter;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.diff.SpecDiff;
import dev.modelregistry.schemas.diff.SpecFields;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.query.Answer;
import dev.modelregistry.streams.query.NotLocalException;
import dev.modelregistry.streams.query.RegistryReader;
import dev.modelregistry.streams.query.StoreUnavailableException;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (Javalin on Jetty) over one registry instance. Any instance answers any request:
 * a key owned by another instance is forwarded there; lists gather from every instance. Each
 * answer carries {@code X-Consistency-Token}; {@code min_position} (query parameter or header)
 * makes a read wait, bounded, until this instance's stores reached it.
 */
public final class QueryApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueryApi.class);
    static final String TOKEN_HEADER = "X-Consistency-Token";
    static final String MIN_POSITION = "min_position";
    /** Header on a request forwarded to a standby: answer from the standby copy. */
    static final String STANDBY = "X-Registry-Standby";
    private static final int MAX_LIMIT = 1000;

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

    /** One documented route: method and OpenAPI path. */
    public record Route(String method, String path) {
    }

    private final Settings settings;
    private final RegistryStreamsApp app;
    private final RegistryReader reader;
    private final RegistryReader standbyReader;
    private final RegistryTopics topics;
    private final RegistrySerdes serdes;
    private final InstanceRouter router;
    private final ChangeFeed feed;
    private final EventWriter writer;
    private final dev.modelregistry.api.ollama.OllamaDetails ollama;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private final List<Route> routes = new ArrayList<>();
    private final List<Thread> streamThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Set<SseClient> sseClients = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Javalin javalin;

    public QueryApi(Settings settings, RegistryStreamsApp app, RegistrySerdes serdes, Map<String, Object> clientSettings, RegistryTopics topics) {
        this.settings = settings;
        this.app = app;
        this.reader = app.reader();
        this.standbyReader = reader.allowingStandby();
        this.topics = topics;
        this.serdes = serdes;
        this.router = new InstanceRouter(app.streams(), reader.self(), settings.forwardTimeout());
        this.feed = new ChangeFeed(clientSettings, topics.history(), serdes.changes());
        this.writer = new EventWriter(clientSettings, topics.events(), serdes.events(), Clock.systemUTC());
        this.ollama = new dev.modelregistry.api.ollama.OllamaDetails(settings.ollamaUrl(), settings.forwardTimeout());
        this.streamsMetrics = new KafkaStreamsMetrics(app.streams());
        streamsMetrics.bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
    }

    /** Starts listening. */
    public void start() {
        javalin = Javalin.create(config -> {
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.startup.showJavalinBanner = false;
            // Stop within 5 s even with requests in flight, so shutdown never hangs on a slow client.
            config.jetty.modifyServer(server -> server.setStopTimeout(5_000));
            String self = router.self().host() + ":" + router.self().port();
            config.routes.before(ctx -> ctx.header(InstanceRouter.ANSWERED_BY, self));
            get(config, "/v1/models", "/v1/models", this::listModels);
            get(config, "/v1/models/<id>", null, this::modelRoutes);
            post(config, "/v1/models", "/v1/models", this::register);
            post(config, "/v1/models/<id>", null, this::modelPostRoutes);
            get(config, "/v1/compare", "/v1/compare", this::compare);
            get(config, "/v1/codex/models", "/v1/codex/models", this::codexModels);
            get(config, "/v1/cost", "/v1/cost", this::cost);
            get(config, "/v1/ollama/models/{name}", "/v1/ollama/models/{name}", this::ollamaModel);
            get(config, "/v1/providers", "/v1/providers", this::providers);
            get(config, "/v1/stats", "/v1/stats", this::stats);
            get(config, "/v1/providers/{provider}", "/v1/providers/{provider}", this::provider);
            get(config, "/v1/changes", "/v1/changes", this::changes);
            routes.add(new Route("GET", "/v1/changes/stream"));
            config.routes.sse("/v1/changes/stream", this::stream);
            get(config, "/health/live", "/health/live", ctx -> ctx.json(Map.of("status", "live")));
            get(config, "/health/ready", "/health/ready", this::ready);
            get(config, "/metrics", "/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
            get(config, "/openapi.json", "/openapi.json", ctx -> ctx.contentType("application/json").result(OpenApiDocument.json()));
            get(config, "/internal/v1/states", "/internal/v1/states", this::internalStates);
            routes.add(new Route("GET", "/v1/models/{id}"));
            routes.add(new Route("GET", "/v1/models/{id}/history"));
            routes.add(new Route("GET", "/v1/models/{id}/diff"));
            routes.add(new Route("GET", "/v1/models/{id}/params"));
            routes.add(new Route("GET", "/v1/models/{id}/offerings"));
            routes.add(new Route("POST", "/v1/models/{id}/deprecation"));
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, ApiException.badRequest(e.getMessage())));
            config.routes.exception(StoreUnavailableException.class, (e, ctx) -> error(ctx, ApiException.unavailable(e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("request {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, new ApiException(500, "internal", "internal error; see the server log"));
            });
            config.routes.error(404, ctx -> {
                if (ctx.attribute("apiError") == null && ctx.attribute("forwarded") == null) {
                    error(ctx, ApiException.notFound("no route " + ctx.method() + " " + ctx.path()));
                }
            });
            config.routes.error(405, ctx -> error(ctx, new ApiException(405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path())));
        }).start();
        log.info("query API listening on {}:{}", settings.host(), javalin.port());
    }

    /** @return the bound port */
    public int port() {
        return javalin.port();
    }

    /** @return every route with the path the OpenAPI document uses */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    private void get(io.javalin.config.JavalinConfig config, String pattern, String documented, Handler handler) {
        if (documented != null) {
            routes.add(new Route("GET", documented));
        }
        config.routes.get(pattern, handler);
    }

    private void post(io.javalin.config.JavalinConfig config, String pattern, String documented, Handler handler) {
        if (documented != null) {
            routes.add(new Route("POST", documented));
        }
        config.routes.post(pattern, handler);
    }

    // ---------------------------------------------------------------- models

    private void modelRoutes(Context ctx) {
        String rest = ctx.pathParam("id");
        if (rest.endsWith("/history")) {
            history(ctx, rest.substring(0, rest.length() - "/history".length()));
        } else if (rest.endsWith("/diff")) {
            diff(ctx, rest.substring(0, rest.length() - "/diff".length()));
        } else if (rest.endsWith("/params")) {
            params(ctx, rest.substring(0, rest.length() - "/params".length()));
        } else if (rest.endsWith("/offerings")) {
            offerings(ctx, rest.substring(0, rest.length() - "/offerings".length()));
        } else {
            getModel(ctx, rest);
        }
    }

    private void modelPostRoutes(Context ctx) {
        String rest = ctx.pathParam("id");
        if (!rest.endsWith("/deprecation")) {
            throw ApiException.notFound("no route POST " + ctx.path());
        }
        deprecate(ctx, rest.substring(0, rest.length() - "/deprecation".length()));
    }

    private void getModel(Context ctx, String name) {
        Instant asOf = instant(ctx, "as_of");
        Long version = longParam(ctx, "version", 1);
        if (asOf != null && version != null) {
            throw ApiException.badRequest("give as_of or version, not both");
        }
        Position min = minPosition(ctx);
        perModel(ctx, name, id -> {
            if (version != null) {
                Answer<ModelChange> a = readerFor(ctx).version(id, version, min);
                return a.value() == null ? null : answer(ctx, stateView(a.value()), a.position());
            }
            Answer<ModelState> a = asOf != null ? readerFor(ctx).asOf(id, asOf, min) : readerFor(ctx).current(id, min);
            return a.value() == null ? null : answer(ctx, SpecJson.state(a.value()), a.position());
        }, id -> {
            throw ApiException.notFound(asOf == null && version == null ? "unknown model '" + id + "'"
                    : id + " has no " + (version != null ? "version " + version : "version valid at " + asOf));
        });
    }

    /**
     * Answers a request about one model, wherever it lives: {@code query} runs here if this
     * instance owns the model's partition, else the request is forwarded to the owner and its
     * answer relayed. A name that is no model's id is tried as an alias (the answer then says
     * {@code resolvedFrom}).
     *
     * @param query the answer for a canonical id, or null if that model (or the asked version) is unknown
     * @param unknown writes the answer (or throws the error) when neither the name nor an alias is known
     */
    private void perModel(Context ctx, String name, Function<String, ObjectNode> query, Consumer<String> unknown) {
        String id = name.toLowerCase(Locale.ROOT);
        Optional<ObjectNode> local = local(ctx, id, () -> query.apply(id));
        if (local.isPresent()) {
            ctx.json(local.get());
            return;
        }
        if (ctx.attribute("forwarded") != null) {
            return;
        }
        if (ctx.header(InstanceRouter.FORWARDED) != null) {
            // Always a 404 here, never the unknown-model answer: the instance that received the
            // request then tries the name as an alias, and only then answers for an unknown model.
            throw ApiException.notFound("unknown model '" + id + "'");
        }
        String canonical = resolveAlias(ctx, id, minPosition(ctx));
        if (!canonical.equals(id)) {
            ctx.attribute("resolvedFrom", id);
            perModel(ctx, canonical, query, unknown);
            return;
        }
        unknown.accept(id);
    }

    private ObjectNode answer(Context ctx, ObjectNode body, Position position) {
        setToken(ctx, position);
        Object from = ctx.attribute("resolvedFrom");
        if (from != null) {
            body.put("resolvedFrom", from.toString());
        }
        return body;
    }

    private static ObjectNode stateView(ModelChange c) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", c.getModelId());
        out.put("version", c.getVersion());
        out.put("recordedAt", c.getRecordedAt().toString());
        out.set("spec", SpecJson.record(c.getSpec()));
        return out;
    }

    /**
     * Runs {@code query} here if this instance owns {@code id}'s partition, else forwards the whole
     * request to the owner and relays its answer (then returns empty with the response written).
     */
    private Optional<ObjectNode> local(Context ctx, String id, Supplier<ObjectNode> query) {
        try {
            return Optional.ofNullable(awaitPosition(query));
        } catch (NotLocalException e) {
            if (ctx.header(STANDBY) != null) {
                throw ApiException.unavailable("this instance holds no copy of '" + id + "'");
            }
            if (ctx.header(InstanceRouter.FORWARDED) != null) {
                throw ApiException.unavailable("partition of '" + id + "' moved while the request was forwarded; retry");
            }
            HostInfo owner = e.active();
            if (owner == null) {
                throw ApiException.unavailable("no instance owns '" + id + "' right now (rebalancing); retry");
            }
            String query2 = ctx.queryString();
            String target = "/v1/models/" + id + suffix(ctx) + (query2 == null ? "" : "?" + query2);
            Optional<InstanceRouter.Forwarded> answered = router.get(owner, target, ctx.header("X-Min-Position"));
            if (answered.isEmpty()) {
                // The owner is down or slow: a standby copy answers instead, possibly slightly behind.
                for (HostInfo standby : e.standbys()) {
                    answered = standby.equals(router.self()) ? Optional.empty() : router.get(standby, target, ctx.header("X-Min-Position"), true);
                    if (standby.equals(router.self())) {
                        ctx.attribute("standbyLocal", true);
                        return Optional.ofNullable(awaitPosition(query));
                    }
                    if (answered.isPresent() && answered.get().status() != 503) {
                        break;
                    }
                }
            }
            InstanceRouter.Forwarded f = answered
                    .orElseThrow(() -> ApiException.unavailable("the instance owning '" + id + "' (" + owner.host() + ":" + owner.port()
                            + ") did not answer within " + settings.forwardTimeout().toMillis() + " ms and no standby could"));
            if (f.token() != null) {
                ctx.header(TOKEN_HEADER, f.token());
            }
            if (f.retryAfter() != null) {
                ctx.header("Retry-After", f.retryAfter());
            }
            if (f.answeredBy() != null) {
                ctx.header(InstanceRouter.ANSWERED_BY, f.answeredBy());
            }
            if (f.status() == 404) {
                // The owner does not know this name: it may be an alias, which this instance resolves.
                return Optional.empty();
            }
            byte[] body = f.body();
            Object from = ctx.attribute("resolvedFrom");
            if (from != null && f.status() == 200) {
                try {
                    ObjectNode json = (ObjectNode) SpecJson.MAPPER.readTree(body);
                    json.put("resolvedFrom", from.toString());
                    body = SpecJson.MAPPER.writeValueAsBytes(json);
                } catch (IOException | ClassCastException notJson) {
                    // not a JSON object: relay as is
                }
            }
            ctx.status(f.status()).contentType(f.contentType()).result(body);
            ctx.attribute("forwarded", true);
            return Optional.empty();
        }
    }

    private static String suffix(Context ctx) {
        String rest = ctx.pathParam("id");
        for (String s : List.of("/history", "/diff", "/params")) {
            if (rest.endsWith(s)) {
                return s;
            }
        }
        return "";
    }

    /** @return the reader for this request: standby copies allowed when asked to, or when the owner failed */
    private RegistryReader readerFor(Context ctx) {
        return ctx.header(STANDBY) != null || ctx.attribute("standbyLocal") != null ? standbyReader : reader;
    }

    /** Retries a read while the store has not reached {@code min_position}, up to the bounded wait. */
    private <T> T awaitPosition(Supplier<T> query) {
        long deadline = System.nanoTime() + settings.minPositionWait().toNanos();
        while (true) {
            try {
                return query.get();
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw new ApiException(503, "not_caught_up", e.getMessage().contains("NOT_UP_TO_BOUND")
                            ? "this instance has not yet reached the requested min_position; retry" : e.getMessage(), 1);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
        }
    }

    private String resolveAlias(Context ctx, String name, Position min) {
        return ModelQueries.resolve(allStates(null, min, ctx, Selection.resolving(List.of(name))), name).map(ModelState::getModelId).orElse(name);
    }

    /** Query parameters of the list filter, passed on to the other instances so they filter before sending. */
    private static final List<String> FILTER_PARAMS = List.of("provider", "capability", "type", "endpoint", "status", "min_context",
            "max_input_price", "max_output_price", "q", "base_model", "conflicting");

    /**
     * Which models a gathering needs: all of them, those a list filter keeps, or those that names
     * may resolve to. The other instances apply the same selection ({@code query}, sent to their
     * {@code /internal/v1/states}) and send only those models.
     *
     * @param query query parameters for {@code /internal/v1/states}, URL-encoded, empty for all
     * @param keep the same selection, applied here
     */
    private record Selection(String query, Predicate<ModelState> keep) {
        static final Selection ALL = new Selection("", s -> true);

        static Selection resolving(List<String> names) {
            Predicate<ModelState> any = s -> false;
            StringBuilder q = new StringBuilder();
            for (String n : names) {
                any = any.or(ModelQueries.mayResolve(n));
                q.append(q.length() == 0 ? "" : "&").append("name=").append(URLEncoder.encode(n, StandardCharsets.UTF_8));
            }
            return new Selection(q.toString(), any);
        }

        static Selection filtering(Context ctx, ModelFilter filter) {
            StringBuilder q = new StringBuilder();
            for (String param : FILTER_PARAMS) {
                for (String v : ctx.queryParams(param)) {
                    q.append(q.length() == 0 ? "" : "&").append(param).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                }
            }
            return new Selection(q.toString(), s -> filter.test(s.getSpec()));
        }
    }

    private void listModels(Context ctx) {
        ModelFilter filter = filter(ctx);
        int limit = limit(ctx, 50);
        String sort = ctx.queryParam("sort");
        ModelQueries.comparatorCheck(sort);
        List<ModelState> states = allStates(instant(ctx, "as_of"), minPosition(ctx), ctx, Selection.filtering(ctx, filter));
        ModelQueries.Page page = ModelQueries.page(states, filter, sort, limit, ctx.queryParam("cursor"));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray("items");
        page.items().forEach(s -> items.add(SpecJson.state(s)));
        out.put("total", page.total());
        out.put("next_cursor", page.nextCursor());
        ctx.json(out);
    }

    private ModelFilter filter(Context ctx) {
        String status = ctx.queryParam("status");
        if (status != null && List.of("active", "deprecated", "retired").stream().noneMatch(status::equalsIgnoreCase)) {
            throw ApiException.badRequest("status must be active, deprecated or retired, got '" + status + "'");
        }
        String conflicting = ctx.queryParam("conflicting");
        if (conflicting != null && !conflicting.equals("true") && !conflicting.equals("false")) {
            throw ApiException.badRequest("conflicting must be true or false, got '" + conflicting + "'");
        }
        return new ModelFilter(ctx.queryParam("provider"), ctx.queryParams("capability"), ctx.queryParam("type"),
                ctx.queryParam("endpoint"), status, longParam(ctx, "min_context", 0),
                ModelQueries.parsePrice(ctx.queryParam("max_input_price"), "max_input_price"),
                ModelQueries.parsePrice(ctx.queryParam("max_output_price"), "max_output_price"), ctx.queryParam("q"),
                ctx.queryParam("base_model"), conflicting == null ? null : Boolean.valueOf(conflicting));
    }

    /** Every model's state (as of an instant, or current) gathered from every instance. */
    private List<ModelState> allStates(Instant asOf, Position min, Context ctx) {
        return allStates(asOf, min, ctx, Selection.ALL);
    }

    /** The selected models' states (as of an instant, or current) gathered from every instance. */
    private List<ModelState> allStates(Instant asOf, Position min, Context ctx, Selection selection) {
        List<ModelState> all = new ArrayList<>(awaitPosition(() -> localStates(asOf, min)).stream().filter(selection.keep()).toList());
        Map<Integer, Long> token = new TreeMap<>();
        if (ctx.header(InstanceRouter.FORWARDED) == null) {
            List<String> params = new ArrayList<>();
            if (asOf != null) {
                params.add("as_of=" + asOf);
            }
            String minText = ctx.queryParam(MIN_POSITION) != null ? ctx.queryParam(MIN_POSITION) : ctx.header("X-Min-Position");
            if (minText != null) {
                params.add(MIN_POSITION + "=" + URLEncoder.encode(minText, StandardCharsets.UTF_8));
            }
            if (!selection.query().isEmpty()) {
                params.add(selection.query());
            }
            String q = "/internal/v1/states" + (params.isEmpty() ? "" : "?" + String.join("&", params));
            for (HostInfo other : router.others()) {
                InstanceRouter.Forwarded f = router.get(other, q).orElseThrow(() -> ApiException.unavailable(
                        "instance " + other.host() + ":" + other.port() + " did not answer; the list would be incomplete"));
                if (f.status() != 200) {
                    throw new ApiException(f.status() == 503 ? 503 : 502, "upstream", "instance " + other.host() + ":" + other.port()
                            + " answered " + f.status() + ": " + new String(f.body(), StandardCharsets.UTF_8), 1);
                }
                all.addAll(decodeStates(f.body()));
                if (f.token() != null) {
                    ConsistencyToken.decode(f.token()).offsets().forEach((p, o) -> token.merge(p, o, Math::max));
                }
            }
        }
        Position here = lastLocalPosition;
        if (here != null && here.getTopics().contains(topics.events())) {
            here.getPartitionPositions(topics.events()).forEach((p, o) -> token.merge(p, o, Math::max));
        }
        if (!token.isEmpty()) {
            ctx.header(TOKEN_HEADER, new ConsistencyToken(topics.events(), token).encode());
        }
        return all;
    }

    private volatile Position lastLocalPosition;

    private List<ModelState> localStates(Instant asOf, Position min) {
        Answer<List<ModelState>> current = reader.allLocal(min);
        lastLocalPosition = current.position();
        if (asOf == null) {
            return current.value();
        }
        List<ModelState> out = new ArrayList<>();
        for (ModelState s : current.value()) {
            ModelState then = reader.asOf(s.getModelId(), asOf, min).value();
            if (then != null) {
                out.add(then);
            }
        }
        return out;
    }

    /** The selection a gathering instance asked for (see {@link Selection}). */
    private Predicate<ModelState> selection(Context ctx) {
        List<String> names = ctx.queryParams("name");
        if (!names.isEmpty()) {
            return Selection.resolving(names).keep();
        }
        ModelFilter filter = filter(ctx);
        return s -> filter.test(s.getSpec());
    }

    private void internalStates(Context ctx) {
        String one = ctx.queryParam("id");
        List<ModelState> states = one != null
                ? awaitPosition(() -> {
                    Instant at = instant(ctx, "as_of");
                    Answer<ModelState> a = at == null ? reader.current(one, minPosition(ctx)) : reader.asOf(one, at, minPosition(ctx));
                    lastLocalPosition = a.position();
                    return a.value() == null ? List.<ModelState>of() : List.of(a.value());
                })
                : awaitPosition(() -> localStates(instant(ctx, "as_of"), minPosition(ctx))).stream().filter(selection(ctx)).toList();
        setToken(ctx, lastLocalPosition);
        ctx.contentType("application/octet-stream").result(serdes.states().encodeAll(states));
    }

    private List<ModelState> decodeStates(byte[] body) {
        try {
            return serdes.states().decodeAll(body);
        } catch (dev.modelregistry.schemas.encoding.UndecodableRecordException e) {
            throw new ApiException(502, "upstream", "another instance sent an unreadable state list");
        }
    }

    private void history(Context ctx, String name) {
        Instant from = instant(ctx, "from");
        Instant to = instant(ctx, "to");
        int limit = limit(ctx, 100);
        long start = ctx.queryParam("cursor") == null ? 1 : cursorVersion(ctx.queryParam("cursor"));
        Position min = minPosition(ctx);
        perModel(ctx, name, id -> {
            Answer<List<ModelChange>> all = readerFor(ctx).history(id, start, Integer.MAX_VALUE, min);
            if (all.value().isEmpty() && start == 1) {
                return null;
            }
            List<ModelChange> inRange = all.value().stream()
                    .filter(c -> from == null || !c.getRecordedAt().isBefore(from))
                    .filter(c -> to == null || c.getRecordedAt().isBefore(to)).toList();
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("id", id);
            ArrayNode items = out.putArray("items");
            inRange.stream().limit(limit).forEach(c -> items.add(SpecJson.change(c, ctx.queryParam("with_spec") != null)));
            out.put("next_cursor", inRange.size() > limit ? "v" + inRange.get(limit).getVersion() : null);
            return answer(ctx, out, all.position());
        }, id -> {
            throw ApiException.notFound("unknown model '" + id + "'");
        });
    }

    private static long cursorVersion(String cursor) {
        if (!cursor.matches("v\\d+")) {
            throw ApiException.badRequest("cursor '" + cursor + "' is not one this API gave out");
        }
        return Long.parseLong(cursor.substring(1));
    }

    private void diff(Context ctx, String name) {
        String fromText = ctx.queryParam("from");
        String toText = ctx.queryParam("to");
        if (fromText == null) {
            throw ApiException.badRequest("from is required (a version number or an instant)");
        }
        Position min = minPosition(ctx);
        perModel(ctx, name, id -> {
            ModelState a = versionOrInstant(ctx, id, fromText, "from", min);
            ModelState b = toText == null ? readerFor(ctx).current(id, min).value() : versionOrInstant(ctx, id, toText, "to", min);
            if (a == null || b == null) {
                return null;
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("id", id);
            out.putObject("from").put("version", a.getVersion()).put("recordedAt", a.getUpdatedAt().toString());
            out.putObject("to").put("version", b.getVersion()).put("recordedAt", b.getUpdatedAt().toString());
            out.set("changes", SpecJson.changes(SpecDiff.diff(a.getSpec(), b.getSpec())));
            return out;
        }, id -> {
            throw ApiException.notFound("unknown model '" + id + "', or no version at " + fromText + (toText == null ? "" : " / " + toText));
        });
    }

    private ModelState versionOrInstant(Context ctx, String id, String text, String name, Position min) {
        if (text.matches("\\d+")) {
            ModelChange c = readerFor(ctx).version(id, Long.parseLong(text), min).value();
            return c == null ? null : ModelState.newBuilder().setModelId(id).setVersion(c.getVersion()).setUpdatedAt(c.getRecordedAt())
                    .setLastEventId(c.getEventId()).setSpec(c.getSpec()).build();
        }
        try {
            return readerFor(ctx).asOf(id, Instant.parse(text), min).value();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be a version number or an ISO-8601 instant, got '" + text + "'");
        }
    }

    private void compare(Context ctx) {
        String ids = ctx.queryParam("ids");
        if (ids == null || ids.isBlank()) {
            throw ApiException.badRequest("ids is required: a comma-separated list of model ids or aliases");
        }
        List<String> names = java.util.Arrays.stream(ids.split(",")).map(String::strip).toList();
        List<ModelState> all = allStates(instant(ctx, "as_of"), minPosition(ctx), ctx, Selection.resolving(names));
        List<ModelState> chosen = new ArrayList<>();
        for (String name : ids.split(",")) {
            chosen.add(ModelQueries.resolve(all, name.strip())
                    .orElseThrow(() -> ApiException.notFound("unknown model '" + name.strip() + "'")));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode models = out.putArray("models");
        chosen.forEach(s -> models.add(SpecJson.state(s)));
        Map<String, Map<String, String>> byPath = new TreeMap<>();
        for (ModelState s : chosen) {
            SpecFields.flatten(s.getSpec()).forEach((path, v) -> {
                if (!path.startsWith("provenance.") && !path.startsWith("extras.") && !path.equals("id") && !path.equals("provider")) {
                    byPath.computeIfAbsent(path, k -> new LinkedHashMap<>()).put(s.getModelId(), v);
                }
            });
        }
        ObjectNode differing = out.putObject("differing");
        byPath.forEach((path, values) -> {
            boolean allSame = values.size() == chosen.size() && new TreeSet<>(values.values()).size() == 1;
            if (!allSame) {
                ObjectNode n = differing.putObject(path);
                for (ModelState s : chosen) {
                    n.set(s.getModelId(), values.containsKey(s.getModelId()) ? parse(values.get(s.getModelId())) : JsonNodeFactory.instance.nullNode());
                }
            }
        });
        ctx.json(out);
    }

    private static JsonNode parse(String json) {
        try {
            return SpecJson.MAPPER.readTree(json);
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(json);
        }
    }

    /**
     * Every provider's offering of one model, now or {@code as_of}: the canonical model (the
     * asked one's base model, or itself) and every model whose base model it is, each with its
     * prices and limits.
     */
    private void offerings(Context ctx, String name) {
        Instant asOf = instant(ctx, "as_of");
        Position min = minPosition(ctx);
        ModelState asked = ModelQueries.resolve(allStates(asOf, min, ctx, Selection.resolving(List.of(name))), name)
                .orElseThrow(() -> ApiException.notFound(asOf == null ? "unknown model '" + name + "'" : name + " did not exist at " + asOf));
        String root = asked.getSpec().getBaseModel() != null ? asked.getSpec().getBaseModel() : asked.getModelId();
        ModelFilter sameModel = new ModelFilter(null, List.of(), null, null, null, null, null, null, null, root, null);
        List<ModelState> offerings = allStates(asOf, min, ctx,
                new Selection("base_model=" + URLEncoder.encode(root, StandardCharsets.UTF_8), st -> sameModel.test(st.getSpec())));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("model", root);
        if (!asked.getModelId().equals(root)) {
            out.put("resolvedFrom", asked.getModelId());
        }
        if (asOf != null) {
            out.put("asOf", asOf.toString());
        }
        ArrayNode items = out.putArray("offerings");
        offerings.stream().sorted(java.util.Comparator.comparing((ModelState st) -> !st.getModelId().equals(root))
                        .thenComparing(ModelState::getModelId))
                .forEach(st -> items.add(SpecJson.offering(st, root)));
        out.put("total", items.size());
        ctx.json(out);
    }

    /** Coverage of the registry's answers: types, base models, aliases, conflicts, derived fields. */
    private void stats(Context ctx) {
        List<ModelState> all = allStates(instant(ctx, "as_of"), minPosition(ctx), ctx);
        ctx.json(SpecJson.MAPPER.valueToTree(ModelQueries.stats(all)));
    }

    private void providers(Context ctx) {
        List<ModelState> all = allStates(instant(ctx, "as_of"), minPosition(ctx), ctx);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        ModelQueries.providers(all).forEach(p -> out.add(SpecJson.MAPPER.valueToTree(p)));
        ctx.json(out);
    }

    private void provider(Context ctx) {
        String provider = ctx.pathParam("provider").toLowerCase(Locale.ROOT);
        List<ModelState> mine = allStates(instant(ctx, "as_of"), minPosition(ctx), ctx).stream()
                .filter(s -> s.getSpec().getProvider().equals(provider)).toList();
        if (mine.isEmpty()) {
            throw ApiException.notFound("unknown provider '" + provider + "'");
        }
        ObjectNode out = SpecJson.MAPPER.valueToTree(ModelQueries.providers(mine).get(0));
        ArrayNode models = out.putArray("model_ids");
        mine.stream().map(ModelState::getModelId).sorted().forEach(models::add);
        ctx.json(out);
    }

    // ---------------------------------------------------------------- seed behaviours

    private void codexModels(Context ctx) {
        String auth = ctx.queryParam("auth");
        if (auth == null) {
            throw ApiException.badRequest("auth is required: api_key or chatgpt");
        }
        String remote = ctx.queryParam("remote_models");
        if (remote != null && !remote.equals("true") && !remote.equals("false")) {
            throw ApiException.badRequest("remote_models must be true or false");
        }
        List<dev.modelregistry.api.codex.CodexModelList.Entry> list = dev.modelregistry.api.codex.CodexModelList.list(
                allStates(instant(ctx, "as_of"), minPosition(ctx), ctx), auth, "true".equals(remote));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("auth", auth);
        out.put("remote_models", "true".equals(remote));
        out.set("models", SpecJson.MAPPER.valueToTree(list));
        ctx.json(out);
    }

    private void params(Context ctx, String name) {
        Double temperature = null;
        if (ctx.queryParam("temperature") != null) {
            try {
                temperature = Double.parseDouble(ctx.queryParam("temperature"));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("temperature must be a number, got '" + ctx.queryParam("temperature") + "'");
            }
            if (temperature < 0 || temperature > 2) {
                throw ApiException.badRequest("temperature must be between 0 and 2");
            }
        }
        Double t = temperature;
        Position min = minPosition(ctx);
        // An unknown model still gets advice, inferred from its name (and marked so).
        perModel(ctx, name, id -> {
            ModelState state = readerFor(ctx).current(id, min).value();
            return state == null ? null : SpecJson.MAPPER.valueToTree(ParameterAdvice.advise(id, state.getSpec(), t));
        }, id -> ctx.json(SpecJson.MAPPER.valueToTree(ParameterAdvice.advise(id, null, t))));
    }

    private void cost(Context ctx) {
        String model = ctx.queryParam("model");
        if (model == null || model.isBlank()) {
            throw ApiException.badRequest("model is required");
        }
        long input = Optional.ofNullable(longParam(ctx, "input_tokens", 0)).orElse(0L);
        long output = Optional.ofNullable(longParam(ctx, "output_tokens", 0)).orElse(0L);
        Instant at = Optional.ofNullable(instant(ctx, "at")).orElse(Instant.now());
        Position min = minPosition(ctx);
        List<ModelState> now = allStates(null, min, ctx, Selection.resolving(List.of(model)));
        ModelState current = ModelQueries.resolve(now, model).orElseThrow(() -> ApiException.notFound("unknown model '" + model + "'"));
        ModelState then = stateAt(ctx, current.getModelId(), at, min);
        if (then == null) {
            throw ApiException.notFound(current.getModelId() + " did not exist at " + at);
        }
        dev.modelregistry.api.cost.CallCost.Cost cost;
        try {
            cost = dev.modelregistry.api.cost.CallCost.of(then, input, output);
        } catch (IllegalStateException e) {
            throw new ApiException(409, "no_price", e.getMessage() + " (as of " + at + ")");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", cost.id());
        out.put("version", cost.version());
        out.put("at", at.toString());
        out.put("pricesValidFrom", cost.pricesValidFrom().toString());
        out.put("currency", cost.currency());
        out.put("inputTokens", input);
        out.put("outputTokens", output);
        out.put("inputPerMillion", SpecFields.plain(cost.inputPerMillion()));
        out.put("outputPerMillion", SpecFields.plain(cost.outputPerMillion()));
        out.put("inputCost", SpecFields.plain(cost.inputCost()));
        out.put("outputCost", SpecFields.plain(cost.outputCost()));
        out.put("total", SpecFields.plain(cost.total()));
        ctx.json(out);
    }

    private void ollamaModel(Context ctx) {
        String name = ctx.pathParam("name");
        Position min = minPosition(ctx);
        dev.modelregistry.api.ollama.OllamaDetails.Details d = ollama.details(name, id -> {
            ModelState s = ModelQueries.resolve(allStates(null, min, ctx, Selection.resolving(List.of(id))), id).orElse(null);
            return s == null ? null : s.getSpec();
        });
        ctx.json(SpecJson.MAPPER.valueToTree(d));
    }

    /** The model's state at an instant, from whichever instance owns it. */
    private ModelState stateAt(Context ctx, String id, Instant at, Position min) {
        try {
            return awaitPosition(() -> reader.asOf(id, at, min)).value();
        } catch (NotLocalException e) {
            if (e.active() == null) {
                throw ApiException.unavailable("no instance owns '" + id + "' right now; retry");
            }
            InstanceRouter.Forwarded f = router.get(e.active(), "/internal/v1/states?id=" + id + "&as_of=" + at, ctx.header("X-Min-Position"))
                    .orElseThrow(() -> ApiException.unavailable("the instance owning '" + id + "' did not answer"));
            return decodeStates(f.body()).stream().findFirst().orElse(null);
        }
    }

    // ---------------------------------------------------------------- changes

    private void changes(Context ctx) {
        int limit = limit(ctx, 100);
        ChangeFeed.Page page = feed.read(ctx.queryParam("after"), limit, changeFilter(ctx));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray("items");
        page.entries().forEach(e -> items.add(changeEvent(e)));
        out.put("next", page.next());
        ctx.json(out);
    }

    private static ObjectNode changeEvent(ChangeFeed.Entry e) {
        ObjectNode n = SpecJson.change(e.change(), false);
        n.put("id", e.change().getModelId());
        n.put("position", e.cursor());
        return n;
    }

    private static Predicate<ModelChange> changeFilter(Context ctx) {
        String provider = ctx.queryParam("provider");
        String model = ctx.queryParam("model");
        return c -> (provider == null || c.getSpec().getProvider().equalsIgnoreCase(provider))
                && (model == null || c.getModelId().equalsIgnoreCase(model));
    }

    private void stream(SseClient client) {
        Context ctx = client.ctx();
        String lastId = ctx.header("Last-Event-ID");
        String after;
        try {
            after = lastId != null && !lastId.isBlank() ? lastId : ctx.queryParam("after") != null ? ctx.queryParam("after") : feed.now();
            ChangeFeed.validate(after);
        } catch (IllegalArgumentException e) {
            client.sendEvent("error", "{\"code\":\"bad_request\",\"message\":\"" + e.getMessage().replace("\"", "'") + "\"}", null);
            client.close();
            return;
        }
        Predicate<ModelChange> filter = changeFilter(ctx);
        client.keepAlive();
        sseClients.add(client);
        client.onClose(() -> sseClients.remove(client));
        String start = after;
        Thread t = new Thread(() -> {
            try {
                client.sendComment("subscribed");
                feed.stream(start, filter, e -> client.sendEvent("change", changeEvent(e).toString(), e.cursor()), () -> !client.terminated());
            } catch (RuntimeException e) {
                log.debug("change stream ended: {}", e.toString());
            } finally {
                client.close();
                streamThreads.remove(Thread.currentThread());
            }
        }, "sse-" + ctx.ip());
        t.setDaemon(true);
        streamThreads.add(t);
        t.start();
    }

    // ---------------------------------------------------------------- writes

    private void authorize(Context ctx) {
        if (settings.writeToken() == null || settings.writeToken().isBlank()) {
            throw new ApiException(403, "writes_disabled", "writes are disabled: no api.write.token is configured");
        }
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            throw new ApiException(401, "unauthorized", "a bearer token is required (Authorization: Bearer ...)");
        }
        if (!java.security.MessageDigest.isEqual(auth.substring(7).getBytes(StandardCharsets.UTF_8),
                settings.writeToken().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "forbidden", "the bearer token is not valid");
        }
    }

    private void register(Context ctx) {
        authorize(ctx);
        JsonNode body;
        try {
            body = SpecJson.MAPPER.readTree(ctx.body());
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
        ModelSpec spec = EventWriter.parseModel(body);
        ModelState current = currentAnywhere(ctx, spec.getId());
        if (current != null) {
            var changes = SpecDiff.diff(current.getSpec(), spec);
            changes.removeIf(c -> c.getPath().startsWith("provenance."));
            if (changes.isEmpty()) {
                throw new ApiException(409, "no_change", spec.getId() + " already has exactly this spec (version " + current.getVersion() + ")");
            }
        }
        written(ctx, writer.register(spec, current));
    }

    private void deprecate(Context ctx, String name) {
        authorize(ctx);
        String id = name.toLowerCase(Locale.ROOT);
        JsonNode body = JsonNodeFactory.instance.objectNode();
        if (!ctx.body().isBlank()) {
            try {
                body = SpecJson.MAPPER.readTree(ctx.body());
            } catch (IOException e) {
                throw ApiException.badRequest("the body is not valid JSON");
            }
        }
        ModelState current = currentAnywhere(ctx, id);
        if (current == null) {
            throw ApiException.notFound("unknown model '" + id + "'");
        }
        if (current.getSpec().getLifecycle().getStatus() != LifecycleStatus.ACTIVE) {
            throw new ApiException(409, "already_deprecated", id + " is already " + current.getSpec().getLifecycle().getStatus().name().toLowerCase());
        }
        written(ctx, writer.deprecate(current, text(body, "replacement"), text(body, "retirement_date"), text(body, "reason")));
    }

    private static String text(JsonNode body, String field) {
        return body.path(field).isTextual() ? body.get(field).asText() : null;
    }

    private ModelState currentAnywhere(Context ctx, String id) {
        try {
            return awaitPosition(() -> reader.current(id, minPosition(ctx))).value();
        } catch (NotLocalException e) {
            if (e.active() == null) {
                throw ApiException.unavailable("no instance owns '" + id + "' right now; retry");
            }
            InstanceRouter.Forwarded f = router.get(e.active(), "/internal/v1/states?id=" + id)
                    .orElseThrow(() -> ApiException.unavailable("the instance owning '" + id + "' did not answer"));
            return decodeStates(f.body()).stream().filter(s -> s.getModelId().equals(id)).findFirst().orElse(null);
        }
    }

    private void written(Context ctx, EventWriter.Written w) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("eventId", w.event().getEventId());
        out.put("modelId", w.event().getModelId());
        out.put("type", w.event().getType().name().toLowerCase(Locale.ROOT));
        out.put("expectedVersion", w.event().getExpectedVersion());
        out.put("consistencyToken", w.token().encode());
        ctx.header(TOKEN_HEADER, w.token().encode());
        ctx.status(202).json(out);
    }

    // ---------------------------------------------------------------- health

    private void ready(Context ctx) {
        KafkaStreams.State state = app.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new ApiException(503, "not_ready", "stream processor is " + state, 1);
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
        if (lag > 0) {
            throw new ApiException(503, "not_ready", "stores are restoring (" + lag + " records behind)", 1);
        }
        ctx.json(Map.of("status", "ready"));
    }

    // ---------------------------------------------------------------- helpers

    private Position minPosition(Context ctx) {
        String text = ctx.queryParam(MIN_POSITION) != null ? ctx.queryParam(MIN_POSITION) : ctx.header("X-Min-Position");
        if (text == null) {
            return null;
        }
        ConsistencyToken token;
        try {
            token = ConsistencyToken.decode(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("min_position: " + e.getMessage());
        }
        Position p = Position.emptyPosition();
        token.offsets().forEach((partition, offset) -> p.withComponent(token.topic(), partition, offset));
        return p;
    }

    private void setToken(Context ctx, Position position) {
        if (position != null && position.getTopics().contains(topics.events())) {
            ctx.header(TOKEN_HEADER, new ConsistencyToken(topics.events(), position.getPartitionPositions(topics.events())).encode());
        }
    }

    private static Instant instant(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-07-01T00:00:00Z, got '" + v + "'");
        }
    }

    private static Long longParam(Context ctx, String name, long min) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number of at least " + min + ", got '" + v + "'");
        }
    }

    private static int limit(Context ctx, int defaultLimit) {
        Long limit = longParam(ctx, "limit", 1);
        if (limit != null && limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be at most " + MAX_LIMIT);
        }
        return limit == null ? defaultLimit : limit.intValue();
    }

    private static void error(Context ctx, ApiException e) {
        ctx.attribute("apiError", e.code());
        if (e.retryAfterSeconds() != null) {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        ctx.status(e.status()).json(Map.of("code", e.code(), "message", e.getMessage() == null ? e.code() : e.getMessage()));
    }

    @Override
    public void close() {
        // Open change streams would hold Jetty's stop past its timeout: end them first.
        sseClients.forEach(SseClient::close);
        streamThreads.forEach(Thread::interrupt);
        if (javalin != null) {
            try {
                javalin.stop();
            } catch (RuntimeException e) {
                log.warn("HTTP server did not stop cleanly: {}", e.toString());
            }
        }
        writer.close();
        streamsMetrics.close();
        metrics.close();
    }
}
