package dev.modelregistry.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.schemas.Deprecation;
import dev.modelregistry.schemas.DeprecationReason;
import dev.modelregistry.schemas.EventType;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.AvroSerde;
import dev.modelregistry.schemas.topics.CloudEvents;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import dev.modelregistry.schemas.topics.EventProducers;
import dev.modelregistry.catalogs.adapters.AdapterResult;
import dev.modelregistry.catalogs.adapters.CatalogFormatException;
import dev.modelregistry.catalogs.adapters.Ids;
import dev.modelregistry.catalogs.adapters.PresetsAdapter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Turns write requests into events on the events topic (state is never written directly; the
 * fold decides). A model is given in the presets format plus its {@code id}.
 */
public final class EventWriter implements ModelWriter, AutoCloseable {

    private final KafkaProducer<String, ModelEvent> producer;
    private final String topic;
    private final Clock clock;

    public EventWriter(Map<String, Object> clientSettings, String topic, AvroSerde<ModelEvent> events, Clock clock) {
        this.producer = new KafkaProducer<>(EventProducers.settings(clientSettings), new StringSerializer(), events);
        this.topic = topic;
        this.clock = clock;
    }

    /**
     * @param body {@code {"id": "provider/slug", ...preset fields}}
     * @return the spec it describes
     * @throws IllegalArgumentException with what is wrong
     */
    public static ModelSpec parseModel(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("id").isTextual() || !Ids.usable(body.get("id").asText().toLowerCase())) {
            throw new IllegalArgumentException("the body must be a JSON object with an \"id\" of the form provider/slug");
        }
        String id = body.get("id").asText().toLowerCase();
        ObjectNode fields = ((ObjectNode) body).deepCopy();
        fields.remove("id");
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("provider", Ids.provider(id));
        doc.putObject("models").set(id.substring(id.indexOf('/') + 1), fields);
        try {
            AdapterResult result = new PresetsAdapter().parse(SpecJson.MAPPER.writeValueAsBytes(doc));
            if (!result.unreadable().isEmpty()) {
                AdapterResult.Unreadable u = result.unreadable().get(0);
                throw new IllegalArgumentException("field " + u.field() + ": " + u.problem());
            }
            ModelSpec spec = result.specs().get(0);
            Map<String, String> provenance = new HashMap<>();
            dev.modelregistry.schemas.diff.SpecFields.flatten(spec).keySet().stream()
                    .filter(p -> !p.startsWith("extras.") && !p.equals("id") && !p.equals("provider"))
                    .forEach(p -> provenance.put(p, "api"));
            spec.setProvenance(provenance);
            return spec;
        } catch (CatalogFormatException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    public Written register(ModelSpec spec, ModelState current) {
        EventType type = current == null ? EventType.MODEL_ADDED : EventType.MODEL_CHANGED;
        return publish(event(type, spec, current, null));
    }

    @Override
    public Written deprecate(ModelState current, String replacement, String retirementDate, String note) {
        ModelSpec spec = ModelSpec.newBuilder(current.getSpec()).build();
        spec.getLifecycle().setStatus(LifecycleStatus.DEPRECATED);
        String today = clock.instant().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        if (spec.getLifecycle().getDeprecationDate() == null) {
            spec.getLifecycle().setDeprecationDate(today);
        }
        if (replacement != null) {
            spec.getLifecycle().setReplacement(replacement.toLowerCase());
        }
        if (retirementDate != null) {
            spec.getLifecycle().setRetirementDate(retirementDate);
        }
        if (note != null) {
            spec.getExtras().put("api:deprecation_note", JsonNodeFactory.instance.textNode(note).toString());
        }
        return publish(event(EventType.MODEL_DEPRECATED, spec, current, Deprecation.newBuilder().setReason(DeprecationReason.MANUAL)
                .setAnnouncedDate(today).setReplacement(spec.getLifecycle().getReplacement())
                .setRetirementDate(spec.getLifecycle().getRetirementDate()).build()));
    }

    private ModelEvent event(EventType type, ModelSpec spec, ModelState current, Deprecation deprecation) {
        return ModelEvent.newBuilder()
                .setEventId("api-" + UUID.randomUUID())
                .setModelId(spec.getId())
                .setType(type)
                .setSource("api")
                .setObservedAt(clock.instant())
                .setExpectedVersion(current == null ? 0 : current.getVersion())
                .setSpec(spec)
                .setDeprecation(deprecation)
                .build();
    }

    private Written publish(ModelEvent event) {
        try {
            RecordMetadata m = producer.send(new ProducerRecord<>(topic, null, event.getModelId(), event, CloudEvents.forEvent(event))).get();
            return new Written(event, new ConsistencyToken(topic, Map.of(m.partition(), m.offset())));
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish the event: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
