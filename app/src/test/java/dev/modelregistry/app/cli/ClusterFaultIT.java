package dev.modelregistry.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.app.sync.BundledCatalogs;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.RegistryTopics;
import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.testkit.KafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The registry on {@code cluster --brokers 3 --instances 2}, each process its own JVM, with the
 * faults a cluster meets: the bundled catalog snapshots are synced day by day, one sync per
 * capture day as an operator backfilling them would, while
 * <ul>
 *   <li>the broker leading the events topic is SIGKILLed in the middle of one day's sync and
 *       started again (by {@code cluster --restart-after}),</li>
 *   <li>an instance is SIGKILLed in the middle of another day's sync and started again,</li>
 *   <li>a sync that fails is run again, as an operator (or a scheduler) would.</li>
 * </ul>
 * At the end both instances answer every model exactly as a fault-free run on one broker and one
 * instance answers (version and spec), and the history topic holds every model's versions once
 * each, 1 to n. Then both instances are restarted one after the other (SIGTERM, as a rolling
 * deployment does) under a steady read load, and no request fails for a client that retries once
 * on the other instance. Ctrl-C (SIGTERM) on {@code cluster} stops every process.
 */
class ClusterFaultIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern PID = Pattern.compile("(broker|instance) (\\d): pid (\\d+)");
    private static final String TOKEN = "cluster-token";

    @Test
    // two runs of every capture day, five processes on two cores, faults and their recoveries: longer than the 5-minute default
    @org.junit.jupiter.api.Timeout(value = 12, unit = TimeUnit.MINUTES)
    void dayByDaySyncsThroughBrokerAndInstanceKillsEndExactlyLikeAFaultFreeRun() throws Exception {
        Path work = Files.createTempDirectory("cluster-fault-");
        SortedMap<LocalDate, List<SyncRun.Source>> days = BundledCatalogs.extract(work.resolve("bundle")).history();
        assertThat(days).as("bundled snapshots").hasSizeGreaterThan(10);

        Map<LocalDate, Long> referenceMillis = new HashMap<>();
        Map<String, JsonNode> expected;
        try (LocalCluster reference = LocalCluster.start(work.resolve("reference"), 1, 1)) {
            for (Map.Entry<LocalDate, List<SyncRun.Source>> day : days.entrySet()) {
                long t0 = System.nanoTime();
                CliRun run = reference.sync(day.getKey(), day.getValue());
                assertThat(run.exit()).as("fault-free sync of %s:%n%s%s", day.getKey(), run.out(), run.err()).isZero();
                reference.noteToken(run);
                referenceMillis.put(day.getKey(), (System.nanoTime() - t0) / 1_000_000);
            }
            System.out.printf("fault-free run: %d days synced in %,d ms%n", days.size(), referenceMillis.values().stream().mapToLong(Long::longValue).sum());
            expected = reference.awaitModels(0, null);
            reference.stop();
        }
        assertThat(expected).as("models after the fault-free run").hasSizeGreaterThan(1000);
        List<LocalDate> order = new ArrayList<>(days.keySet());
        // the two longest syncs after the first (which is slow in the fault-free run only because its JVM was cold)
        List<LocalDate> longest = order.subList(1, order.size()).stream()
                .sorted((a, b) -> Long.compare(referenceMillis.get(b), referenceMillis.get(a))).toList();
        LocalDate brokerKillDay = longest.get(0);
        LocalDate instanceKillDay = longest.get(1);

        try (LocalCluster cluster = LocalCluster.start(work.resolve("faults"), 3, 2, "--restart-after", "1s")) {
            int failedSyncs = 0;
            java.util.Deque<String> pendingKills = new java.util.ArrayDeque<>();
            Map<String, LocalDate> killedDuring = new LinkedHashMap<>();
            for (LocalDate day : order) {
                if (day.equals(brokerKillDay)) {
                    pendingKills.add("the leader of the events topic");
                } else if (day.equals(instanceKillDay)) {
                    pendingKills.add("instance 2");
                }
                for (int attempt = 1; ; attempt++) {
                    long t0 = System.nanoTime();
                    CompletableFuture<CliRun> sync = CompletableFuture.supplyAsync(() -> cluster.sync(day, days.get(day)));
                    String killed = null;
                    if (!pendingKills.isEmpty()) {
                        Thread.sleep(referenceMillis.get(day) / 3);
                        // a sync faster than expected moves the kill to the next one: the fault must land inside a sync
                        if (!sync.isDone()) {
                            String what = pendingKills.poll();
                            killed = what.startsWith("instance") ? what : cluster.leaderOfEvents();
                            cluster.kill(killed);
                            killedDuring.put(killed, day);
                        }
                    }
                    CliRun run = sync.get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    System.out.printf("faults: %s synced in %,d ms (exit %d, attempt %d%s; fault-free: %,d ms)%n", day, (System.nanoTime() - t0) / 1_000_000,
                            run.exit(), attempt, killed != null ? ", " + killed + " killed during it" : "", referenceMillis.get(day));
                    if (run.exit() == 0) {
                        cluster.noteToken(run);
                        break;
                    }
                    failedSyncs++;
                    System.out.printf("sync of %s failed (attempt %d, exit %d); running it again:%n%s%s%n", day, attempt, run.exit(), run.out(), run.err());
                    assertThat(attempt).as("attempts for the sync of %s", day).isLessThan(3);
                }
            }
            assertThat(killedDuring).as("processes killed in the middle of a sync").hasSize(2).containsKey("instance 2");
            long settle = System.nanoTime();
            cluster.awaitRestarted("broker", 1);
            cluster.awaitRestarted("instance", 1);
            Map<String, JsonNode> onA = cluster.awaitModels(0, expected);
            Map<String, JsonNode> onB = cluster.awaitModels(1, expected);
            List<String> differentOnA = differences(expected, onA);
            List<String> differentOnB = differences(expected, onB);
            System.out.printf("faults: both instances read %,d ms after the last sync%n", (System.nanoTime() - settle) / 1_000_000);

            Map<String, List<Long>> versions = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : cluster.kafka().readAll(RegistryTopics.DEFAULT_HISTORY, Duration.ofMinutes(1))) {
                ModelChange change = new RegistrySerdes().changes().decode(r.value());
                versions.computeIfAbsent(change.getModelId(), k -> new ArrayList<>()).add(change.getVersion());
            }
            List<String> notOnce = new ArrayList<>();
            versions.forEach((id, v) -> {
                List<Long> once = java.util.stream.LongStream.rangeClosed(1, v.size()).boxed().toList();
                if (!v.equals(once)) {
                    notOnce.add(id + " " + v);
                }
            });
            System.out.printf("instance 1 unlike the fault-free run: %s%ninstance 2 unlike it: %s%nhistories not 1..n once: %s%n",
                    differentOnA, differentOnB, notOnce.stream().limit(20).toList());
            assertThat(versions.keySet()).as("models on the history topic").isEqualTo(expected.keySet());
            assertThat(differentOnA).as("models instance 1 answers unlike the fault-free run").isEmpty();
            assertThat(differentOnB).as("models instance 2 answers unlike the fault-free run").isEmpty();
            assertThat(notOnce).as("models whose history is not versions 1..n, each once").isEmpty();
            System.out.printf("cluster fault test: %d days synced, killed during a sync: %s, %d failed syncs run again, "
                            + "%,d models and %,d versions equal to the fault-free run%n", order.size(), killedDuring, failedSyncs,
                    expected.size(), versions.values().stream().mapToInt(List::size).sum());

            RollingRestart restart = cluster.rollingRestart(new ArrayList<>(expected.keySet()));
            System.out.printf("rolling restart: %,d reads, %d failed at first, %d failed on the retry too%n",
                    restart.reads, restart.failedFirst, restart.failedTwice);
            assertThat(restart.reads).as("reads during the rolling restart").isGreaterThan(100);
            assertThat(restart.failedTwice).as("reads a client retrying once on the other instance saw fail").isZero();

            for (String instance : List.of("instance-1.log", "instance-2.log")) {
                assertThat(Files.readString(work.resolve("faults").resolve("data").resolve("logs").resolve(instance)))
                        .as("three replicas, two in sync: nothing to warn about").doesNotContain("Warning: topic");
            }
            cluster.stop();
        }
    }

    /**
     * @return one line per model that is missing, extra, or answered differently (its version and
     *     the spec fields that differ), at most 20
     */
    private static List<String> differences(Map<String, JsonNode> expected, Map<String, JsonNode> actual) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> ids = new java.util.TreeSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        for (String id : ids) {
            JsonNode e = expected.get(id);
            JsonNode a = actual.get(id);
            if (e == null || a == null) {
                out.add(id + (e == null ? " not in the fault-free run" : " missing"));
            } else if (!e.equals(a)) {
                List<String> fields = new ArrayList<>();
                java.util.Set<String> names = new java.util.TreeSet<>();
                e.get("spec").fieldNames().forEachRemaining(names::add);
                a.get("spec").fieldNames().forEachRemaining(names::add);
                for (String f : names) {
                    if (!java.util.Objects.equals(e.get("spec").get(f), a.get("spec").get(f))) {
                        fields.add(f + ": " + e.get("spec").get(f) + " vs " + a.get("spec").get(f));
                    }
                }
                out.add(id + " version " + e.get("version") + " vs " + a.get("version") + (fields.isEmpty() ? "" : ", " + fields));
            }
            if (out.size() == 20) {
                out.add("...");
                break;
            }
        }
        return out;
    }

    /** Figures of a rolling restart under load. */
    record RollingRestart(long reads, long failedFirst, long failedTwice) {
    }

    /** {@code cluster} in a child JVM, its processes and its Kafka. */
    private static final class LocalCluster implements AutoCloseable {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final ObjectMapper json = new ObjectMapper();
        private final ChildJvm process;
        private final String bootstrap;
        private final int api;
        private final int brokers;
        private final Path syncConfig;
        /** the consistency token of the newest sync that published something: reads wait for it */
        private String lastToken;

        private LocalCluster(ChildJvm process, String bootstrap, int api, int brokers, Path syncConfig) {
            this.process = process;
            this.bootstrap = bootstrap;
            this.api = api;
            this.brokers = brokers;
            this.syncConfig = syncConfig;
        }

        static LocalCluster start(Path work, int brokers, int instances, String... more) throws Exception {
            Files.createDirectories(work);
            Path config = work.resolve("cluster.properties");
            Files.write(config, List.of("api.write.token=" + TOKEN));
            Path syncConfig = work.resolve("sync.properties");
            Files.write(syncConfig, List.of("data.dir=" + work.resolve("sync")));
            // cluster numbers ports upwards from the first: brokers kafka, kafka+1..., instances api, api+1...
            int kafka = ChildJvm.freePorts(brokers);
            int api = ChildJvm.freePorts(instances);
            List<String> args = new ArrayList<>(List.of("cluster", "--brokers", String.valueOf(brokers), "--instances", String.valueOf(instances),
                    "--data-dir", work.resolve("data").toString(), "--kafka-port", String.valueOf(kafka), "--http-port", String.valueOf(api),
                    "--config", config.toString(), "--no-poll"));
            args.addAll(List.of(more));
            ChildJvm process = ChildJvm.start(work.resolve("cluster.log"), args.toArray(String[]::new));
            String bootstrap = String.join(",", java.util.stream.IntStream.range(0, brokers).mapToObj(i -> "127.0.0.1:" + (kafka + i)).toList());
            LocalCluster cluster = new LocalCluster(process, bootstrap, api, brokers, syncConfig);
            String out = process.awaitOutput("Cluster ready.", START);
            assertThat(out).contains("Kafka cluster up: " + brokers + " brokers");
            for (int i = 0; i < instances; i++) {
                cluster.awaitReady(i, START);
            }
            return cluster;
        }

        CliRun sync(LocalDate day, List<SyncRun.Source> sources) {
            List<String> args = new ArrayList<>(List.of("sync", "--config", syncConfig.toString(), "--bootstrap-servers", bootstrap,
                    "--observed-at", day.atStartOfDay(ZoneOffset.UTC).toInstant().toString()));
            for (SyncRun.Source s : sources) {
                args.addAll(List.of("--source", s.name().id() + "=" + s.location()));
            }
            return CliRun.of(args.toArray(String[]::new));
        }

        /** Keeps the consistency token a sync printed, so that reads see everything it published. */
        void noteToken(CliRun run) {
            Matcher m = Pattern.compile("Consistency token: (\\S+)").matcher(run.out());
            if (m.find()) {
                lastToken = m.group(1);
            }
        }

        /** @return the label ("broker 2") of the broker leading partition 0 of the events topic */
        String leaderOfEvents() throws Exception {
            try (Admin admin = kafka().admin()) {
                int leader = admin.describeTopics(List.of(RegistryTopics.DEFAULT_EVENTS)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(RegistryTopics.DEFAULT_EVENTS).partitions().get(0).leader().id();
                return "broker " + leader;
            }
        }

        /** SIGKILL, then waits until the process is gone. */
        void kill(String label) throws Exception {
            long pid = pids().get(label);
            ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(label + " (pid " + pid + ") is not running"));
            h.destroyForcibly();
            h.onExit().get(30, TimeUnit.SECONDS);
            System.out.printf("killed %s (pid %d)%n", label, pid);
        }

        /** @return the newest pid of every process, by label */
        Map<String, Long> pids() throws IOException {
            Map<String, Long> pids = new LinkedHashMap<>();
            Matcher m = PID.matcher(process.output());
            while (m.find()) {
                pids.put(m.group(1) + " " + m.group(2), Long.parseLong(m.group(3)));
            }
            return pids;
        }

        List<Long> allPids() throws IOException {
            List<Long> all = new ArrayList<>();
            Matcher m = PID.matcher(process.output());
            while (m.find()) {
                all.add(Long.parseLong(m.group(3)));
            }
            return all;
        }

        void awaitRestarted(String kind, int times) throws Exception {
            long deadline = System.nanoTime() + START.toNanos();
            Pattern again = Pattern.compile(kind + " \\d: pid \\d+, started again");
            while (again.matcher(process.output()).results().count() < times) {
                assertThat(System.nanoTime()).as("%s started again %d times in time:%n%s", kind, times, process.output()).isLessThan(deadline);
                Thread.sleep(200);
            }
        }

        KafkaBroker kafka() {
            return KafkaBroker.at(bootstrap, "cluster of " + brokers);
        }

        String base(int instance) {
            return "http://127.0.0.1:" + (api + instance);
        }

        void awaitReady(int instance, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(base(instance) + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                assertThat(System.nanoTime()).as(base(instance) + " ready in time").isLessThan(deadline);
                Thread.sleep(300);
            }
        }

        /**
         * Every model an instance answers once it has folded everything the syncs published (their
         * newest consistency token), as id to version and spec, read page by page; waits until it
         * equals {@code expected} (when given) or a minute passes.
         */
        Map<String, JsonNode> awaitModels(int instance, Map<String, JsonNode> expected) throws Exception {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (true) {
                Map<String, JsonNode> models = models(instance);
                if (models != null && (expected == null || models.equals(expected))) {
                    return models;
                }
                if (System.nanoTime() > deadline) {
                    assertThat(models).as("instance %d caught up with the syncs within a minute", instance + 1).isNotNull();
                    return models;
                }
                Thread.sleep(1000);
            }
        }

        /** @return every model, or null if the instance has not reached the syncs' position yet */
        private Map<String, JsonNode> models(int instance) throws Exception {
            Map<String, JsonNode> models = new TreeMap<>();
            String cursor = null;
            do {
                String url = base(instance) + "/v1/models?limit=1000" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))
                        + (lastToken == null ? "" : "&min_position=" + URLEncoder.encode(lastToken, StandardCharsets.UTF_8));
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 503) {
                    return null; // not at the syncs' position yet
                }
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode page = json.readTree(r.body());
                for (JsonNode item : page.get("items")) {
                    ObjectNode kept = json.createObjectNode();
                    kept.set("version", item.get("version"));
                    kept.set("spec", item.get("spec"));
                    models.put(item.get("id").asText(), kept);
                }
                cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            } while (cursor != null);
            return models;
        }

        /**
         * Restarts instance 1, then instance 2, with SIGTERM (the cluster starts each again) while
         * two readers ask for random models, each from one instance and, if that fails, once from
         * the other.
         */
        RollingRestart rollingRestart(List<String> ids) throws Exception {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            AtomicLong failedFirst = new AtomicLong();
            AtomicLong failedTwice = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int first = t;
                Thread reader = new Thread(() -> {
                    java.util.Random random = new java.util.Random(first);
                    while (running.get()) {
                        String path = random.nextInt(10) == 0 ? "/v1/models?provider=openai&limit=20"
                                : "/v1/models/" + ids.get(random.nextInt(ids.size()));
                        int instance = random.nextInt(2);
                        reads.incrementAndGet();
                        if (!answers(instance, path)) {
                            failedFirst.incrementAndGet();
                            if (!answers(1 - instance, path)) {
                                failedTwice.incrementAndGet();
                                System.out.printf("read failed on both instances: %s%n", path);
                            }
                        }
                    }
                }, "reader-" + t);
                reader.start();
                readers.add(reader);
            }
            try {
                Thread.sleep(2000);
                for (int instance = 0; instance < 2; instance++) {
                    String label = "instance " + (instance + 1);
                    long pid = pids().get(label);
                    ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
                    h.destroy();
                    h.onExit().get(60, TimeUnit.SECONDS);
                    awaitNewPid(label, pid);
                    awaitReady(instance, START);
                    Thread.sleep(2000);
                }
            } finally {
                running.set(false);
                for (Thread reader : readers) {
                    reader.join(30_000);
                }
            }
            return new RollingRestart(reads.get(), failedFirst.get(), failedTwice.get());
        }

        private boolean answers(int instance, String path) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base(instance) + path)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private void awaitNewPid(String label, long old) throws Exception {
            long deadline = System.nanoTime() + START.toNanos();
            while (pids().get(label) == old) {
                assertThat(System.nanoTime()).as("%s started again in time", label).isLessThan(deadline);
                Thread.sleep(200);
            }
        }

        /** Ctrl-C: SIGTERM to {@code cluster}; every process it started stops. */
        void stop() throws Exception {
            List<Long> pids = allPids();
            assertThat(process.terminate(Duration.ofSeconds(120))).isIn(0, 143);
            for (long pid : pids) {
                Optional<ProcessHandle> h = ProcessHandle.of(pid);
                assertThat(h.isEmpty() || !h.get().isAlive()).as("process %d stopped with the cluster", pid).isTrue();
            }
        }

        @Override
        public void close() throws IOException {
            List<Long> pids = allPids();
            process.close();
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }
}
