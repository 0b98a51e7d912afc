package dev.modelregistry.app.client;

import dev.modelregistry.client.kafka.KafkaRegistryView;
import dev.modelregistry.client.kafka.KafkaViewConfig;
import dev.modelregistry.schemas.topics.RegistryTopics;
import java.io.FileWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A service that subscribes to the registry's changes and writes each one it receives to a file
 * (flushed per change), until it is killed. Run in its own JVM by {@link SubscriberKillIT}.
 * Args: bootstrap servers, events, history and state topic names, application id, subscriber,
 * output file, and how many changes to receive before it hangs inside its listener (0: never),
 * so a kill lands mid-batch at a known point, whatever the machine's speed.
 */
public final class SubscriberMain {

    private SubscriberMain() {
    }

    public static void main(String[] args) throws Exception {
        RegistryTopics topics = new RegistryTopics(args[1], args[2], args[3], "unused.rejected", 1, (short) 1);
        Writer out = new FileWriter(Path.of(args[6]).toFile(), StandardCharsets.UTF_8, true);
        KafkaRegistryView view = KafkaRegistryView.open(KafkaViewConfig.defaults(args[0]).withTopics(topics).withApplicationId(args[4]));
        long hangAfter = Long.parseLong(args[7]);
        java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        view.onChange(args[5], change -> {
            out.write(change.getModelId() + "@" + change.getVersion() + "\n");
            out.flush();
            if (received.incrementAndGet() == hangAfter) {
                new java.util.concurrent.CountDownLatch(1).await(); // its batch stays uncommitted until the kill
            }
        });
        Thread.currentThread().join();
    }
}
