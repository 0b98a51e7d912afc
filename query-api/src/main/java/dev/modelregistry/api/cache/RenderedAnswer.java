package dev.modelregistry.api.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.json.SpecJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;

/**
 * One answer ready to send: its JSON bytes, their strong ETag, their gzip form (made on first
 * use) and the headers that go with them. Immutable apart from the gzip form, which is made at
 * most a few times under a race and is the same each time.
 */
public final class RenderedAnswer {

    private final byte[] json;
    private final String etag;
    private final String token;
    private final String answeredBy;
    private volatile byte[] gzip;

    /**
     * @param json the body; not copied, never modified afterwards
     * @param token the encoded consistency token the answer was read at, or null
     * @param answeredBy the answering instance as host:port, or null
     */
    public RenderedAnswer(byte[] json, String token, String answeredBy) {
        this.json = json;
        this.etag = etagOf(json);
        this.token = token;
        this.answeredBy = answeredBy;
    }

    /**
     * @return a JSON body rendered to bytes, with the headers that go with it
     * @throws IllegalStateException if the tree does not serialize (a bug: trees here hold plain values)
     */
    public static RenderedAnswer of(ObjectNode body, String token, String answeredBy) {
        try {
            return new RenderedAnswer(SpecJson.MAPPER.writeValueAsBytes(body), token, answeredBy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not serialize", e);
        }
    }

    /** @return a strong ETag (quoted) that differs whenever the bytes differ, but for CRC collisions within one model */
    public static String etagOf(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return "\"" + Integer.toHexString(body.length) + "-" + Long.toHexString(crc.getValue()) + "\"";
    }

    public byte[] json() {
        return json;
    }

    public String etag() {
        return etag;
    }

    public String token() {
        return token;
    }

    public String answeredBy() {
        return answeredBy;
    }

    /** @return the body gzip-compressed */
    public byte[] gzip() {
        byte[] g = gzip;
        if (g == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 3 + 32);
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(json);
            } catch (IOException e) {
                throw new UncheckedIOException("gzip into memory failed", e);
            }
            g = out.toByteArray();
            gzip = g;
        }
        return g;
    }
}
