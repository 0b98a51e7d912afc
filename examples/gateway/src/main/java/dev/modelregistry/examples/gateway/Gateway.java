package dev.modelregistry.examples.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modelregistry.client.RegistryView;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.params.ParameterAdvice;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions} in front of a {@link RegistryView}: answers 400, 404 or 410
 * with the reason, or 200 with the request as the model's API takes it and notes on what
 * changed. It forwards nothing (no provider key needed): the answer is the call it would make.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1 << 20;

    private final RegistryView registry;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    /**
     * Starts listening on {@code port} (0: any free port) on 127.0.0.1.
     *
     * @throws IOException if the port cannot be bound
     */
    public Gateway(RegistryView registry, int port) throws IOException {
        this.registry = registry;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v1/chat/completions", this::chat);
        server.setExecutor(workers);
        server.start();
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    private void chat(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 405, error("use POST"));
                return;
            }
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    reply(exchange, 413, error("the request is larger than 1 MiB"));
                    return;
                }
                request = JSON.readTree(body);
            } catch (IOException e) {
                reply(exchange, 400, error("the body is not JSON"));
                return;
            }
            if (!(request instanceof ObjectNode call)) {
                reply(exchange, 400, error("the body must be a JSON object"));
                return;
            }
            String name = call.path("model").asText("");
            Optional<ModelState> model = name.isBlank() ? Optional.empty() : registry.get(name);
            Double temperature = call.path("temperature").isNumber() ? call.get("temperature").asDouble() : null;
            ParameterAdvice.Advice advice = model.isEmpty() ? null : registry.params(model.get().getModelId(), temperature);
            GatewayRules.Decision decision = GatewayRules.decide(call, model, advice);
            if (decision instanceof GatewayRules.Refuse refuse) {
                reply(exchange, refuse.status(), error(refuse.message()));
            } else if (decision instanceof GatewayRules.Forward forward) {
                ObjectNode out = JSON.createObjectNode();
                out.put("model", forward.modelId());
                out.set("request", forward.body());
                forward.notes().forEach(out.withArray("notes")::add);
                reply(exchange, 200, out);
            }
        } catch (RuntimeException e) {
            log.error("request failed", e);
            reply(exchange, 503, error("the registry could not be read: " + e.getMessage()));
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdownNow();
    }
}
