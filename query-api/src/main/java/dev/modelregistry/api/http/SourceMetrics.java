package dev.modelregistry.api.http;

import dev.modelregistry.catalogs.source.SourceName;
import dev.modelregistry.catalogs.source.SourceStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The sources' freshness as Prometheus gauges, one series per source ({@code source} label);
 * a value that does not exist yet (no success so far) is NaN, which Prometheus shows as absent
 * data rather than a false zero.
 */
final class SourceMetrics {

    private SourceMetrics() {
    }

    static void bind(MeterRegistry registry, Supplier<List<SourceStatus>> statuses, Clock clock) {
        gauge(registry, statuses, "registry_source_last_success_timestamp_seconds",
                "When the source was last read (200 or 304), Unix seconds", s -> seconds(s.lastSuccess()));
        gauge(registry, statuses, "registry_source_last_attempt_timestamp_seconds",
                "When the source was last polled, Unix seconds", s -> seconds(s.lastAttempt()));
        gauge(registry, statuses, "registry_source_next_poll_timestamp_seconds",
                "When the source is next polled, Unix seconds", s -> seconds(s.nextPoll()));
        gauge(registry, statuses, "registry_source_catalog_age_seconds",
                "Age of the copy of the source the registry holds (a bundled copy: since its capture day)", s -> {
                    Duration age = s.age(clock.instant());
                    return age == null ? Double.NaN : age.toSeconds();
                });
        gauge(registry, statuses, "registry_source_consecutive_failures",
                "Failed polls of the source since its last success", SourceStatus::consecutiveFailures);
        gauge(registry, statuses, "registry_source_models",
                "Models in the copy of the source the registry holds", s -> s.models() < 0 ? Double.NaN : s.models());
        gauge(registry, statuses, "registry_source_up",
                "1 if the last poll of the source read it, 0 if it failed", s -> s.outcome() == null ? Double.NaN
                        : "failed".equals(s.outcome()) ? 0 : 1);
    }

    private static void gauge(MeterRegistry registry, Supplier<List<SourceStatus>> statuses, String name, String help,
                              ToDoubleFunction<SourceStatus> value) {
        for (SourceName source : SourceName.values()) {
            Gauge.builder(name, statuses, all -> all.get().stream().filter(s -> s.source().equals(source.id())).findFirst()
                            .map(value::applyAsDouble).orElse(Double.NaN))
                    .description(help).tag("source", source.id()).register(registry);
        }
    }

    private static double seconds(Instant i) {
        return i == null ? Double.NaN : i.toEpochMilli() / 1000.0;
    }
}
