package dev.modelregistry.sync.plan;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How long a model may be missing from every source before it is deprecated: a number of syncs
 * ({@code 3}) or a duration ({@code 7d}, {@code 12h}, {@code PT30M}). {@code 0} deprecates at the
 * first absence.
 *
 * @param syncs absences tolerated, or -1 when the grace is a duration
 * @param duration time tolerated, or null when the grace is a number of syncs
 */
public record Grace(int syncs, Duration duration) {

    /**
     * @throws IllegalArgumentException with the accepted forms if {@code text} is none of them
     */
    public static Grace parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.matches("\\d+")) {
                return new Grace(Integer.parseInt(t), null);
            }
            if (t.matches("\\d+[dhms]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return new Grace(-1, switch (t.charAt(t.length() - 1)) {
                    case 'd' -> Duration.ofDays(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                });
            }
            return new Grace(-1, Duration.parse(text.strip().toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("grace '" + text + "' is neither a number of syncs (3) nor a duration (7d, 12h, PT30M)");
        }
    }

    /** @return true if a model missing {@code missedSyncs} times since {@code missingFor} is past the grace */
    public boolean expired(int missedSyncs, Duration missingFor) {
        return duration == null ? missedSyncs > syncs : missingFor.compareTo(duration) >= 0;
    }

    @Override
    public String toString() {
        return duration == null ? syncs + " syncs" : duration.toString();
    }
}
