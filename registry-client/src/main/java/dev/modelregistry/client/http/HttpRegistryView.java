package dev.modelregistry.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.client.ChangeListener;
import dev.modelregistry.client.ChangeSubscription;
import dev.modelregistry.client.RegistryUnavailableException;
import dev.modelregistry.client.RegistryView;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The registry through an instance's HTTP API, for services without Kafka access: the same
 * answers as {@link dev.modelregistry.client.kafka.KafkaRegistryView}, each read one request
 * (the API's own caches and ETags make repeated reads cheap on its side). Every request has a
 * timeout. Change subscriptions keep their position in a file per subscriber.
 */
public final class HttpRegistryView implements RegistryView {

    private final URI base;
    private final Duration timeout;
    private final Path positions;
    private final HttpClient http;
    private final AtomicReference<ConsistencyToken> position = new AtomicReference<>();
    private final List<HttpChangeSubscription> subscriptions = new CopyOnWriteArrayList<>();

    /**
     * @param baseUrl the API's base URL, e.g. {@code http://localhost:8080}
     * @param timeout the longest wait for one answer
     * @param positionDir where subscriptions keep their positions (one file per subscriber; created if missing)
     */
    public HttpRegistryView(String baseUrl, Duration timeout, Path positionDir) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.timeout = timeout;
        this.positions = positionDir;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** One answer: status, body, the consistency token it was read at. */
    record Answer(int status, JsonNode body, String token) {
    }

    Answer request(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout).header("Accept", "application/json").build();
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryUnavailableException("the registry at " + base + " did not answer " + pathAndQuery + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while asking " + base + pathAndQuery, e);
        }
        JsonNode body;
        try {
            body = r.body().length == 0 ? null : ApiJson.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new RegistryUnavailableException(base + pathAndQuery + " answered " + r.statusCode() + " with a body that is not JSON", e);
        }
        String token = r.headers().firstValue("X-Consistency-Token").orElse(null);
        if (token != null && r.statusCode() == 200) {
            try {
                ConsistencyToken seen = ConsistencyToken.decode(token);
                position.accumulateAndGet(seen, ConsistencyToken::covering);
            } catch (IllegalArgumentException e) {
                // not ours to judge: the answer stands, the position just does not move
            }
        }
        return new Answer(r.statusCode(), body, token);
    }

    private Optional<JsonNode> found(String pathAndQuery) {
        Answer a = request(pathAndQuery);
        if (a.status() == 404) {
            return Optional.empty();
        }
        if (a.status() != 200) {
            throw new RegistryUnavailableException(base + pathAndQuery + " answered " + a.status() + ": " + message(a.body()));
        }
        return Optional.of(a.body());
    }

    static String message(JsonNode body) {
        return body != null && body.hasNonNull("message") ? body.get("message").asText() : String.valueOf(body);
    }

    static String path(String id) {
        return Arrays.stream(id.split("/")).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)).collect(Collectors.joining("/"));
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public Optional<ModelState> get(String name) {
        return found("/v1/models/" + path(name)).map(ApiJson::state);
    }

    @Override
    public List<ModelState> find(Predicate<ModelState> filter) {
        List<ModelState> out = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = found("/v1/models?limit=1000" + (cursor == null ? "" : "&cursor=" + query(cursor)))
                    .orElseThrow(() -> new RegistryUnavailableException(base + "/v1/models answered 404"));
            page.get("items").forEach(item -> {
                ModelState s = ApiJson.state(item);
                if (filter.test(s)) {
                    out.add(s);
                }
            });
            cursor = page.hasNonNull("next_cursor") ? page.get("next_cursor").asText() : null;
        } while (cursor != null);
        out.sort(Comparator.comparing(ModelState::getModelId));
        return out;
    }

    @Override
    public Optional<ModelState> asOf(String name, Instant at) {
        return found("/v1/models/" + path(name) + "?as_of=" + query(at.toString())).map(ApiJson::state);
    }

    @Override
    public boolean isReady() {
        try {
            return request("/health/ready").status() == 200;
        } catch (RegistryUnavailableException e) {
            return false;
        }
    }

    @Override
    public boolean awaitReady(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!isReady()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    @Override
    public ConsistencyToken position() {
        return position.get();
    }

    /** Asks with {@code min_position}: the answering instance waits (bounded) until its stores reach the token. */
    @Override
    public boolean awaitPosition(ConsistencyToken token, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Answer a = request("/v1/models?limit=1&min_position=" + query(token.encode()));
            if (a.status() == 200) {
                position.accumulateAndGet(token, ConsistencyToken::covering);
                return true;
            }
            if (a.status() != 503) {
                throw new RegistryUnavailableException("waiting for a position: " + a.status() + " " + message(a.body()));
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
    }

    @Override
    public ChangeSubscription onChange(String subscriber, ChangeListener listener) {
        HttpChangeSubscription s = HttpChangeSubscription.start(this, positions, subscriber, listener, subscriptions::remove);
        subscriptions.add(s);
        return s;
    }

    URI base() {
        return base;
    }

    HttpClient http() {
        return http;
    }

    Duration timeout() {
        return timeout;
    }

    @Override
    public void close() {
        new ArrayList<>(subscriptions).forEach(HttpChangeSubscription::close);
    }
}
