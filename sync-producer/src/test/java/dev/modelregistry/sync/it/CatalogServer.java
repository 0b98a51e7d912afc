package dev.modelregistry.sync.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server for catalog sources, with ways to misbehave: an HTTP status, a body,
 * or hanging (until {@link #close()}) to provoke a client timeout.
 */
public final class CatalogServer implements AutoCloseable {

    /**
     * What one path answers.
     *
     * @param etag answered as {@code ETag}; a matching {@code If-None-Match} gets a 304
     * @param lastModified answered as {@code Last-Modified}; the same {@code If-Modified-Since} gets a 304
     * @param retryAfter sent as {@code Retry-After} when not null
     */
    public record Answer(int status, byte[] body, String contentType, String etag, boolean hang, String lastModified, String retryAfter) {
        public Answer(int status, byte[] body, String contentType, String etag, boolean hang) {
            this(status, body, contentType, etag, hang, null, null);
        }

        public static Answer ok(byte[] body) {
            return new Answer(200, body, "application/json", null, false);
        }
    }

    private final Map<String, String> lastIfModifiedSince = new ConcurrentHashMap<>();

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, String> lastAuthorization = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);

    public CatalogServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answer(String path, Answer answer) {
        answers.put(path, answer);
    }

    public int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    public String ifModifiedSince(String path) {
        return lastIfModifiedSince.get(path);
    }

    public String authorization(String path) {
        return lastAuthorization.get(path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            lastAuthorization.put(path, auth);
        }
        Answer a = answers.getOrDefault(path, new Answer(404, "not here".getBytes(StandardCharsets.UTF_8), "text/plain", null, false));
        try (exchange) {
            if (a.hang()) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
            if (ifModifiedSince != null) {
                lastIfModifiedSince.put(path, ifModifiedSince);
            }
            if (a.status() == 200 && ((a.etag() != null && a.etag().equals(ifNoneMatch))
                    || (a.etag() == null && a.lastModified() != null && a.lastModified().equals(ifModifiedSince)))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            if (a.lastModified() != null) {
                exchange.getResponseHeaders().set("Last-Modified", a.lastModified());
            }
            if (a.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", a.retryAfter());
            }
            exchange.getResponseHeaders().set("Content-Type", a.contentType());
            if (a.etag() != null) {
                exchange.getResponseHeaders().set("ETag", a.etag());
            }
            exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(a.body());
            }
        } catch (IOException e) {
            // the client gave up (timeout test); nothing to answer
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
