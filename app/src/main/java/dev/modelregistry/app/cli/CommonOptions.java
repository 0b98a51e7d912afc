package dev.modelregistry.app.cli;

import dev.modelregistry.app.config.RegistryConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command shares: the config file and the Kafka address. */
final class CommonOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file of settings (lowest precedence: environment and flags override it).")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka brokers (env KAFKA_BOOTSTRAP_SERVERS; default 127.0.0.1:9092).")
    String bootstrapServers;

    /** @return the config with the file, the environment and {@code flags} (plus the shared ones) applied */
    RegistryConfig load(Map<String, Object> flags) {
        Map<String, Object> all = new HashMap<>(flags);
        all.put(RegistryConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        return RegistryConfig.load(configFile, System.getenv(), all);
    }
}
