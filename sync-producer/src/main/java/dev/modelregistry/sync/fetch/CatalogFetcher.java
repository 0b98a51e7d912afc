package dev.modelregistry.sync.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a catalog from a file (optionally {@code .gz}) or an http(s) URL, with timeouts, retries
 * with exponential backoff on timeouts, I/O errors and 5xx answers inside a per-source deadline,
 * a body size limit, {@code If-None-Match} / {@code If-Modified-Since}, {@code Retry-After} on 429
 * and 503, and a bearer API key from the environment. Neither the key nor a URL's
 * query string ever appears in a log line or an error message.
 */
public final class CatalogFetcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogFetcher.class);
    private static final String USER_AGENT = "model-registry (+catalog sync)";

    /** What a fetch returned. {@code body} is null when {@code notModified}. */
    public record Fetched(byte[] body, String etag, String lastModified, boolean notModified) {
    }

    /**
     * What the last good copy's answer carried, sent back so an unchanged catalog costs a 304.
     *
     * @param etag its {@code ETag}, or null
     * @param lastModified its {@code Last-Modified}, or null
     */
    public record Validators(String etag, String lastModified) {
        /** No last good copy: an unconditional request. */
        public static final Validators NONE = new Validators(null, null);
    }

    private final FetchSettings settings;
    private final HttpClient http;

    public CatalogFetcher(FetchSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** @return the limits of this fetcher */
    public FetchSettings settings() {
        return settings;
    }

    /**
     * Fetches a catalog, retrying timeouts, I/O errors and 5xx answers, all within the settings'
     * per-source deadline. A 429, or a 503 that names a {@code Retry-After}, is not retried here:
     * the exception carries the wait the source asked for, for the caller's schedule.
     *
     * @param location a file path or an http(s) URL
     * @param apiKey bearer token for the request, or null; never logged
     * @param previous validators of the last good copy (ignored for files), never null
     * @throws FetchException when every attempt failed or the deadline passed, with the last reason
     */
    public Fetched fetch(String location, String apiKey, Validators previous) throws FetchException {
        if (!location.startsWith("http://") && !location.startsWith("https://")) {
            return new Fetched(readFile(Path.of(location)), null, null, false);
        }
        URI uri = URI.create(location);
        long deadline = System.nanoTime() + settings.sourceDeadline().toNanos();
        FetchException last = null;
        long backoff = settings.initialBackoff().toMillis();
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0) {
                break;
            }
            try {
                return once(uri, apiKey, previous, Duration.ofMillis(Math.min(settings.requestTimeout().toMillis(), remainingMs)));
            } catch (Retryable e) {
                last = new FetchException(e.getMessage(), e.getCause());
                boolean timeLeft = (deadline - System.nanoTime()) / 1_000_000 > backoff;
                if (attempt < settings.maxAttempts() && timeLeft) {
                    // debug: the caller reports the outcome once; a poller offline for hours must not repeat it
                    log.debug("{} (attempt {}/{}); retrying in {} ms", e.getMessage(), attempt, settings.maxAttempts(), backoff);
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new FetchException("interrupted while fetching " + redact(uri), ie);
                    }
                    backoff *= 2;
                } else if (!timeLeft) {
                    break;
                }
            }
        }
        if (last == null) {
            throw new FetchException("no answer from " + redact(uri) + " within " + settings.sourceDeadline().toSeconds() + " s", null);
        }
        throw last;
    }

    /**
     * One POST with a JSON body (no retries: used for optional per-model details).
     *
     * @return the body of a 200 answer
     * @throws FetchException on any other status, a timeout or an I/O error
     */
    public byte[] postJson(String url, String json) throws FetchException {
        URI uri = URI.create(url);
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                if (r.statusCode() != 200) {
                    throw new FetchException("HTTP " + r.statusCode() + " from " + redact(uri), null);
                }
                return readLimited(body, redact(uri));
            }
        } catch (IOException e) {
            throw new FetchException("cannot reach " + redact(uri) + ": " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while calling " + redact(uri), e);
        }
    }

    /** Reads a local JSON or YAML file, transparently gunzipping {@code .gz} files. */
    public byte[] readFile(Path file) throws FetchException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return readLimited(in, file.toString());
        } catch (IOException e) {
            throw new FetchException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Fetched once(URI uri, String apiKey, Validators previous, Duration timeout) throws FetchException, Retryable {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json").header("User-Agent", USER_AGENT).GET();
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (previous.etag() != null) {
            request.header("If-None-Match", previous.etag());
        }
        if (previous.lastModified() != null) {
            request.header("If-Modified-Since", previous.lastModified());
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new Retryable("timeout after " + timeout.toSeconds() + " s from " + redact(uri), e);
        } catch (IOException e) {
            throw new Retryable("cannot reach " + redact(uri) + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while fetching " + redact(uri), e);
        }
        int status = response.statusCode();
        String etag = response.headers().firstValue("ETag").orElse(null);
        String lastModified = response.headers().firstValue("Last-Modified").orElse(null);
        Duration retryAfter = response.headers().firstValue("Retry-After").map(CatalogFetcher::parseRetryAfter).orElse(null);
        try (InputStream body = response.body()) {
            if (status == 304) {
                return new Fetched(null, etag != null ? etag : previous.etag(),
                        lastModified != null ? lastModified : previous.lastModified(), true);
            }
            if (status == 429 || (status == 503 && retryAfter != null)) {
                throw new FetchException("HTTP " + status + (status == 429 ? " (too many requests)" : "") + " from " + redact(uri)
                        + (retryAfter == null ? "" : "; it asks to retry after " + retryAfter.toSeconds() + " s"), null, retryAfter);
            }
            if (status >= 500) {
                throw new Retryable("HTTP " + status + " from " + redact(uri), null);
            }
            if (status == 401 || status == 403) {
                throw new FetchException("HTTP " + status + " from " + redact(uri) + (apiKey == null
                        ? ": the source needs an API key in the environment" : ": the API key was refused"), null);
            }
            if (status != 200) {
                throw new FetchException("HTTP " + status + " from " + redact(uri), null);
            }
            return new Fetched(readLimited(body, redact(uri)), etag, lastModified, false);
        } catch (HttpTimeoutException e) {
            throw new Retryable("timeout reading the body from " + redact(uri), e);
        } catch (IOException e) {
            throw new Retryable("body of " + redact(uri) + " broke off: " + e.getMessage(), e);
        }
    }

    /**
     * @return the wait a {@code Retry-After} header asks for (delta-seconds or an HTTP date; a
     *     date in the past is no wait), or null when it is neither
     */
    static Duration parseRetryAfter(String value) {
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(java.time.Instant.now(),
                        java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private byte[] readLimited(InputStream in, String what) throws IOException, FetchException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > settings.maxBodyBytes()) {
                throw new FetchException(what + " is larger than the limit of " + settings.maxBodyBytes() + " bytes", null);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** @return the URL without user info or query string (where API keys sometimes travel) */
    public static String redact(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + uri.getPath()
                + (uri.getQuery() != null ? "?…" : "");
    }

    /**
     * Java 17's HttpClient has no close method (it arrived in 21); its selector thread ends once
     * the client is unreachable, so dropping the reference is the release.
     */
    @Override
    public void close() {
        // nothing to release explicitly on Java 17
    }

    /** A failure worth another attempt. */
    private static final class Retryable extends Exception {
        Retryable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @return the environment variable whose API key is sent to a source when set, or null if it
     *     takes none
     */
    public static String apiKeyVariable(String source) {
        return Map.of("openrouter", "OPENROUTER_API_KEY", "openai", "OPENAI_API_KEY").get(source);
    }

    /** @return true if the source refuses every request without a key (OpenAI's /v1/models); OpenRouter's list is public */
    public static boolean requiresApiKey(String source) {
        return source.equals("openai");
    }
}
