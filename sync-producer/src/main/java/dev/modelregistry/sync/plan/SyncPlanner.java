package dev.modelregistry.sync.plan;

import dev.modelregistry.schemas.Deprecation;
import dev.modelregistry.schemas.DeprecationReason;
import dev.modelregistry.schemas.EventType;
import dev.modelregistry.schemas.FieldChange;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.diff.Versioning;
import dev.modelregistry.schemas.diff.SpecFields;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which events a sync publishes: the merged catalogs against the registry's current
 * state. Pure: no Kafka, no clock, no I/O.
 *
 * <ul>
 *   <li>a model the registry has not seen is added;</li>
 *   <li>a model whose fields differ (prices beyond the tolerance; provenance alone is not a
 *       difference) is changed, or deprecated when a source now says it is; a change of derived
 *       fields only (a derivation rule changed) carries the source {@value #DERIVATION};</li>
 *   <li>a deprecated model that is listed again comes back as a change;</li>
 *   <li>an active model missing from every source is deprecated once its absence outlives the
 *       grace; until then its absence is only counted;</li>
 *   <li>unchanged catalogs give no events at all.</li>
 * </ul>
 * Event ids are a hash of model id, type, expected version and content, so a re-run or a
 * concurrent run of the same change carries the same id and the fold drops the copy.
 */
public final class SyncPlanner {

    /** Source label of a change made only by derivation rules (a rule changed, not a catalog). */
    public static final String DERIVATION = "derivation";

    private SyncPlanner() {
    }

    /** @return true if every changed field was, or now is, set by a derivation rule */
    static boolean derivedOnly(ModelSpec before, ModelSpec after, List<FieldChange> changes) {
        return changes.stream().allMatch(c -> {
            String path = c.getPath();
            String now = after.getProvenance().get(path);
            String then = before.getProvenance().get(path);
            return (now != null ? now : then != null ? then : "").startsWith("derived:");
        });
    }

    /** How long a model has been missing. */
    public record Absence(Instant firstMissing, int missedSyncs) {
    }

    /**
     * @param grace absence tolerated before deprecation
     * @param priceTolerance relative difference of a price that is rounding noise, e.g. 0.001
     */
    public record Settings(Grace grace, BigDecimal priceTolerance) {
    }

    /** What to publish and the absence book to keep for the next run. */
    public record Plan(List<ModelEvent> events, Map<String, Absence> absences, int unchanged) {
    }

    /**
     * @param current the registry's state by model id
     * @param merged the merged catalogs by model id
     * @param absences absences recorded by earlier runs
     * @param observedAt when the catalogs were observed (the events' observed-at)
     * @param source label of this run's sources, recorded on each event
     */
    public static Plan plan(Map<String, ModelState> current, Map<String, ModelSpec> merged, Map<String, Absence> absences,
                            Instant observedAt, String source, Settings settings) {
        List<ModelEvent> events = new ArrayList<>();
        Map<String, Absence> nextAbsences = new LinkedHashMap<>();
        int unchanged = 0;
        for (Map.Entry<String, ModelSpec> e : merged.entrySet()) {
            ModelState state = current.get(e.getKey());
            ModelSpec spec = e.getValue();
            if (state == null) {
                events.add(event(EventType.MODEL_ADDED, spec, 0, observedAt, source, null));
                continue;
            }
            ModelSpec before = state.getSpec();
            if (before.equals(spec)) {
                // most models of a catalog are unchanged from one sync to the next: no diff needed
                unchanged++;
                continue;
            }
            spec = Versioning.withoutPriceNoise(before, spec, settings.priceTolerance());
            List<FieldChange> changes = Versioning.changes(before, spec);
            if (changes.isEmpty()) {
                unchanged++;
                continue;
            }
            if (Versioning.deprecates(before, spec)) {
                events.add(event(EventType.MODEL_DEPRECATED, spec, state.getVersion(), observedAt, source,
                        Deprecation.newBuilder().setReason(DeprecationReason.ANNOUNCED_BY_SOURCE)
                                .setAnnouncedDate(spec.getLifecycle().getDeprecationDate())
                                .setRetirementDate(spec.getLifecycle().getRetirementDate())
                                .setReplacement(spec.getLifecycle().getReplacement()).build()));
            } else {
                events.add(event(EventType.MODEL_CHANGED, spec, state.getVersion(), observedAt,
                        derivedOnly(before, spec, changes) ? DERIVATION : source, null));
            }
        }
        for (Map.Entry<String, ModelState> e : current.entrySet()) {
            String id = e.getKey();
            ModelState state = e.getValue();
            if (merged.containsKey(id) || state.getSpec().getLifecycle().getStatus() != LifecycleStatus.ACTIVE) {
                continue;
            }
            Absence before = absences.get(id);
            Absence now = before == null ? new Absence(observedAt, 1) : new Absence(before.firstMissing(), before.missedSyncs() + 1);
            if (!settings.grace().expired(now.missedSyncs(), Duration.between(now.firstMissing(), observedAt))) {
                nextAbsences.put(id, now);
                continue;
            }
            ModelSpec gone = ModelSpec.newBuilder(state.getSpec()).build();
            gone.getLifecycle().setStatus(LifecycleStatus.DEPRECATED);
            String today = observedAt.atOffset(ZoneOffset.UTC).toLocalDate().toString();
            if (gone.getLifecycle().getDeprecationDate() == null) {
                gone.getLifecycle().setDeprecationDate(today);
            }
            events.add(event(EventType.MODEL_DEPRECATED, gone, state.getVersion(), observedAt, source,
                    Deprecation.newBuilder().setReason(DeprecationReason.GONE_FROM_SOURCE).setAnnouncedDate(today).build()));
        }
        return new Plan(events, nextAbsences, unchanged);
    }

    private static ModelEvent event(EventType type, ModelSpec spec, long expectedVersion, Instant observedAt, String source,
                                    Deprecation deprecation) {
        return ModelEvent.newBuilder()
                .setEventId(eventId(spec.getId(), type, expectedVersion, spec))
                .setModelId(spec.getId())
                .setType(type)
                .setSource(source)
                .setObservedAt(observedAt)
                .setExpectedVersion(expectedVersion)
                .setSpec(spec)
                .setDeprecation(deprecation)
                .build();
    }

    /** @return a stable id from what the event says, not from when it was made */
    static String eventId(String modelId, EventType type, long expectedVersion, ModelSpec spec) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((modelId + '\n' + type + '\n' + expectedVersion + '\n').getBytes(StandardCharsets.UTF_8));
            SpecFields.flatten(spec).forEach((k, v) -> sha.update((k + '=' + v + '\n').getBytes(StandardCharsets.UTF_8)));
            return "sync-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
