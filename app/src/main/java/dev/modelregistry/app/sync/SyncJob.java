package dev.modelregistry.app.sync;

import dev.modelregistry.app.config.Durations;
import dev.modelregistry.app.config.RegistryConfig;
import dev.modelregistry.schemas.EventType;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import dev.modelregistry.sync.fetch.FetchSettings;
import dev.modelregistry.sync.plan.Grace;
import dev.modelregistry.sync.plan.SyncPlanner;
import dev.modelregistry.sync.run.SyncRun;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Wires a {@link SyncRun} from the config and prints its report. Shared by {@code sync} and {@code up}. */
public final class SyncJob {

    private SyncJob() {
    }

    /**
     * @param grace overrides {@code sync.grace} when not null
     * @return the report
     */
    public static SyncRun.Report run(RegistryConfig config, List<SyncRun.Source> sources, String grace, Instant observedAt,
                                     boolean dryRun, RegistrySerdes serdes, Map<String, String> environment)
            throws InterruptedException {
        return run(config, sources, grace, observedAt, dryRun, serdes, environment, null);
    }

    /**
     * @param transactionalId publish under this fixed id (the poller: a newer leader fences an
     *     older one), or null for a fresh one
     */
    public static SyncRun.Report run(RegistryConfig config, List<SyncRun.Source> sources, String grace, Instant observedAt,
                                     boolean dryRun, RegistrySerdes serdes, Map<String, String> environment, String transactionalId)
            throws InterruptedException {
        Map<String, Object> client = config.kafkaClientSettings();
        SyncRun.Settings settings = new SyncRun.Settings(sources, plannerSettings(config, grace),
                config.getDouble(RegistryConfig.SYNC_SHRINK_GUARD), observedAt, dryRun,
                Duration.ofMillis(config.getLong(RegistryConfig.SYNC_STATE_TIMEOUT_MS)));
        return SyncRun.execute(settings, config.syncStoreDir(), client, config.topics(), config.getString(RegistryConfig.APPLICATION_ID),
                serdes, fetchSettings(config), environment, transactionalId);
    }

    /** @return the fetch limits, with the configured per-source time limit */
    public static FetchSettings fetchSettings(RegistryConfig config) {
        return FetchSettings.defaults().withSourceDeadline(Durations.parse(config.getString(RegistryConfig.SYNC_SOURCE_TIMEOUT)));
    }

    /**
     * @param grace overrides {@code sync.grace} when not null
     * @return the planner's settings from the config
     */
    public static SyncPlanner.Settings plannerSettings(RegistryConfig config, String grace) {
        return new SyncPlanner.Settings(Grace.parse(grace != null ? grace : config.getString(RegistryConfig.SYNC_GRACE)),
                BigDecimal.valueOf(config.getDouble(RegistryConfig.SYNC_PRICE_TOLERANCE)));
    }

    /** Prints the per-source table, the totals, the offsets and the consistency token. */
    public static void print(SyncRun.Report report, String eventsTopic, PrintWriter out) {
        out.printf("%-11s %-12s %7s %6s %8s %11s %10s %11s%n", "source", "status", "models", "added", "changed", "deprecated",
                "unchanged", "unreadable");
        for (SyncRun.SourceReport s : report.sources()) {
            out.printf("%-11s %-12s %7d %6d %8d %11d %10d %11d%n", s.source().id(), s.status(), s.models(), s.added(), s.changed(),
                    s.deprecated(), s.unchanged(), s.unreadable());
            if (s.failed()) {
                out.printf("  %s: %s%s%n", s.source().id(), s.detail(), s.models() > 0 ? " (last good copy used)" : "");
            } else if (s.status().equals("not-modified")) {
                out.printf("  %s: %s%n", s.source().id(), s.detail());
            }
        }
        Map<EventType, Long> counts = report.counts();
        out.printf("%s: %d added, %d changed, %d deprecated; %d unchanged; %d unreadable fields%n",
                report.dryRun() ? "Would publish" : "Published", counts.getOrDefault(EventType.MODEL_ADDED, 0L),
                counts.getOrDefault(EventType.MODEL_CHANGED, 0L), counts.getOrDefault(EventType.MODEL_DEPRECATED, 0L),
                report.unchanged(), report.unreadable().size());
        report.unreadable().stream().limit(10).forEach(u -> out.printf("  unreadable: %s %s: %s%n", u.modelId(), u.field(), u.problem()));
        if (report.unreadable().size() > 10) {
            out.printf("  ... and %d more unreadable fields%n", report.unreadable().size() - 10);
        }
        report.warnings().forEach(w -> out.printf("  warning: %s%n", w));
        if (report.dryRun()) {
            for (ModelEvent e : report.events()) {
                out.printf("  %-16s %s (expected version %d)%n", e.getType(), e.getModelId(), e.getExpectedVersion());
            }
        } else if (!report.offsets().isEmpty()) {
            out.printf("Offsets written to %s: %s%n", eventsTopic, report.offsets());
            out.printf("Consistency token: %s%n", new ConsistencyToken(eventsTopic, report.offsets()).encode());
        }
        if (report.partialFailure()) {
            out.println("Partial failure: at least one source failed; nothing of it was deprecated.");
        }
        out.flush();
    }
}
