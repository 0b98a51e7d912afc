package dev.modelregistry.streams.topology;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Rejection;
import dev.modelregistry.schemas.encoding.AvroSerde;
import dev.modelregistry.schemas.encoding.UndecodableRecordException;
import dev.modelregistry.streams.fold.FoldResult;
import dev.modelregistry.streams.fold.ModelFold;
import dev.modelregistry.streams.fold.RejectionReason;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin Kafka shell around {@link ModelFold}: decode, look up the model's state, fold, write
 * the stores and forward the outcome. A bad record becomes a rejection; it never throws.
 */
final class FoldProcessor implements Processor<String, byte[], String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(FoldProcessor.class);

    private final AvroSerde<ModelEvent> events;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, ModelState> latest;
    private VersionedKeyValueStore<String, ModelState> versions;
    private KeyValueStore<String, ModelChange> history;
    private KeyValueStore<String, Long> appliedEvents;

    FoldProcessor(AvroSerde<ModelEvent> events) {
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.latest = context.getStateStore(RegistryTopology.LATEST_STORE);
        this.versions = context.getStateStore(RegistryTopology.VERSIONS_STORE);
        this.history = context.getStateStore(RegistryTopology.HISTORY_STORE);
        this.appliedEvents = context.getStateStore(RegistryTopology.EVENT_IDS_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ModelEvent event;
        try {
            event = events.decode(record.value());
            if (event == null) {
                throw new UndecodableRecordException(UndecodableRecordException.Reason.EMPTY, "null value (tombstone) on the events topic", null);
            }
        } catch (UndecodableRecordException e) {
            reject(record, null, RejectionReason.UNDECODABLE, e.reason().name().toLowerCase() + ": " + e.getMessage());
            return;
        }
        if (record.key() == null || !record.key().equals(event.getModelId())) {
            reject(record, event, RejectionReason.KEY_MISMATCH,
                    "record key '" + record.key() + "' is not the event's model id '" + event.getModelId() + "'");
            return;
        }
        String modelId = event.getModelId();
        String eventKey = RegistryTopology.eventIdKey(modelId, event.getEventId());
        FoldResult result = ModelFold.fold(latest.get(modelId), appliedEvents.get(eventKey) != null, event);
        if (result instanceof FoldResult.Rejected rejected) {
            reject(record, event, rejected.reason(), rejected.message());
            return;
        }
        FoldResult.Accepted accepted = (FoldResult.Accepted) result;
        ModelState state = accepted.state();
        long validFrom = state.getUpdatedAt().toEpochMilli();
        latest.put(modelId, state);
        versions.put(modelId, state, validFrom);
        history.put(RegistryTopology.historyKey(modelId, state.getVersion()), accepted.change());
        appliedEvents.put(eventKey, state.getVersion());
        context.forward(new Record<String, SpecificRecord>(modelId, accepted.change(), validFrom), RegistryTopology.HISTORY_SINK);
        context.forward(new Record<String, SpecificRecord>(modelId, state, validFrom), RegistryTopology.STATE_SINK);
    }

    private void reject(Record<String, byte[]> record, ModelEvent event, RejectionReason reason, String message) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        Rejection rejection = Rejection.newBuilder()
                .setModelId(record.key())
                .setEventId(event == null ? null : event.getEventId())
                .setReasonCode(reason.code())
                .setMessage(message)
                .setRejectedAt(Instant.ofEpochMilli(record.timestamp()))
                .setSourceTopic(meta == null ? null : meta.topic())
                .setSourcePartition(meta == null ? null : meta.partition())
                .setSourceOffset(meta == null ? null : meta.offset())
                .setOriginalBytes(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .build();
        log.debug("rejected {} at {}: {} {}", record.key(), meta == null ? "?" : meta.partition() + "@" + meta.offset(), reason.code(), message);
        // Every event must move the stores' position, or a reader waiting for a rejected
        // event's offset (min_position) would wait forever; accepted events move it anyway.
        appliedEvents.put(RegistryTopology.PROGRESS_KEY, meta == null ? -1L : meta.offset());
        context.forward(new Record<String, SpecificRecord>(record.key(), rejection, record.timestamp()), RegistryTopology.REJECTED_SINK);
    }
}
