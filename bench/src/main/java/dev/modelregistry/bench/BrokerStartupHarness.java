package dev.modelregistry.bench;

import dev.modelregistry.app.broker.EmbeddedKafkaBroker;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Time from starting {@code up}'s embedded broker (fresh data directory, then the same one
 * again) to the first acknowledged write, in this JVM. Prints a Markdown table.
 * Usage: {@code BrokerStartupHarness [runs]} (default 5).
 */
public final class BrokerStartupHarness {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        // The first start in a JVM pays for class loading and JIT; report it apart.
        long first = startAndWrite(Files.createTempDirectory("bench-broker-"));
        List<Long> fresh = new ArrayList<>();
        List<Long> restart = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path dir = Files.createTempDirectory("bench-broker-");
            fresh.add(startAndWrite(dir));
            restart.add(startAndWrite(dir));
        }
        System.out.println("| embedded broker, start to first acknowledged write | runs | min ms | median ms | max ms |");
        System.out.println("|---|---|---|---|---|");
        row("first start in a new JVM, new data directory", List.of(first));
        row("new data directory (format + start + create topic + write)", fresh);
        row("existing data directory (start + write)", restart);
    }

    private static void row(String label, List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("| %s | %d | %d | %d | %d |%n", label, sorted.size(), sorted.get(0),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }

    private static long startAndWrite(Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, port)) {
            broker.start();
            Map<String, Object> conf = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(conf)) {
                if (!admin.listTopics().names().get().contains("bench")) {
                    admin.createTopics(List.of(new NewTopic("bench", 1, (short) 1))).all().get();
                }
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("bench", "k", "v")).get();
            }
            return (System.nanoTime() - start) / 1_000_000;
        }
    }
}
