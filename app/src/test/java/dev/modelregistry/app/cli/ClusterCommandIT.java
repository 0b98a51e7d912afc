package dev.modelregistry.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code cluster --brokers 3 --instances 2}: five processes on one machine. With the default
 * replication (the cluster's own: three copies, two in sync) a broker killed with SIGKILL stops
 * nothing: a write after the kill is folded and both instances answer it; no topic is reported
 * under-replicated; Ctrl-C (SIGTERM) stops every process.
 */
class ClusterCommandIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final Pattern PID = Pattern.compile("(broker|instance) (\\d): pid (\\d+)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aBrokerKilledMidRunStopsNothingAndBothInstancesAnswerTheWritesAfterIt() throws Exception {
        Path work = Files.createTempDirectory("cluster-");
        int nobody = ChildJvm.freePort();
        Path config = work.resolve("cluster.properties");
        Files.write(config, Stream.concat(Stream.of("api.write.token=cluster-token"), Stream.of("codex", "openrouter", "modelsdev", "litellm")
                .map(s -> "source." + s + ".url=http://127.0.0.1:" + nobody + "/" + s + ".json")).toList());
        int kafka = ChildJvm.freePort();
        int api = ChildJvm.freePort();
        List<Long> pids = new ArrayList<>();
        try (ChildJvm cluster = ChildJvm.start(work.resolve("cluster.log"), "cluster", "--brokers", "3", "--instances", "2",
                "--data-dir", work.resolve("data").toString(), "--kafka-port", String.valueOf(kafka), "--http-port", String.valueOf(api),
                "--config", config.toString())) {
            String out = cluster.awaitOutput("Cluster ready.", START);
            assertThat(out).contains("Kafka cluster up: 3 brokers").contains("topics with 3 replicas");
            Matcher m = PID.matcher(out);
            long broker2 = -1;
            while (m.find()) {
                pids.add(Long.parseLong(m.group(3)));
                if (m.group(1).equals("broker") && m.group(2).equals("2")) {
                    broker2 = Long.parseLong(m.group(3));
                }
            }
            assertThat(pids).hasSize(5);
            String a = "http://127.0.0.1:" + api;
            String b = "http://127.0.0.1:" + (api + 1);
            awaitReady(a);
            awaitReady(b);

            String before = write(a, "acme/cluster-probe-1");
            assertThat(read(b, "acme/cluster-probe-1", before).get("version").asInt()).isEqualTo(1);

            ProcessHandle.of(broker2).orElseThrow().destroyForcibly();
            ProcessHandle.of(broker2).ifPresent(h -> h.onExit().join());

            String after = write(b, "acme/cluster-probe-2");
            JsonNode onA = read(a, "acme/cluster-probe-2", after);
            JsonNode onB = read(b, "acme/cluster-probe-2", after);
            assertThat(onA.get("spec")).as("both instances answer the write made after the kill").isEqualTo(onB.get("spec"));
            assertThat(onA.at("/spec/limits/contextWindow").asInt()).isEqualTo(4096);

            for (String instance : List.of("instance-1.log", "instance-2.log")) {
                assertThat(Files.readString(work.resolve("data").resolve("logs").resolve(instance)))
                        .as("three replicas, two in sync: nothing to warn about").doesNotContain("Warning: topic");
            }
            assertThat(cluster.terminate(Duration.ofSeconds(120))).isIn(0, 143);
        } finally {
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
        for (long pid : pids) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            assertThat(h.isEmpty() || !h.get().isAlive()).as("process %d stopped with the cluster", pid).isTrue();
        }
    }

    private void awaitReady(String base) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as(base + " ready in time").isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /** @return the write's consistency token */
    private String write(String base, String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer cluster-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + id + "\", \"type\": \"chat\", \"context_window\": 4096}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json.readTree(r.body()).get("consistencyToken").asText();
    }

    private JsonNode read(String base, String id, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models/" + id + "?min_position=" + token))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return json.readTree(r.body());
            }
            assertThat(r.statusCode()).as(r.body()).isIn(503);
            assertThat(System.nanoTime()).as("%s answers %s in time", base, id).isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}
