package dev.modelregistry.app.cli;

import dev.modelregistry.app.config.RegistryConfig;
import dev.modelregistry.app.sync.BundledCatalogs;
import dev.modelregistry.app.sync.LiveSources;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import java.nio.file.Path;
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

    @Option(names = "--sync", description = "Also compete for polling the catalog sources (source.*); one instance per cluster polls, the others take over if it stops.")
    boolean sync;

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
            RegistrySerdes serdes = config.serdes();
            // serve polls only when asked: --sync, or sync.poll=true given explicitly (its default is up's)
            boolean poll = sync || (config.originals().containsKey(RegistryConfig.SYNC_POLL) && config.getBoolean(RegistryConfig.SYNC_POLL));
            // the presets are polled from the copy bundled in the app, unpacked to the data directory
            Path presets = poll ? BundledCatalogs.extract(config.dataDir()).presetsDir() : null;
            LiveSources live = services.add(LiveSources.open(config, presets, System.getenv(), serdes));
            RegistryNode.start(config, services, out, live);
            out.printf("Catalog sources%s:%n", poll ? "" : " (polled by another instance, if any: start with --sync to take part)");
            live.printBanner(out, poll);
            if (poll) {
                live.startPolling(System.getenv(), serdes, out);
            }
            out.println("Serving. Press Ctrl-C to stop.");
            out.flush();
            services.awaitStop();
            return 0;
        }
    }
}
