package dev.modelregistry.streams.fold;

import dev.modelregistry.schemas.EventType;
import dev.modelregistry.schemas.FieldChange;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.diff.SpecDiff;
import dev.modelregistry.schemas.diff.Versioning;
import java.time.Instant;
import java.util.List;

/**
 * The registry's one rule book: {@code fold(state, event)}. Pure: no Kafka, no clock, no I/O.
 *
 * <p>An accepted event makes version {@code current + 1} (1 for a new model) whose validity
 * starts at the event's observed-at time, pushed forward to 1 ms after the previous version when
 * the event is older: a model's version timestamps are strictly increasing even when events
 * arrive out of time order, so as-of reads never see a later version "in the past".
 */
public final class ModelFold {

    private ModelFold() {
    }

    /**
     * @param current the model's current state, or null if the registry has never seen it
     * @param alreadyApplied true if {@code event}'s id was applied to this model before
     * @param event the event to fold; never null
     * @return accepted (with the change and the new state) or rejected (with the reason)
     */
    public static FoldResult fold(ModelState current, boolean alreadyApplied, ModelEvent event) {
        if (event.getType() == null || event.getType() == EventType.UNKNOWN) {
            return reject(RejectionReason.UNKNOWN_EVENT_TYPE, "event type " + event.getType() + " is not known to this version");
        }
        List<String> problems = SpecValidator.violations(event.getSpec());
        if (!problems.isEmpty()) {
            return reject(RejectionReason.INVALID_SPEC, String.join("; ", problems));
        }
        if (!event.getSpec().getId().equals(event.getModelId())) {
            return reject(RejectionReason.INVALID_SPEC,
                    "spec id '" + event.getSpec().getId() + "' differs from the event's model id '" + event.getModelId() + "'");
        }
        if (alreadyApplied) {
            return reject(RejectionReason.DUPLICATE_EVENT, "event " + event.getEventId() + " was already applied to " + event.getModelId());
        }
        boolean exists = current != null;
        boolean active = exists && current.getSpec().getLifecycle().getStatus() == LifecycleStatus.ACTIVE;
        switch (event.getType()) {
            case MODEL_ADDED -> {
                if (active) {
                    return reject(RejectionReason.MODEL_EXISTS, event.getModelId() + " exists and is active (version " + current.getVersion() + ")");
                }
            }
            case MODEL_CHANGED, MODEL_DEPRECATED -> {
                if (!exists) {
                    return reject(RejectionReason.UNKNOWN_MODEL, "cannot apply " + event.getType() + " to unknown model " + event.getModelId());
                }
            }
            default -> throw new IllegalStateException("unhandled event type " + event.getType());
        }
        long currentVersion = exists ? current.getVersion() : 0L;
        if (event.getExpectedVersion() != currentVersion) {
            return reject(RejectionReason.STALE_VERSION, "expected version " + event.getExpectedVersion() + " of "
                    + event.getModelId() + " but it is at " + currentVersion);
        }
        ModelSpec after = specAfter(event);
        if (!Versioning.isVersionable(exists ? current.getSpec() : null, after)) {
            return reject(RejectionReason.NO_CHANGE, event.getType() + " of " + event.getModelId() + " changes no field but provenance");
        }
        // The history keeps every field that moved, provenance too, next to the changes that made the version.
        List<FieldChange> changes = SpecDiff.diff(exists ? current.getSpec() : null, after);
        Instant recordedAt = event.getObservedAt();
        if (exists && !recordedAt.isAfter(current.getUpdatedAt())) {
            recordedAt = current.getUpdatedAt().plusMillis(1);
        }
        long version = currentVersion + 1;
        ModelChange change = ModelChange.newBuilder()
                .setModelId(event.getModelId())
                .setVersion(version)
                .setType(event.getType())
                .setRecordedAt(recordedAt)
                .setEventId(event.getEventId())
                .setSource(event.getSource())
                .setSpec(after)
                .setChanges(changes)
                .setDeprecation(event.getDeprecation())
                .build();
        ModelState state = ModelState.newBuilder()
                .setModelId(event.getModelId())
                .setVersion(version)
                .setUpdatedAt(recordedAt)
                .setLastEventId(event.getEventId())
                .setSpec(after)
                .build();
        return new FoldResult.Accepted(change, state);
    }

    /** A deprecation event deprecates, whatever status its spec carries; others keep the spec as sent. */
    private static ModelSpec specAfter(ModelEvent event) {
        ModelSpec spec = event.getSpec();
        if (event.getType() != EventType.MODEL_DEPRECATED || spec.getLifecycle().getStatus() != LifecycleStatus.ACTIVE) {
            return spec;
        }
        ModelSpec copy = ModelSpec.newBuilder(spec).build();
        copy.getLifecycle().setStatus(LifecycleStatus.DEPRECATED);
        if (copy.getLifecycle().getDeprecationDate() == null && event.getDeprecation() != null) {
            copy.getLifecycle().setDeprecationDate(event.getDeprecation().getAnnouncedDate());
        }
        return copy;
    }

    private static FoldResult reject(RejectionReason reason, String message) {
        return new FoldResult.Rejected(reason, message);
    }
}
