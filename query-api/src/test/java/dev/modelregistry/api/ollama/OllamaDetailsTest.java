package dev.modelregistry.api.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The first step of the chain against a real local HTTP server speaking Ollama's /api/show. */
class OllamaDetailsTest {

    @Test
    void aReachableOllamaAnswersFirstAndAnUnreachableOneFallsBack() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/show", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = body.contains("llama2")
                    ? "{\"model_info\": {\"llama.context_length\": 4096}, \"capabilities\": [\"completion\"]}".getBytes(StandardCharsets.UTF_8)
                    : "{\"error\": \"model not found\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body.contains("llama2") ? 200 : 404, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            OllamaDetails details = new OllamaDetails("http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(2));
            OllamaDetails.Details llama = details.details("llama2", id -> null);
            assertThat(llama.source()).isEqualTo("ollama_api");
            assertThat(llama.contextWindow()).isEqualTo(4096L);
            assertThat(llama.capabilities()).containsExactly("streaming");
            OllamaDetails.Details unknown = details.details("nothing-here", id -> null);
            assertThat(unknown.source()).isEqualTo("default");
            assertThat(unknown.fallbacks()).anyMatch(f -> f.contains("HTTP 404"));
        } finally {
            server.stop(0);
        }
        OllamaDetails down = new OllamaDetails("http://127.0.0.1:1", Duration.ofSeconds(1));
        assertThat(down.details("llama2", id -> null).fallbacks()).anyMatch(f -> f.contains("unreachable"));
    }
}
