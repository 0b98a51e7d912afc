package dev.modelregistry.streams.topology;

import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Rejection;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.CloudEvents;
import dev.modelregistry.schemas.encoding.UndecodableRecordException;
import dev.modelregistry.streams.fold.FoldResult;
import dev.modelregistry.streams.fold.ModelFold;
import dev.modelregistry.streams.fold.RejectionReason;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin Kafka shell around {@link ModelFold}: decode, look up the model's state, fold, write
 * the stores and forward the outcome. A bad record becomes a rejection; it never throws.
 *
 * <p>Per accepted event: one read of the latest state, three writes (latest, history, progress),
 * and each output record encoded once for both its store and its topic.
 */
final class FoldProcessor implements Processor<String, byte[], String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(FoldProcessor.class);

    private final RegistrySerdes serdes;
    private final FoldListener listener;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> latest;
    private KeyValueStore<String, byte[]> history;
    private KeyValueStore<String, Long> progress;

    FoldProcessor(RegistrySerdes serdes, FoldListener listener) {
        this.serdes = serdes;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.latest = context.getStateStore(RegistryTopology.LATEST_STORE);
        this.history = context.getStateStore(RegistryTopology.HISTORY_STORE);
        this.progress = context.getStateStore(RegistryTopology.PROGRESS_STORE);
        // a task (re)starting here may have restored its stores from the changelog
        listener.reset();
    }

    @Override
    public void close() {
        listener.reset();
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ModelEvent event;
        try {
            event = serdes.events().decode(record.value());
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
        ModelState current = serdes.states().decode(latest.get(modelId));
        FoldResult result = ModelFold.fold(current, wasApplied(current, event), event);
        if (result instanceof FoldResult.Rejected rejected) {
            reject(record, event, rejected.reason(), rejected.message());
            return;
        }
        FoldResult.Accepted accepted = (FoldResult.Accepted) result;
        ModelState state = accepted.state();
        long validFrom = state.getUpdatedAt().toEpochMilli();
        byte[] stateBytes = serdes.states().encode(state);
        byte[] changeBytes = serdes.changes().encode(accepted.change());
        latest.put(modelId, stateBytes);
        history.put(RegistryTopology.historyKey(modelId, state.getVersion()), changeBytes);
        // Before the progress store moves: a reader whose min_position waits for this event
        // then finds no answer older than it in any cache.
        RecordMetadata meta = context.recordMetadata().orElse(null);
        if (meta != null) {
            listener.changed(modelId, meta.partition(), meta.offset());
        } else {
            listener.reset();
        }
        markProgress();
        context.forward(new Record<>(modelId, changeBytes, validFrom, CloudEvents.forChange(accepted.change())), RegistryTopology.HISTORY_SINK);
        context.forward(new Record<>(modelId, stateBytes, validFrom, CloudEvents.forState(state)), RegistryTopology.STATE_SINK);
    }

    /**
     * An event can only ever make version {@code expectedVersion + 1} of its model, so it was
     * applied before exactly when that version exists and names it.
     */
    private boolean wasApplied(ModelState current, ModelEvent event) {
        if (current == null || event.getExpectedVersion() < 0 || event.getExpectedVersion() >= current.getVersion()) {
            return false;
        }
        if (event.getExpectedVersion() + 1 == current.getVersion()) {
            return event.getEventId().equals(current.getLastEventId());
        }
        byte[] made = history.get(RegistryTopology.historyKey(event.getModelId(), event.getExpectedVersion() + 1));
        return made != null && event.getEventId().equals(serdes.changes().decode(made).getEventId());
    }

    private void markProgress() {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        progress.put(RegistryTopology.PROGRESS_KEY, meta == null ? -1L : meta.offset());
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
        // Every event must move the progress store's position, or a reader waiting for a
        // rejected event's offset (min_position) would wait forever.
        markProgress();
        context.forward(new Record<>(record.key(), serdes.rejections().encode(rejection), record.timestamp(), CloudEvents.forRejection(rejection)),
                RegistryTopology.REJECTED_SINK);
    }
}
