package dev.modelregistry.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.api.http.routes.OperationsRoutes;
import dev.modelregistry.api.json.SpecJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every error is {@code {"code", "message"}} JSON, including those Jetty answers before any route
 * runs. Requests go over a raw socket, since an HTTP client refuses to send most of them.
 */
class JsonErrorsTest {

    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = new ApiServer("localhost", 0, null, List.of(new OperationsRoutes(() -> Optional.of("starting"), () -> "")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A raw HTTP/1.1 exchange: status line, headers, body. */
    record Raw(int status, String headers, String body) {
        JsonNode json() throws IOException {
            assertThat(headers.toLowerCase(Locale.ROOT)).as("content type of " + status).contains("content-type: application/json");
            JsonNode n = SpecJson.MAPPER.readTree(body);
            assertThat(n.path("code").isTextual()).as(body).isTrue();
            assertThat(n.path("message").isTextual()).as(body).isTrue();
            return n;
        }
    }

    static Raw send(String requestLine, String... extraHeaders) throws IOException {
        try (Socket s = new Socket("localhost", server.port())) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder(requestLine).append("\r\nHost: localhost\r\nConnection: close\r\n");
            for (String h : extraHeaders) {
                req.append(h).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split);
            String body = text.substring(split + 4);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Raw(Integer.parseInt(head.substring(9, 12)), head, body);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
    }

    @Test
    void aMalformedPercentEncodingIsA400InJson() throws IOException {
        Raw r = send("GET /v1/models/%zz HTTP/1.1");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("bad_request");
    }

    @Test
    void anEncodedNulIsA400InJson() throws IOException {
        Raw r = send("GET /v1/models/openai%00gpt HTTP/1.1");
        assertThat(r.status()).isEqualTo(400);
        r.json();
    }

    @Test
    void aTenKilobytePathIs414InJson() throws IOException {
        Raw r = send("GET /v1/models/" + "a".repeat(10_240) + " HTTP/1.1");
        assertThat(r.status()).isEqualTo(414);
        assertThat(r.json().get("code").asText()).isEqualTo("uri_too_long");
    }

    @Test
    void aSixtyFourKilobyteHeaderIs431InJson() throws IOException {
        Raw r = send("GET /health/live HTTP/1.1", "X-Big: " + "b".repeat(64 * 1024));
        assertThat(r.status()).isEqualTo(431);
        assertThat(r.json().get("code").asText()).isEqualTo("headers_too_large");
    }

    @Test
    void noRouteAndAWrongMethodAreJsonToo() throws IOException {
        Raw missing = send("GET /v2/nothing HTTP/1.1");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").asText()).isEqualTo("not_found");
        Raw notReady = send("GET /health/ready HTTP/1.1");
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.json().get("message").asText()).isEqualTo("starting");
        Raw badVersion = send("GET /health/live HTTP/9.9");
        assertThat(badVersion.status()).isBetween(400, 505);
        badVersion.json();
    }
}
