package dev.modelregistry.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.api.http.QueryApi;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.streams.it.FoldOnKafkaIT;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.testkit.EmbeddedKafkaExtension;
import dev.modelregistry.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** When the instance owning a key does not answer, a standby copy does, for one model and for a list. */
@ExtendWith(EmbeddedKafkaExtension.class)
class StandbyFallbackIT {

    private final KafkaBroker broker;

    StandbyFallbackIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void aKeyWhoseOwnerIsDownIsAnsweredFromTheStandby() throws Exception {
        RegistrySerdes serdes = new RegistrySerdes();
        RegistryTopics topics = FoldOnKafkaIT.topics(broker, 3);
        String appId = broker.uniqueName("standby");
        int portA = TwoInstances.freePort();
        int portB = TwoInstances.freePort();
        Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
        try (RegistryStreamsApp a = new RegistryStreamsApp(FoldOnKafkaIT.settings(broker, topics, appId, "localhost:" + portA, 1), serdes);
             RegistryStreamsApp b = new RegistryStreamsApp(FoldOnKafkaIT.settings(broker, topics, appId, "localhost:" + portB, 1), serdes)) {
            a.start();
            b.start();
            QueryApi apiA = new QueryApi(new QueryApi.Settings("localhost", portA, null, Duration.ofSeconds(2), Duration.ofSeconds(2)), a, serdes, client, topics);
            QueryApi apiB = new QueryApi(new QueryApi.Settings("localhost", portB, null, Duration.ofSeconds(2), Duration.ofSeconds(2)), b, serdes, client, topics);
            apiA.start();
            apiB.start();
            try (apiB) {
                a.awaitRunning(Duration.ofSeconds(60));
                b.awaitRunning(Duration.ofSeconds(60));
                dev.modelregistry.sync.publish.EventPublisher publisher = new dev.modelregistry.sync.publish.EventPublisher(client, topics.events(), serdes.events());
                var specs = new dev.modelregistry.catalogs.adapters.PresetsAdapter().parse(java.nio.file.Files.readAllBytes(
                        TwoInstances.presets().resolve("openai.yml"))).specs();
                var merged = dev.modelregistry.sync.merge.SpecMerger.merge(Map.of(SourceName.PRESETS, specs));
                var plan = dev.modelregistry.sync.plan.SyncPlanner.plan(Map.of(), merged, Map.of(), Instant.parse("2026-01-01T00:00:00Z"), "presets",
                        new dev.modelregistry.sync.plan.SyncPlanner.Settings(dev.modelregistry.sync.plan.Grace.parse("0"), java.math.BigDecimal.ZERO));
                publisher.publish(plan.events());
                new dev.modelregistry.sync.publish.RegistryStateReader(client, topics, appId, serdes.states()).awaitCaughtUp(Duration.ofSeconds(60));

                List<String> ownedByA = merged.keySet().stream()
                        .filter(id -> a.reader().locate(id).active() != null && a.reader().locate(id).active().port() == portA).toList();
                assertThat(ownedByA).isNotEmpty();
                HttpClient http = HttpClient.newHttpClient();
                for (int port : List.of(portA, portB)) {
                    // each instance also holds standby copies of the other's partitions: a list
                    // must neither fail on them nor count their models twice
                    HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/models?limit=1000"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
                    assertThat(SpecJson.MAPPER.readTree(list.body()).get("total").asInt()).as("models listed through port " + port)
                            .isEqualTo(merged.size());
                }
                apiA.close(); // A's streams keep running (still the owner); only its API is gone
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                int ok = 0;
                while (System.nanoTime() < deadline && ok < ownedByA.size()) {
                    ok = 0;
                    for (String id : ownedByA) {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + portB + "/v1/models/" + id))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200 && r.body().contains("\"" + id + "\"")) {
                            ok++;
                        }
                    }
                }
                assertThat(ok).as("keys owned by the silent instance answered from B's standby").isEqualTo(ownedByA.size());
                // a list needs every partition: A's come from B's standby copies, complete and once each
                HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + portB + "/v1/models?limit=1000"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(list.statusCode()).as("a list while A is silent: " + list.body()).isEqualTo(200);
                assertThat(SpecJson.MAPPER.readTree(list.body()).get("total").asInt()).as("models listed while A is silent").isEqualTo(merged.size());
            }
        }
    }
}
