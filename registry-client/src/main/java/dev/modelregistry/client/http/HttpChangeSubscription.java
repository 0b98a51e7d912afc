package dev.modelregistry.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.client.ChangeListener;
import dev.modelregistry.client.ChangeSubscription;
import dev.modelregistry.client.RegistryUnavailableException;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber over HTTP: on its first start it pages through {@code /v1/changes} from the
 * beginning, then follows {@code /v1/changes/stream} (server-sent events, resumed with
 * {@code Last-Event-ID} after a dropped connection). The position after each change the listener
 * returned from is written to {@code <dir>/<subscriber>.position} (atomically), so a restart
 * resumes exactly there.
 */
final class HttpChangeSubscription implements ChangeSubscription {

    private static final Logger log = LoggerFactory.getLogger(HttpChangeSubscription.class);
    private static final int PAGE = 500;

    private final HttpRegistryView view;
    private final Path file;
    private final String subscriber;
    private final ChangeListener listener;
    private final Consumer<HttpChangeSubscription> onEnd;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile InputStream open;
    private volatile Throwable failure;
    private volatile long delivered;

    private HttpChangeSubscription(HttpRegistryView view, Path dir, String subscriber, ChangeListener listener, Consumer<HttpChangeSubscription> onEnd) {
        this.view = view;
        this.file = dir.resolve(subscriber.replaceAll("[^A-Za-z0-9._-]", "_") + ".position");
        this.subscriber = subscriber;
        this.listener = listener;
        this.onEnd = onEnd;
        this.thread = new Thread(this::run, "registry-changes-http-" + subscriber);
        thread.setDaemon(true);
    }

    static HttpChangeSubscription start(HttpRegistryView view, Path dir, String subscriber, ChangeListener listener, Consumer<HttpChangeSubscription> onEnd) {
        if (subscriber == null || subscriber.isBlank()) {
            throw new IllegalArgumentException("a subscriber needs a name: its position is kept under it");
        }
        if (dir == null) {
            throw new IllegalArgumentException("change subscriptions over HTTP need a directory for their positions");
        }
        HttpChangeSubscription s = new HttpChangeSubscription(view, dir, subscriber, listener, onEnd);
        s.thread.start();
        return s;
    }

    /** The listener threw: the subscription ends, the change is not marked done. */
    private static final class ListenerFailed extends Exception {
        ListenerFailed(Exception cause) {
            super(cause);
        }
    }

    private void run() {
        try {
            Files.createDirectories(file.getParent());
            String after = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
            if (after == null || after.isEmpty()) {
                after = catchUp();
            }
            while (running) {
                try {
                    after = stream(after);
                } catch (IOException | RegistryUnavailableException e) {
                    if (!running) {
                        break;
                    }
                    log.info("subscriber {}: change stream interrupted ({}); reconnecting from its position", subscriber, e.getMessage());
                    TimeUnit.SECONDS.sleep(1);
                }
            }
        } catch (ListenerFailed e) {
            failure = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (running) {
                failure = e;
                log.error("subscriber {} stopped: {}", subscriber, e.toString());
            }
        } finally {
            running = false;
            onEnd.accept(this);
        }
    }

    /** @return the position after the last change of the feed, every change before it delivered */
    private String catchUp() throws IOException, ListenerFailed {
        String after = null;
        while (running) {
            HttpRegistryView.Answer a = view.request("/v1/changes?with_spec=true&limit=" + PAGE + (after == null ? "" : "&after=" + HttpRegistryView.query(after)));
            if (a.status() != 200) {
                throw new RegistryUnavailableException("/v1/changes answered " + a.status() + ": " + HttpRegistryView.message(a.body()));
            }
            JsonNode items = a.body().get("items");
            for (JsonNode item : items) {
                deliver(item, item.get("position").asText());
            }
            after = a.body().get("next").asText();
            if (items.isEmpty()) {
                save(after);
                return after;
            }
        }
        return after;
    }

    /** Follows the stream from {@code after} until it ends; @return the position reached */
    private String stream(String after) throws IOException, InterruptedException, ListenerFailed {
        HttpRequest request = HttpRequest.newBuilder(URI.create(view.base() + "/v1/changes/stream?with_spec=true"))
                .header("Accept", "text/event-stream").header("Last-Event-ID", after).build(); // no timeout: the stream is endless
        HttpResponse<InputStream> r = view.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new RegistryUnavailableException("/v1/changes/stream answered " + r.statusCode());
        }
        open = r.body();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String event = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            String line;
            while (running && (line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if ("change".equals(event) && id != null) {
                        deliver(ApiJson.MAPPER.readTree(data.toString()), id);
                        after = id;
                    } else if ("error".equals(event)) {
                        throw new RegistryUnavailableException("the change stream refused: " + data);
                    }
                    event = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        } finally {
            open = null;
        }
        return after;
    }

    private void deliver(JsonNode item, String position) throws IOException, ListenerFailed {
        if (!running) {
            return;
        }
        String id = item.get("id").asText();
        ModelSpec spec = ApiJson.record(item.get("spec"), ModelSpec.getClassSchema(), ModelSpec.class);
        ModelChange change = ApiJson.change(item, id, spec);
        try {
            listener.onChange(change);
        } catch (Exception e) {
            log.error("subscriber {}: the listener failed on {} v{}; stopped, it is delivered again on the next start: {}",
                    subscriber, id, change.getVersion(), e.toString());
            throw new ListenerFailed(e);
        }
        save(position);
        delivered++;
    }

    private void save(String position) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, position, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public boolean isRunning() {
        return running && thread.isAlive();
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public void close() {
        running = false;
        InputStream in = open;
        if (in != null) {
            try {
                in.close(); // ends the blocking read of the stream
            } catch (IOException e) {
                // closing anyway
            }
        }
        // no interrupt: it would break the position file's write (an interruptible channel)
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
