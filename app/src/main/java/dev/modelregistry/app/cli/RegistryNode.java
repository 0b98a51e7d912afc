package dev.modelregistry.app.cli;

import dev.modelregistry.api.http.QueryApi;
import dev.modelregistry.app.broker.EmbeddedKafkaBroker;
import dev.modelregistry.app.config.RegistryConfig;
import dev.modelregistry.app.sync.LiveSources;
import dev.modelregistry.app.topics.ReplicationCheck;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.streams.runtime.RegistryStreamsApp;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;

/** Starts one registry instance (the stream processor and the query API) for {@code up} and {@code serve}. */
final class RegistryNode {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private RegistryNode() {
    }

    /**
     * Says, at every start, which topics (the registry's and Kafka Streams' internal ones, which
     * exist once the streams run) would not survive a broker failure. A check that cannot be
     * made is said too, and the start goes on.
     */
    static void warnAboutReplication(RegistryConfig config, PrintWriter out) {
        List<String> all = new ArrayList<>(config.topics().names());
        all.add(config.getString(RegistryConfig.TOPIC_SOURCES));
        try (Admin admin = Admin.create(config.kafkaClientSettings())) {
            for (String warning : ReplicationCheck.inspect(admin, all, config.getString(RegistryConfig.APPLICATION_ID) + "-",
                    Duration.ofSeconds(15))) {
                out.println("Warning: " + warning);
            }
        } catch (IllegalStateException e) {
            out.println("Warning: replication not checked: " + e.getMessage());
        }
    }

    /**
     * @param sources the catalog sources' freshness the API serves
     * @return the running API, owned by {@code services} (closed before the streams app)
     * @throws IllegalStateException if the stream processor does not reach RUNNING in time
     */
    static QueryApi start(RegistryConfig config, Services services, PrintWriter out, LiveSources sources) throws InterruptedException {
        int httpPort = config.getInt(RegistryConfig.HTTP_PORT);
        if (httpPort != 0) {
            EmbeddedKafkaBroker.ensurePortFree(httpPort, "HTTP port (--http-port)");
        }
        RegistrySerdes serdes = config.serdes();
        RegistryStreamsApp app = services.add(new RegistryStreamsApp(config.streamsSettings(), serdes));
        app.start();
        if (!app.awaitRunning(START_TIMEOUT)) {
            throw new IllegalStateException("the stream processor did not start within " + START_TIMEOUT + " (state " + app.state() + ")");
        }
        out.printf("Registry streams running (application.id %s, state in %s, instance %s)%n",
                config.getString(RegistryConfig.APPLICATION_ID), config.stateDir(), config.applicationServer());
        warnAboutReplication(config, out);
        QueryApi api = services.add(new QueryApi(new QueryApi.Settings(config.getString(RegistryConfig.HTTP_HOST), httpPort,
                config.writeToken(), Duration.ofMillis(config.getLong(RegistryConfig.API_FORWARD_TIMEOUT_MS)),
                Duration.ofMillis(config.getLong(RegistryConfig.API_MIN_POSITION_WAIT_MS)), config.getString(RegistryConfig.API_OLLAMA_URL)),
                app, serdes, config.kafkaClientSettings(), config.topics()));
        api.sources(sources::statuses).cors(config.getList(RegistryConfig.API_CORS_ORIGINS));
        api.start();
        out.printf("Query API on http://%s:%d (writes %s)%n", config.getString(RegistryConfig.HTTP_HOST), api.port(),
                config.writeToken() == null ? "disabled: set api.write.token to enable" : "enabled");
        return api;
    }
}
