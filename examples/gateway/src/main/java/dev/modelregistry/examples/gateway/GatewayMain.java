package dev.modelregistry.examples.gateway;

import dev.modelregistry.client.RegistryView;
import dev.modelregistry.client.http.HttpRegistryView;
import dev.modelregistry.client.kafka.KafkaRegistryView;
import dev.modelregistry.client.kafka.KafkaViewConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the example gateway:
 * {@code --kafka HOST:PORT [--application-id ID]} (a live in-memory view of the state topic) or
 * {@code --api URL} (through an instance's HTTP API), and {@code --port N} (default 8090).
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("expected --flag value pairs, got '" + args[i] + "'");
            }
            flags.put(args[i].substring(2), args[++i]);
        }
        if (flags.containsKey("kafka") == flags.containsKey("api")) {
            usage("give exactly one of --kafka and --api");
        }
        int port = Integer.parseInt(flags.getOrDefault("port", "8090"));
        RegistryView registry = flags.containsKey("kafka")
                ? KafkaRegistryView.open(KafkaViewConfig.defaults(flags.get("kafka")).withApplicationId(flags.getOrDefault("application-id", "model-registry")))
                : new HttpRegistryView(flags.get("api"), Duration.ofSeconds(10), Path.of(System.getProperty("java.io.tmpdir"), "gateway-positions"));
        if (!registry.awaitReady(Duration.ofSeconds(60))) {
            registry.close();
            usage("the registry was not ready within 60 s");
        }
        Gateway gateway = new Gateway(registry, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            registry.close();
            stopped.countDown();
        }));
        System.out.printf("Gateway on http://127.0.0.1:%d/v1/chat/completions over %s. Ctrl-C stops it.%n", gateway.port(),
                flags.containsKey("kafka") ? "Kafka at " + flags.get("kafka") : flags.get("api"));
        stopped.await();
    }

    private static void usage(String problem) {
        System.err.println("gateway: " + problem);
        System.err.println("usage: GatewayMain (--kafka HOST:PORT [--application-id ID] | --api URL) [--port N]");
        System.exit(2);
    }
}
