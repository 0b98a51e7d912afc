package dev.modelregistry.streams.fold;

import dev.modelregistry.schemas.EventType;
import dev.modelregistry.schemas.Lifecycle;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.Limits;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.Pricing;
import java.math.BigDecimal;
import java.time.Instant;

/** Small builders for given/when/then tests of the fold and topology. */
public final class Events {

    private Events() {
    }

    public static ModelSpec spec(String id, long context, String inputPerMillion) {
        return ModelSpec.newBuilder()
                .setId(id)
                .setProvider(id.substring(0, id.indexOf('/')))
                .setDisplayName(id.substring(id.indexOf('/') + 1))
                .setLimits(Limits.newBuilder().setContextWindow(context).build())
                .setPricing(inputPerMillion == null ? null : Pricing.newBuilder()
                        .setInputPerMillion(new BigDecimal(inputPerMillion).setScale(12)).build())
                .setLifecycle(Lifecycle.newBuilder().setStatus(LifecycleStatus.ACTIVE).build())
                .build();
    }

    public static ModelEvent event(EventType type, ModelSpec spec, long expectedVersion, String observedAt) {
        return ModelEvent.newBuilder()
                .setEventId(type + ":" + spec.getId() + ":" + expectedVersion + ":" + observedAt + ":" + spec.hashCode())
                .setModelId(spec.getId())
                .setType(type)
                .setSource("test")
                .setObservedAt(Instant.parse(observedAt))
                .setExpectedVersion(expectedVersion)
                .setSpec(spec)
                .build();
    }

    public static ModelEvent added(ModelSpec spec, String observedAt) {
        return event(EventType.MODEL_ADDED, spec, 0, observedAt);
    }

    public static ModelEvent changed(ModelSpec spec, long expectedVersion, String observedAt) {
        return event(EventType.MODEL_CHANGED, spec, expectedVersion, observedAt);
    }

    public static ModelEvent deprecated(ModelSpec spec, long expectedVersion, String observedAt) {
        return event(EventType.MODEL_DEPRECATED, spec, expectedVersion, observedAt);
    }
}
