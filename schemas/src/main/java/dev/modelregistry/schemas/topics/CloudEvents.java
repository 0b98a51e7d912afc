package dev.modelregistry.schemas.topics;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvents attributes every record of the registry's topics carries, in the Kafka
 * protocol binding's binary mode (CloudEvents 1.0: one {@code ce_} header per attribute, the
 * record value is the event's data). A consumer that knows nothing of the registry can route and
 * log by them; the data itself is Avro single-object encoding ({@code content-type}), its
 * schema found by fingerprint at the API's {@code /v1/schemas}.
 */
public final class CloudEvents {

    /** {@code ce_type} prefix; the suffix names the record, e.g. {@code dev.modelregistry.model.changed.v1}. */
    public static final String TYPE_PREFIX = "dev.modelregistry.model.";
    /** The data's media type: Avro binary behind the single-object header (C3 01 + fingerprint). */
    public static final String CONTENT_TYPE = "application/avro";

    private CloudEvents() {
    }

    /** @return the headers of an event on the events topic: id = the event id, type = added/changed/deprecated, source = the writer */
    public static Headers forEvent(ModelEvent e) {
        return headers(e.getEventId(), TYPE_PREFIX + typeName(e.getType().name()) + ".v1", "/model-registry/" + e.getSource(),
                e.getObservedAt(), e.getModelId());
    }

    /** @return the headers of a change on the history topic: id = model@version, source = the fold */
    public static Headers forChange(ModelChange c) {
        return headers(c.getModelId() + "@" + c.getVersion(), TYPE_PREFIX + typeName(c.getType().name()) + ".v1", "/model-registry/fold",
                c.getRecordedAt(), c.getModelId());
    }

    /** @return the headers of a state on the state topic: id = model@version, type = {@code ...model.state.v1} */
    public static Headers forState(ModelState s) {
        return headers(s.getModelId() + "@" + s.getVersion(), TYPE_PREFIX + "state.v1", "/model-registry/fold", s.getUpdatedAt(), s.getModelId());
    }

    /** @return the headers of a rejection: id = the rejected record's topic-partition@offset (or the event id) */
    public static Headers forRejection(Rejection r) {
        String id = r.getSourceTopic() != null ? r.getSourceTopic() + "-" + r.getSourcePartition() + "@" + r.getSourceOffset()
                : String.valueOf(r.getEventId());
        return headers(id, TYPE_PREFIX + "rejected.v1", "/model-registry/fold", r.getRejectedAt(), r.getModelId());
    }

    /**
     * @return the headers of a record of another kind (a source's status on the sources topic)
     * @param contentType the media type of the record's value
     */
    public static Headers of(String id, String type, String source, Instant time, String subject, String contentType) {
        return headers(id, type, source, time, subject, contentType);
    }

    /** MODEL_ADDED -> added */
    private static String typeName(String enumName) {
        String n = enumName.toLowerCase(Locale.ROOT);
        return n.startsWith("model_") ? n.substring(6) : n;
    }

    private static Headers headers(String id, String type, String source, Instant time, String subject) {
        return headers(id, type, source, time, subject, CONTENT_TYPE);
    }

    private static Headers headers(String id, String type, String source, Instant time, String subject, String contentType) {
        RecordHeaders h = new RecordHeaders();
        h.add("ce_specversion", bytes("1.0"));
        h.add("ce_id", bytes(id));
        h.add("ce_type", bytes(type));
        h.add("ce_source", bytes(source));
        if (time != null) {
            h.add("ce_time", bytes(time.toString()));
        }
        if (subject != null) {
            h.add("ce_subject", bytes(subject));
        }
        h.add("content-type", bytes(contentType));
        return h;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
