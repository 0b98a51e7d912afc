package dev.modelregistry.streams.it;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.AvroSerde;
import dev.modelregistry.schemas.encoding.UndecodableRecordException;
import dev.modelregistry.streams.fold.FoldResult;
import dev.modelregistry.streams.fold.ModelFold;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The expected outcome, computed in the test from the events topic as read back (read_committed)
 * in offset order: what the streams app must have produced, no more, no less.
 */
public final class ReferenceFold {

    public final Map<String, ModelState> states = new HashMap<>();
    public final Map<String, List<ModelChange>> histories = new HashMap<>();
    private final Set<String> applied = new HashSet<>();
    public int accepted;
    public int rejected;

    /** Folds the records of one partition, in offset order (partitions are independent). */
    public ReferenceFold apply(List<ConsumerRecord<byte[], byte[]>> records, AvroSerde<ModelEvent> serde) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            ModelEvent event;
            try {
                event = serde.decode(r.value());
            } catch (UndecodableRecordException e) {
                rejected++;
                continue;
            }
            String key = r.key() == null ? null : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
            if (event == null || !event.getModelId().equals(key)) {
                rejected++;
                continue;
            }
            FoldResult result = ModelFold.fold(states.get(event.getModelId()), applied.contains(event.getModelId() + "\u0000" + event.getEventId()), event);
            if (result instanceof FoldResult.Accepted a) {
                states.put(event.getModelId(), a.state());
                histories.computeIfAbsent(event.getModelId(), k -> new ArrayList<>()).add(a.change());
                applied.add(event.getModelId() + "\u0000" + event.getEventId());
                accepted++;
            } else {
                rejected++;
            }
        }
        return this;
    }
}
