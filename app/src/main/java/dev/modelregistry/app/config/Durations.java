package dev.modelregistry.app.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Positive durations in config values: {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT1H}). */
public final class Durations {

    /** Rejects a value that is not a positive duration, naming the key. */
    public static final ConfigDef.Validator VALIDATOR = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            try {
                parse(value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "a positive duration: 30s, 5m, 1h, 2d or PT1H";
        }
    };

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException if {@code text} is not a positive duration
     */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.matches("\\d+(ms|[smhd])")) {
                long n = Long.parseLong(t.replaceAll("\\D", ""));
                d = t.endsWith("ms") ? Duration.ofMillis(n) : switch (t.charAt(t.length() - 1)) {
                    case 'd' -> Duration.ofDays(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
            } else {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 5m, 1h, 2d or PT1H");
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration");
        }
        return d;
    }
}
