package dev.modelregistry.app.cli;

import dev.modelregistry.app.config.RegistryConfig;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import java.io.PrintWriter;
import java.time.Duration;

/** Starts one registry instance (the stream processor, later the API) for {@code up} and {@code serve}. */
final class RegistryNode {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private RegistryNode() {
    }

    /**
     * @return the running streams app, owned by {@code services}
     * @throws IllegalStateException if it does not reach RUNNING in time
     */
    static RegistryStreamsApp start(RegistryConfig config, Services services, PrintWriter out) throws InterruptedException {
        RegistryStreamsApp app = services.add(new RegistryStreamsApp(config.streamsSettings(), new RegistrySerdes()));
        app.start();
        if (!app.awaitRunning(START_TIMEOUT)) {
            throw new IllegalStateException("the stream processor did not start within " + START_TIMEOUT + " (state " + app.state() + ")");
        }
        out.printf("Registry streams running (application.id %s, state in %s, instance %s)%n",
                config.getString(RegistryConfig.APPLICATION_ID), config.stateDir(), config.applicationServer());
        return app;
    }
}
