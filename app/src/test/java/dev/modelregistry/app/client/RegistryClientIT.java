package dev.modelregistry.app.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.app.seeds.SeededRegistry;
import dev.modelregistry.client.ChangeSubscription;
import dev.modelregistry.client.RegistryView;
import dev.modelregistry.client.http.HttpRegistryView;
import dev.modelregistry.client.kafka.KafkaRegistryView;
import dev.modelregistry.client.kafka.KafkaViewConfig;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.cost.CallCost;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client library against a real registry (real broker, the fold, the API over a socket,
 * seeded with real catalogs): the Kafka view catches up and answers as the HTTP view does
 * (current, as of a past day, cost, call parameters, aliases); a write through the API is seen
 * at the position its token names; a change listener that fails and starts again misses
 * nothing and is given again only the change it had not finished, over Kafka and over HTTP.
 */
@ExtendWith(SeededRegistry.class)
class RegistryClientIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final SeededRegistry.Registry registry;
    private KafkaRegistryView kafka;
    private HttpRegistryView http;
    private Path positions;

    RegistryClientIT(SeededRegistry.Registry registry) {
        this.registry = registry;
    }

    @BeforeEach
    void open() throws Exception {
        kafka = KafkaRegistryView.open(KafkaViewConfig.defaults(registry.bootstrapServers()).withTopics(registry.topics())
                .withApplicationId(registry.applicationId()));
        positions = Files.createTempDirectory("client-positions-");
        http = new HttpRegistryView(registry.baseUrl(), Duration.ofSeconds(30), positions);
        assertThat(kafka.awaitReady(WAIT)).as("the view caught up with the state topic").isTrue();
        assertThat(http.awaitReady(WAIT)).isTrue();
    }

    @AfterEach
    void close() {
        kafka.close();
        http.close();
    }

    @Test
    void theKafkaViewAnswersAsTheHttpViewDoes() throws Exception {
        int total = registry.get("/v1/models?limit=1").body().get("total").asInt();
        assertThat(kafka.find(s -> true)).as("every model of the registry").hasSize(total);
        assertThat(http.find(s -> s.getModelId().startsWith("openai/"))).extracting(ModelState::getModelId)
                .isEqualTo(kafka.find(s -> s.getModelId().startsWith("openai/")).stream().map(ModelState::getModelId).toList());

        for (String name : List.of("openai/gpt-4o", "gpt-4o", "codex-mini", "openai/gpt-5.2", "GPT-4o", "openai/gpt-3.5-turbo", "no/such-model")) {
            Optional<ModelState> viaKafka = kafka.get(name);
            Optional<ModelState> viaHttp = http.get(name);
            assertThat(viaKafka.isPresent()).as(name).isEqualTo(viaHttp.isPresent());
            viaKafka.ifPresent(k -> assertThat(k).as("%s: the same record either way", name).isEqualTo(viaHttp.get()));
            assertThat(kafka.params(name, 0.7)).as(name).isEqualTo(http.params(name, 0.7));
        }
        assertThat(kafka.get("codex-mini").orElseThrow().getModelId()).isEqualTo("openrouter/openai/codex-mini");

        Instant then = Instant.parse("2025-06-01T00:00:00Z");
        ModelState past = kafka.asOf("openai/gpt-3.5-turbo", then).orElseThrow();
        assertThat(past).isEqualTo(http.asOf("openai/gpt-3.5-turbo", then).orElseThrow());
        assertThat(past.getVersion()).isLessThan(kafka.get("openai/gpt-3.5-turbo").orElseThrow().getVersion());
        assertThat(kafka.asOf("openai/gpt-5.2", Instant.parse("2024-01-01T00:00:00Z"))).as("not in the registry yet").isEmpty();

        CallCost.Cost paid = kafka.cost("openai/gpt-3.5-turbo", 1_000_000, 0, then).orElseThrow();
        assertThat(paid.total()).isEqualByComparingTo("1.5");
        assertThat(paid).isEqualTo(http.cost("openai/gpt-3.5-turbo", 1_000_000, 0, then).orElseThrow());
        assertThat(kafka.cost("openai/gpt-3.5-turbo", 1_000_000, 0, null).orElseThrow().total()).isEqualByComparingTo("0.5");
        assertThat(registry.get("/v1/cost?model=openai/gpt-3.5-turbo&input_tokens=1000000&output_tokens=0&at=2025-06-01T00:00:00Z")
                .body().get("total").asText()).as("and as the API computes it").isEqualTo(paid.total().toPlainString());
    }

    @Test
    void aWriteIsSeenAtThePositionItsTokenNames() throws Exception {
        String id = "acme/client-probe-" + System.nanoTime();
        SeededRegistry.Reply written = registry.post("/v1/models", "{\"id\": \"" + id + "\", \"type\": \"chat\", \"context_window\": 4321}");
        assertThat(written.status()).as(written.body().toString()).isEqualTo(202);
        ConsistencyToken token = ConsistencyToken.decode(written.body().get("consistencyToken").asText());

        assertThat(kafka.awaitPosition(token, WAIT)).as("the view reaches the write's position").isTrue();
        assertThat(kafka.get(id)).as("read your write, in memory").map(s -> s.getSpec().getLimits().getContextWindow()).contains(4321L);
        ConsistencyToken seen = kafka.position();
        assertThat(seen.offsets().get(token.offsets().keySet().iterator().next())).isGreaterThanOrEqualTo(token.offsets().values().iterator().next());

        assertThat(http.awaitPosition(token, WAIT)).isTrue();
        assertThat(http.get(id)).map(s -> s.getSpec().getLimits().getContextWindow()).contains(4321L);
        assertThat(http.get(id)).isEqualTo(kafka.get(id));
    }

    @Test
    void aKafkaListenerThatFailsAndStartsAgainMissesNothing() throws Exception {
        assertResumesWithoutLoss(kafka, "billing-" + System.nanoTime());
    }

    @Test
    void anHttpListenerThatFailsAndStartsAgainMissesNothing() throws Exception {
        assertResumesWithoutLoss(http, "billing-http-" + System.nanoTime());
    }

    @Test
    void theExampleGatewayRefusesDeprecatedModelsAndSendsTheTokenLimitTheModelTakes() throws Exception {
        String deprecated = registry.get("/v1/models?status=deprecated&provider=openai&limit=1").body().get("items").get(0).get("id").asText();
        try (dev.modelregistry.examples.gateway.Gateway gateway = new dev.modelregistry.examples.gateway.Gateway(kafka, 0)) {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.util.function.Function<String, java.net.http.HttpResponse<String>> call = body -> {
                try {
                    return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                            .timeout(Duration.ofSeconds(10)).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            var reasoning = call.apply("{\"model\": \"o1\", \"max_tokens\": 300, \"temperature\": 0.5, \"messages\": []}");
            assertThat(reasoning.statusCode()).as(reasoning.body()).isEqualTo(200);
            assertThat(reasoning.body()).contains("\"max_completion_tokens\":300").doesNotContain("\"max_tokens\"").doesNotContain("\"temperature\"");
            var chat = call.apply("{\"model\": \"gpt-4o\", \"max_completion_tokens\": 20, \"temperature\": 0.5}");
            assertThat(chat.body()).contains("\"max_tokens\":20").contains("\"temperature\":0.5").contains("\"model\":\"gpt-4o\"");
            var gone = call.apply("{\"model\": \"" + deprecated + "\"}");
            assertThat(gone.statusCode()).isEqualTo(410);
            assertThat(gone.body()).contains(deprecated + " is deprecated");
            assertThat(call.apply("{\"model\": \"nobody/nothing\"}").statusCode()).isEqualTo(404);
            assertThat(call.apply("not json").statusCode()).isEqualTo(400);
        }
    }

    /**
     * A listener fails on its 300th change; started again under the same name, it gets that
     * change first and then the rest: together every version of every model, once each but the
     * one it failed on.
     */
    private void assertResumesWithoutLoss(RegistryView view, String subscriber) throws Exception {
        long expected = kafka.find(s -> true).stream().mapToLong(ModelState::getVersion).sum(); // one change per version
        Set<String> first = ConcurrentHashMap.newKeySet();
        AtomicInteger seen = new AtomicInteger();
        List<String> failedOn = new ArrayList<>();
        ChangeSubscription failing = view.onChange(subscriber, c -> {
            String key = c.getModelId() + "@" + c.getVersion();
            if (seen.incrementAndGet() == 300) {
                failedOn.add(key);
                throw new IllegalStateException("simulated crash");
            }
            first.add(key);
        });
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (failing.isRunning() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(failing.failure()).as("the listener's failure ends the subscription").get()
                .extracting(Throwable::getMessage).isEqualTo("simulated crash");
        assertThat(first).hasSize(299);
        failing.close();

        List<String> second = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ChangeSubscription again = view.onChange(subscriber, c -> second.add(c.getModelId() + "@" + c.getVersion()))) {
            deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (first.size() + second.size() < expected && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(again.failure()).isEmpty();
        }
        assertThat(second.get(0)).as("the change it failed on comes first").isEqualTo(failedOn.get(0));
        Set<String> overlap = new HashSet<>(second);
        overlap.retainAll(first);
        assertThat(overlap).as("nothing it had finished comes again").isEmpty();
        Set<String> all = new LinkedHashSet<>(first);
        all.addAll(second);
        assertThat(all).as("every version of every model, none missed").hasSize((int) expected);
        assertThat(second).doesNotHaveDuplicates();
    }
}
