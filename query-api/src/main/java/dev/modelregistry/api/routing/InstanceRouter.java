package dev.modelregistry.api.routing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Talks to the other instances of the same application: forwards a request to the instance that
 * owns a key, and lists the instances to gather from. Every call has a timeout.
 */
public final class InstanceRouter {

    /** Header naming the instance a request came from (for the logs of the one that answers it). */
    public static final String FORWARDED = "X-Registry-Forwarded";

    /** Request header with the position bound the other instance must reach before it answers. */
    public static final String MIN_POSITION = "X-Min-Position";

    /** Response header with the position the other instance answered at. */
    public static final String TOKEN = "X-Consistency-Token";

    /** Header asking another instance to answer from its standby copy (the owner did not answer). */
    public static final String STANDBY = "X-Registry-Standby";

    /**
     * Response header naming the instance ({@code host:port}) whose store answered; a forwarded
     * answer keeps the owner's, so a client (and an operator) can see where a key lives.
     */
    public static final String ANSWERED_BY = "X-Registry-Answered-By";

    /**
     * A forwarded answer, passed back to the client unchanged.
     *
     * @param answeredBy the {@link #ANSWERED_BY} header of the answer, or null if it had none
     */
    public record Forwarded(int status, String contentType, String token, String retryAfter, String answeredBy, byte[] body) {
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param self this instance's address (application.server)
     * @param timeout connect and request timeout of each forwarded call
     */
    public InstanceRouter(KafkaStreams streams, HostInfo self, Duration timeout) {
        this.streams = streams;
        this.self = self;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** @return the other instances currently in the group */
    public List<HostInfo> others() {
        List<HostInfo> hosts = new ArrayList<>();
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            if (!m.hostInfo().equals(self) && !hosts.contains(m.hostInfo())) {
                hosts.add(m.hostInfo());
            }
        }
        return hosts;
    }

    /**
     * @param minPosition a consistency token the other instance must reach first, or null
     * @return the answer, or empty if the host did not answer in time
     */
    public Optional<Forwarded> get(HostInfo host, String pathAndQuery, String minPosition) {
        return get(host, pathAndQuery, minPosition, false);
    }

    /**
     * @param standby true to ask {@code host} to answer from its standby copy
     * @return the answer, or empty if the host did not answer in time
     */
    public Optional<Forwarded> get(HostInfo host, String pathAndQuery, String minPosition, boolean standby) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(host, pathAndQuery)).GET();
        if (minPosition != null) {
            request.header(MIN_POSITION, minPosition);
        }
        if (standby) {
            request.header(STANDBY, "true");
        }
        return send(host, request);
    }

    private URI uri(HostInfo host, String pathAndQuery) {
        return URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
    }

    private Optional<Forwarded> send(HostInfo host, HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> r = http.send(request.timeout(timeout).header(FORWARDED, self.host() + ":" + self.port()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return Optional.of(new Forwarded(r.statusCode(), r.headers().firstValue("Content-Type").orElse("application/json"),
                    r.headers().firstValue(TOKEN).orElse(null), r.headers().firstValue("Retry-After").orElse(null),
                    r.headers().firstValue(ANSWERED_BY).orElse(null), r.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** @return the connect and request timeout of each call */
    public Duration timeout() {
        return timeout;
    }

    /** @return this instance's address */
    public HostInfo self() {
        return self;
    }
}
