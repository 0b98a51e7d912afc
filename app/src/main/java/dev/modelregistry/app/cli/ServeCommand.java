package dev.modelregistry.app.cli;

import dev.modelregistry.app.config.RegistryConfig;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: one registry instance against an existing Kafka cluster, until SIGINT/SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run one registry instance (stream processor and query API) against a Kafka cluster.")
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Query API port; also this instance's address for the others (default 8080).")
    Integer httpPort;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state directory (default <data.dir>/streams).")
    String stateDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> flags = new HashMap<>();
        flags.put(RegistryConfig.HTTP_PORT, httpPort);
        flags.put(RegistryConfig.STATE_DIR, stateDir);
        RegistryConfig config = common.load(flags);
        PrintWriter out = spec.commandLine().getOut();
        try (Services services = new Services().withShutdownHook()) {
            RegistryNode.start(config, services, out);
            out.println("Serving. Press Ctrl-C to stop.");
            out.flush();
            services.awaitStop();
            return 0;
        }
    }
}
