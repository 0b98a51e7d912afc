package dev.modelregistry.app.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.app.seeds.SeededRegistry;
import dev.modelregistry.client.kafka.KafkaRegistryView;
import dev.modelregistry.client.kafka.KafkaViewConfig;
import dev.modelregistry.schemas.ModelState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A subscribing service killed with SIGKILL in the middle of the change stream (no shutdown, no
 * last commit) and started again under the same name: together the two runs received every
 * change; the second repeats only changes of the first run's last, uncommitted batches.
 */
@ExtendWith(SeededRegistry.class)
class SubscriberKillIT {

    private final SeededRegistry.Registry registry;

    SubscriberKillIT(SeededRegistry.Registry registry) {
        this.registry = registry;
    }

    private Process start(String subscriber, Path out, long hangAfter) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), SubscriberMain.class.getName(), registry.bootstrapServers(), registry.topics().events(),
                registry.topics().history(), registry.topics().state(), registry.applicationId(), subscriber, out.toString(),
                String.valueOf(hangAfter))
                .redirectErrorStream(true).redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile()).start();
    }

    @Test
    void aSubscriberKilledMidStreamMissesNothingAndRepeatsOnlyItsUncommittedTail() throws Exception {
        long expected;
        try (KafkaRegistryView view = KafkaRegistryView.open(KafkaViewConfig.defaults(registry.bootstrapServers()).withTopics(registry.topics())
                .withApplicationId(registry.applicationId()))) {
            assertThat(view.awaitReady(Duration.ofSeconds(60))).isTrue();
            expected = view.find(s -> true).stream().mapToLong(ModelState::getVersion).sum();
        }
        assertThat(expected).isGreaterThan(2_000);
        Path dir = Files.createTempDirectory("subscriber-");
        Path first = dir.resolve("first.txt");
        Path second = dir.resolve("second.txt");
        String subscriber = "killed-" + System.nanoTime();

        long hangAfter = expected / 3;
        Process p = start(subscriber, first, hangAfter);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while ((!Files.exists(first) || Files.readAllLines(first).size() < hangAfter) && System.nanoTime() < deadline) {
            Thread.sleep(20); // poll interval: the condition is the file's length
        }
        p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no last commit
        List<String> got1 = Files.readAllLines(first);
        assertThat(got1).as("killed while its listener held change %d", hangAfter).hasSize((int) hangAfter);

        Process again = start(subscriber, second, 0);
        try {
            deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (true) {
                Set<String> all = new HashSet<>(got1);
                all.addAll(Files.exists(second) ? Files.readAllLines(second) : List.of());
                if (all.size() >= expected || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(50);
            }
        } finally {
            again.destroyForcibly().waitFor();
        }
        List<String> got2 = Files.readAllLines(second);
        Set<String> all = new HashSet<>(got1);
        all.addAll(got2);
        assertThat(all).as("every version of every model, none missed across the kill").hasSize((int) expected);
        Set<String> repeated = new HashSet<>(got2);
        repeated.retainAll(new HashSet<>(got1));
        // repeats come from the batches the first run had not committed: at most one poll (500 records) per partition
        assertThat(repeated).as("the change its listener never returned from comes again").contains(got1.get(got1.size() - 1));
        assertThat(repeated.size()).as("repeated after the kill").isLessThanOrEqualTo(500 * 3);
        Set<String> tail = new HashSet<>(got1.subList(Math.max(0, got1.size() - 500 * 3), got1.size()));
        assertThat(tail).as("only the first run's last received changes come again").containsAll(repeated);
    }
}
