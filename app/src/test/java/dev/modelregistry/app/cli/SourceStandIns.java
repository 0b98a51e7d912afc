package dev.modelregistry.app.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A real local HTTP server standing in for the public catalog sources: each path serves a
 * catalog with an ETag (a matching {@code If-None-Match} gets a 304), and can be switched to
 * a 429 with {@code Retry-After} or to being down (503).
 */
final class SourceStandIns implements AutoCloseable {

    /** What a path answers now. */
    record Answer(int status, byte[] body, String etag, String retryAfter) {
        static Answer catalog(byte[] body, String etag) {
            return new Answer(200, body, etag, null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> notModified = new ConcurrentHashMap<>();
    private final Map<String, java.util.List<java.time.Instant>> times = new ConcurrentHashMap<>();

    SourceStandIns() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return the bytes of a (gzipped) catalog file */
    static byte[] read(Path file) throws IOException {
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            return in.readAllBytes();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(String path, Answer answer) {
        answers.put(path, answer);
    }

    /** @return requests for {@code path} so far */
    int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    /** @return when each request for {@code path} arrived, in order */
    java.util.List<java.time.Instant> times(String path) {
        return java.util.List.copyOf(times.getOrDefault(path, java.util.List.of()));
    }

    /** @return requests for {@code path} answered 304 so far */
    int notModified(String path) {
        return notModified.getOrDefault(path, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        times.computeIfAbsent(path, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(java.time.Instant.now());
        hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        Answer a = answers.get(path);
        try (exchange) {
            if (a == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (a.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", a.retryAfter());
            }
            if (a.status() == 200 && a.etag() != null && a.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                exchange.getResponseHeaders().set("ETag", a.etag());
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            if (a.etag() != null) {
                exchange.getResponseHeaders().set("ETag", a.etag());
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(a.body());
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
