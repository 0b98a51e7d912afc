package dev.modelregistry.catalogs.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * How fresh one catalog source is, as the syncing instance last saw it. Instants are null when
 * the thing has not happened yet (no attempt, no success); nothing here ever holds a credential.
 *
 * @param source the source's id ({@link SourceName#id()})
 * @param url where it is polled, without query string or user info; null when it is not polled
 * @param interval how often it is polled; null when it is not polled
 * @param notPolledBecause why it is not polled (a missing key, say), or null when it is
 * @param copy what the registry holds of it: {@code live} (fetched from {@code url}),
 *     {@code bundled} (a snapshot shipped with the app), {@code file}, or {@code none}
 * @param catalogAsOf when the copy in use was last confirmed current: a live fetch or 304, or a
 *     bundled snapshot's capture day
 * @param lastAttempt start of the last poll
 * @param lastSuccess end of the last poll that read the source (200 or 304)
 * @param outcome {@code ok}, {@code not-modified}, {@code failed}, or null before the first poll
 * @param lastError the last failure's reason, kept until a success clears it
 * @param consecutiveFailures failed polls since the last success
 * @param models models in the copy in use, or -1 when there is none
 * @param added models the last sync of this source added
 * @param changed models the last sync of this source changed
 * @param deprecated models the last sync of this source deprecated
 * @param nextPoll when the next poll is due; null when it is not polled
 * @param polledBy the instance ({@code host:port}) that polls it
 */
public record SourceStatus(String source, String url, Duration interval, String notPolledBecause, String copy, Instant catalogAsOf,
                           Instant lastAttempt, Instant lastSuccess, String outcome, String lastError, int consecutiveFailures,
                           int models, int added, int changed, int deprecated, Instant nextPoll, String polledBy) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @return how old the copy in use is at {@code now}, or null when there is none */
    public Duration age(Instant now) {
        return catalogAsOf == null ? null : Duration.between(catalogAsOf, now);
    }

    /** @return this status as the JSON the status topic and {@code GET /v1/sources} carry */
    public ObjectNode toJson(Instant now) {
        ObjectNode o = JSON.createObjectNode();
        o.put("source", source);
        o.put("url", url);
        o.put("polled", notPolledBecause == null);
        if (notPolledBecause != null) {
            o.put("not_polled_because", notPolledBecause);
        }
        if (interval == null) {
            o.putNull("interval_seconds");
        } else {
            o.put("interval_seconds", interval.toSeconds());
        }
        o.put("copy", copy);
        o.put("catalog_as_of", text(catalogAsOf));
        Duration age = now == null ? null : age(now);
        if (now != null) {
            if (age == null) {
                o.putNull("catalog_age_seconds");
            } else {
                o.put("catalog_age_seconds", age.toSeconds());
            }
        }
        o.put("last_attempt", text(lastAttempt));
        o.put("last_success", text(lastSuccess));
        o.put("outcome", outcome);
        o.put("last_error", lastError);
        o.put("consecutive_failures", consecutiveFailures);
        if (models < 0) {
            o.putNull("models");
        } else {
            o.put("models", models);
        }
        o.putObject("last_sync_events").put("added", added).put("changed", changed).put("deprecated", deprecated);
        o.put("next_poll", text(nextPoll));
        o.put("polled_by", polledBy);
        return o;
    }

    /** @return the status as bytes for the status topic (no age: that depends on when it is read) */
    public byte[] encode() {
        try {
            return JSON.writeValueAsBytes(toJson(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws IllegalArgumentException if {@code bytes} is not a status this class wrote
     */
    public static SourceStatus decode(byte[] bytes) {
        try {
            JsonNode o = JSON.readTree(bytes);
            JsonNode events = o.path("last_sync_events");
            return new SourceStatus(o.get("source").asText(), str(o, "url"),
                    o.path("interval_seconds").isNumber() ? Duration.ofSeconds(o.get("interval_seconds").asLong()) : null,
                    str(o, "not_polled_because"), str(o, "copy"), instant(o, "catalog_as_of"), instant(o, "last_attempt"),
                    instant(o, "last_success"), str(o, "outcome"), str(o, "last_error"), o.path("consecutive_failures").asInt(),
                    o.path("models").isNumber() ? o.get("models").asInt() : -1, events.path("added").asInt(),
                    events.path("changed").asInt(), events.path("deprecated").asInt(), instant(o, "next_poll"), str(o, "polled_by"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a source status: " + e.getMessage(), e);
        }
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    private static String str(JsonNode o, String field) {
        return o.path(field).isTextual() ? o.get(field).asText() : null;
    }

    private static Instant instant(JsonNode o, String field) {
        String s = str(o, field);
        return s == null ? null : Instant.parse(s);
    }
}
