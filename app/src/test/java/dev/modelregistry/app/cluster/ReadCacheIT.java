package dev.modelregistry.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.api.http.QueryApi;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Answers served from memory on two instances over the real fold: while readers keep filling
 * the caches with plain reads (no position bound) of every view of a model, each write, once a
 * read with its token returned, is seen by every later plain read of every view on both
 * instances. A stale rendered answer outliving a change would fail it.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadCacheIT {

    private static final String AUTH = "Bearer " + TwoInstances.TOKEN;
    private static final int WRITES = 12;

    private final KafkaBroker broker;
    private TwoInstances reg;

    ReadCacheIT(KafkaBroker broker) {
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

    private static String body(String id, long contextWindow) {
        return "{\"id\": \"" + id + "\", \"type\": \"chat\", \"context_window\": " + contextWindow + "}";
    }

    @Test
    void afterAWriteIsReadWithItsTokenEveryPlainReadOfEveryViewShowsIt() throws Exception {
        String id = "acme/cached";
        List<String> views = List.of("/v1/models/" + id, "/v1/models/" + id + "/history?limit=100", "/v1/models/" + id + "?as_of=2999-01-01T00:00:00Z");
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicLong plainReads = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            int n = r;
            readers.add(pool.submit(() -> {
                while (reading.get()) {
                    QueryApi api = n % 2 == 0 ? reg.a : reg.b;
                    TwoInstances.Reply reply = reg.get(api, views.get((int) (plainReads.incrementAndGet() % views.size())));
                    if (reply.status() != 200 && reply.status() != 404) {
                        failures.add("plain read: " + reply.status() + " " + reply.text());
                    }
                }
                return null;
            }));
        }
        String last = null;
        for (int k = 0; k < WRITES; k++) {
            TwoInstances.Reply w = last == null ? reg.post(reg.a, "/v1/models", body(id, 1000 + k), "Authorization", AUTH)
                    : reg.post(reg.a, "/v1/models", body(id, 1000 + k), "Authorization", AUTH, "X-Min-Position", last);
            assertThat(w.status()).as(w.text()).isEqualTo(202);
            last = w.json().get("consistencyToken").asText();
            long version = k + 1;
            for (QueryApi api : List.of(reg.a, reg.b)) {
                TwoInstances.Reply bounded = reg.get(api, "/v1/models/" + id + "?min_position=" + URLEncoder.encode(last, StandardCharsets.UTF_8));
                assertThat(bounded.json().get("version").asLong()).isEqualTo(version);
            }
            for (QueryApi api : List.of(reg.a, reg.b)) {
                assertThat(reg.get(api, views.get(0)).json().get("version").asLong()).as("current, write %d", version).isEqualTo(version);
                assertThat(reg.get(api, views.get(1)).json().get("items")).as("history, write %d", version).hasSize((int) version);
                assertThat(reg.get(api, views.get(2)).json().get("version").asLong()).as("as-of, write %d", version).isEqualTo(version);
            }
        }
        reading.set(false);
        for (Future<?> f : readers) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(failures).isEmpty();
        assertThat(plainReads.get()).as("the readers kept the caches busy").isGreaterThan(WRITES * 10L);
        String metrics = reg.get(reg.a, "/metrics").text() + reg.get(reg.b, "/metrics").text();
        assertThat(metrics).containsPattern("registry_read_cache_answers\\S* [1-9]");
    }
}
