package dev.modelregistry.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.api.http.QueryApi;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Consistency tokens on two instances under concurrent reads and writes: each answer's token is
 * the position of that answer's own read (its model's partition, covering the version it shows),
 * a write's token read on either instance shows that write, and {@code min_position} holds on
 * every read route whether the instance answers itself or relays the owner.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsistencyTokensIT {

    private static final int MODELS = 6;
    private static final int WRITES_PER_MODEL = 8;
    private static final String AUTH = "Bearer " + TwoInstances.TOKEN;

    private final KafkaBroker broker;
    private TwoInstances reg;

    ConsistencyTokensIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @BeforeAll
    void start() throws Exception {
        reg = new TwoInstances(broker);
    }

    @AfterAll
    void stop() {
        reg.close();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One write as published: the model's partition and the event's offset, and the version it makes. */
    record Write(String model, int partition, long offset, long version) {
    }

    /** One read as answered. */
    record Read(String path, long version, long contextWindow, ConsistencyToken token) {
    }

    private static String body(String id, long contextWindow) {
        return "{\"id\": \"" + id + "\", \"type\": \"chat\", \"context_window\": " + contextWindow
                + ", \"pricing\": {\"input\": 1, \"output\": 2}}";
    }

    @Test
    void underConcurrentReadsAndWritesEveryTokenIsItsOwnReadsAndCoversItsData() throws Exception {
        Map<String, List<Write>> writes = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(MODELS + 4);
        List<Future<?>> writers = new ArrayList<>();
        for (int m = 0; m < MODELS; m++) {
            String id = "acme/tokens-" + m;
            writers.add(pool.submit(() -> {
                String last = null;
                for (int k = 0; k < WRITES_PER_MODEL; k++) {
                    // each write reads the model at the previous write's token, so its expected version is right
                    TwoInstances.Reply w = last == null ? reg.post(reg.a, "/v1/models", body(id, 1000 + k), "Authorization", AUTH)
                            : reg.post(reg.a, "/v1/models", body(id, 1000 + k), "Authorization", AUTH, "X-Min-Position", last);
                    if (w.status() != 202) {
                        failures.add("write " + id + " #" + k + ": " + w.status() + " " + w.text());
                        return null;
                    }
                    last = w.json().get("consistencyToken").asText();
                    ConsistencyToken t = ConsistencyToken.decode(last);
                    Map.Entry<Integer, Long> po = t.offsets().entrySet().iterator().next();
                    writes.computeIfAbsent(id, x -> new ArrayList<>()).add(new Write(id, po.getKey(), po.getValue(), k + 1));
                    // read-your-writes on the other instance
                    TwoInstances.Reply mine = reg.get(k % 2 == 0 ? reg.b : reg.a, "/v1/models/" + id + "?min_position=" + enc(last));
                    if (mine.status() != 200 || mine.json().get("version").asLong() < k + 1) {
                        failures.add("read-your-write " + id + " #" + k + ": " + mine.status() + " " + mine.text());
                    }
                }
                return null;
            }));
        }
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            readers.add(pool.submit(() -> {
                while (writing.get()) {
                    QueryApi api = ThreadLocalRandom.current().nextBoolean() ? reg.a : reg.b;
                    boolean list = ThreadLocalRandom.current().nextInt(4) == 0;
                    String path = list ? "/v1/models?q=tokens-&limit=100" : "/v1/models/acme/tokens-" + ThreadLocalRandom.current().nextInt(MODELS);
                    TwoInstances.Reply reply = reg.get(api, path);
                    if (reply.status() == 404) {
                        continue;
                    }
                    if (reply.status() != 200 || reply.token() == null) {
                        failures.add(path + ": " + reply.status() + " token " + reply.token() + " " + reply.text());
                        continue;
                    }
                    ConsistencyToken token = ConsistencyToken.decode(reply.token());
                    if (list) {
                        for (JsonNode item : reply.json().get("items")) {
                            reads.add(new Read("list:" + item.get("id").asText(), item.get("version").asLong(),
                                    item.get("spec").get("limits").get("contextWindow").asLong(), token));
                        }
                    } else {
                        reads.add(new Read(reply.json().get("id").asText(), reply.json().get("version").asLong(),
                                reply.json().get("spec").get("limits").get("contextWindow").asLong(), token));
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : writers) {
            w.get(3, TimeUnit.MINUTES);
        }
        writing.set(false);
        for (Future<?> r : readers) {
            r.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(failures).isEmpty();
        assertThat(writes).hasSize(MODELS);
        assertThat(reads).hasSizeGreaterThan(MODELS * 4);

        for (Read read : reads) {
            boolean fromList = read.path().startsWith("list:");
            String id = fromList ? read.path().substring(5) : read.path();
            List<Write> history = writes.get(id);
            Write made = history.get((int) read.version() - 1);
            assertThat(read.contextWindow()).as("%s shows the data of version %d", read, read.version()).isEqualTo(1000 + read.version() - 1);
            Long reached = read.token().offsets().get(made.partition());
            assertThat(reached).as("%s: the token names the model's partition %d", read, made.partition()).isNotNull();
            assertThat(reached).as("%s: the token covers the write of version %d at offset %d", read, read.version(), made.offset())
                    .isGreaterThanOrEqualTo(made.offset());
            if (!fromList) {
                assertThat(read.token().offsets().keySet()).as("%s: a model's token is its own read's, of its partition only", read)
                        .containsExactly(made.partition());
            }
        }
    }

    @Test
    void everyReadRouteHonoursMinPositionOnTheInstanceThatAnswersAndTheOneThatRelays() throws Exception {
        // two models, so one is owned by each instance (3 partitions, 2 instances: try until both are seen)
        Map<String, String> ownerOf = new TreeMap<>();
        String lastToken = null;
        for (int i = 0; i < 20 && ownerOf.values().stream().distinct().count() < 2; i++) {
            String id = "acme/bound-" + i;
            TwoInstances.Reply w = reg.post(reg.a, "/v1/models", body(id, 4000), "Authorization", AUTH);
            assertThat(w.status()).as(w.text()).isEqualTo(202);
            lastToken = w.json().get("consistencyToken").asText();
            TwoInstances.Reply r = reg.get(reg.a, "/v1/models/" + id + "?min_position=" + enc(lastToken));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            ownerOf.put(id, r.answeredBy());
        }
        assertThat(ownerOf.values().stream().distinct().count()).as("models owned by both instances").isEqualTo(2);
        String addressA = "localhost:" + reg.a.port();
        String remote = ownerOf.entrySet().stream().filter(e -> !e.getValue().equals(addressA)).findFirst().orElseThrow().getKey();
        String local = ownerOf.entrySet().stream().filter(e -> e.getValue().equals(addressA)).findFirst().orElseThrow().getKey();

        // the highest offset every partition has reached, and far beyond it
        TwoInstances.Reply all = reg.get(reg.a, "/v1/models?limit=1");
        ConsistencyToken reached = ConsistencyToken.covering(ConsistencyToken.decode(all.token()), ConsistencyToken.decode(lastToken));
        Map<Integer, Long> far = new TreeMap<>();
        for (int p = 0; p < 3; p++) {
            far.put(p, reached.offsets().getOrDefault(p, 0L) + 1_000);
        }
        String beyond = new ConsistencyToken(reached.topic(), far).encode();

        for (String model : List.of(local, remote)) {
            Map<String, String> routes = new LinkedHashMap<>();
            routes.put("model", "/v1/models/" + model);
            routes.put("version", "/v1/models/" + model + "?version=1");
            routes.put("as_of", "/v1/models/" + model + "?as_of=2100-01-01T00:00:00Z");
            routes.put("history", "/v1/models/" + model + "/history");
            routes.put("diff", "/v1/models/" + model + "/diff?from=1");
            routes.put("params", "/v1/models/" + model + "/params");
            routes.put("offerings", "/v1/models/" + model + "/offerings");
            routes.put("cost", "/v1/cost?model=" + model + "&input_tokens=10");
            routes.put("compare", "/v1/compare?ids=" + local + "," + remote);
            routes.put("list", "/v1/models?provider=acme");
            routes.put("providers", "/v1/providers");
            routes.put("provider", "/v1/providers/acme");
            routes.put("stats", "/v1/stats");
            routes.put("codex", "/v1/codex/models?auth=api_key");
            routes.put("ollama", "/v1/ollama/models/llama3");
            for (Map.Entry<String, String> route : routes.entrySet()) {
                String where = route.getKey() + " of " + (model.equals(local) ? "a model this instance owns" : "a model the other instance owns");
                String path = route.getValue();
                String sep = path.contains("?") ? "&" : "?";
                TwoInstances.Reply ok = reg.get(reg.a, path + sep + "min_position=" + enc(reached.encode()));
                assertThat(ok.status()).as(where + ": " + ok.text()).isEqualTo(200);
                assertThat(ok.token()).as(where + " answers with a token").isNotNull();
                TwoInstances.Reply behind = reg.get(reg.a, path + sep + "min_position=" + enc(beyond));
                assertThat(behind.status()).as(where + " beyond every store: " + behind.text()).isEqualTo(503);
                assertThat(behind.json().get("code").asText()).as(where).isEqualTo("not_caught_up");
                assertThat(behind.retryAfter()).as(where).isEqualTo("1");
            }
        }
    }
}
