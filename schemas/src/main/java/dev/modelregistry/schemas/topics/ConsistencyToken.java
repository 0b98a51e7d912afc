package dev.modelregistry.schemas.topics;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client's "read your writes" token: the offsets on the events topic up to which a write
 * reached, per partition. A reader answers once its stores have folded at least that far.
 * Text form: {@code v1.} + base64url of {@code topic|p:offset,p:offset}; opaque to clients.
 *
 * @param topic the events topic
 * @param offsets highest offset per partition; never null
 */
public record ConsistencyToken(String topic, Map<Integer, Long> offsets) {

    public ConsistencyToken {
        offsets = Map.copyOf(new TreeMap<>(offsets));
    }

    /**
     * @return a token covering both: per partition the larger offset; either may be null (then
     *     the other is returned), and the result is null only when both are
     */
    public static ConsistencyToken covering(ConsistencyToken a, ConsistencyToken b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        Map<Integer, Long> offsets = new TreeMap<>(a.offsets());
        b.offsets().forEach((p, o) -> offsets.merge(p, o, Math::max));
        return new ConsistencyToken(a.topic(), offsets);
    }

    /** @return the opaque text form */
    public String encode() {
        StringBuilder s = new StringBuilder(topic).append('|');
        new TreeMap<>(offsets).forEach((p, o) -> s.append(p).append(':').append(o).append(','));
        if (!offsets.isEmpty()) {
            s.setLength(s.length() - 1);
        }
        return "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws IllegalArgumentException with a short reason if {@code text} is not a token
     */
    public static ConsistencyToken decode(String text) {
        if (text == null || !text.startsWith("v1.")) {
            throw new IllegalArgumentException("not a consistency token (expected v1.…)");
        }
        String body;
        try {
            body = new String(Base64.getUrlDecoder().decode(text.substring(3)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("consistency token is not valid base64url");
        }
        int bar = body.indexOf('|');
        if (bar <= 0) {
            throw new IllegalArgumentException("consistency token has no topic");
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        String list = body.substring(bar + 1);
        if (!list.isEmpty()) {
            for (String part : list.split(",")) {
                String[] po = part.split(":");
                try {
                    offsets.put(Integer.parseInt(po[0]), Long.parseLong(po[1]));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("consistency token has a bad entry '" + part + "'");
                }
            }
        }
        return new ConsistencyToken(body.substring(0, bar), offsets);
    }
}
