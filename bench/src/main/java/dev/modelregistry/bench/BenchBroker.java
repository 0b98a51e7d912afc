package dev.modelregistry.bench;

import dev.modelregistry.app.broker.EmbeddedKafkaBroker;
import dev.modelregistry.schemas.topics.RegistryTopics;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** A fresh embedded broker on a free port with the registry's four topics (3 partitions), for harnesses. */
final class BenchBroker implements AutoCloseable {

    final Path dir;
    final EmbeddedKafkaBroker broker;
    final RegistryTopics topics = RegistryTopics.defaults(3);

    BenchBroker(String prefix) throws Exception {
        dir = Files.createTempDirectory(prefix);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        broker = new EmbeddedKafkaBroker(dir, port);
        broker.start();
        try (Admin admin = Admin.create(client())) {
            List<NewTopic> create = new ArrayList<>();
            topics.definitions().forEach(d -> create.add(new NewTopic(d.name(), topics.partitions(), (short) 1).configs(d.configs())));
            admin.createTopics(create).all().get();
        }
    }

    Map<String, Object> client() {
        return Map.of("bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void close() {
        broker.close();
    }
}
