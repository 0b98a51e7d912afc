package dev.modelregistry.schemas.diff;

import dev.modelregistry.schemas.ChangeKind;
import dev.modelregistry.schemas.FieldChange;
import dev.modelregistry.schemas.ModelSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Field-level difference between two specs: {@code diff(old, new)}. Pure; no Kafka.
 *
 * <p>Each differing path is reported once, sorted by path: {@link ChangeKind#INTRODUCED} when
 * absent before, {@link ChangeKind#REMOVED} when absent after, {@link ChangeKind#CHANGED} when
 * both are present and differ. See {@link SpecFields} for paths and "absent".
 */
public final class SpecDiff {

    private SpecDiff() {
    }

    /** Decides whether two present values of a path are "the same" despite differing text. */
    @FunctionalInterface
    public interface Tolerance {
        /** Exact comparison: any textual difference is a change. */
        Tolerance EXACT = (path, oldJson, newJson) -> false;

        /**
         * @return true if {@code oldJson} and {@code newJson} at {@code path} should count as equal
         */
        boolean withinTolerance(String path, String oldJson, String newJson);

        /**
         * Decimal values (JSON strings of numbers) under paths matching {@code paths} are equal when
         * they differ by at most {@code relative} of the larger magnitude, e.g. 0.001 makes
         * 2.499 and 2.5 equal.
         */
        static Tolerance relativeDecimal(Predicate<String> paths, BigDecimal relative) {
            return (path, oldJson, newJson) -> {
                if (!paths.test(path)) {
                    return false;
                }
                BigDecimal a = decimalOrNull(oldJson);
                BigDecimal b = decimalOrNull(newJson);
                if (a == null || b == null) {
                    return false;
                }
                return closeEnough(a, b, relative);
            };
        }

        /** @return true if {@code a} and {@code b} differ by at most {@code relative} of the larger magnitude */
        static boolean closeEnough(BigDecimal a, BigDecimal b, BigDecimal relative) {
            BigDecimal scale = a.abs().max(b.abs());
            return scale.signum() == 0 || a.subtract(b).abs().compareTo(scale.multiply(relative)) <= 0;
        }
    }

    /** @return the changes from {@code before} to {@code after} (either may be null), exact */
    public static List<FieldChange> diff(ModelSpec before, ModelSpec after) {
        return diff(before, after, Tolerance.EXACT);
    }

    /**
     * @param before the old spec, null for none
     * @param after the new spec, null for none
     * @param tolerance decides near-equal values; never null
     * @return the changes sorted by path; empty if none
     */
    public static List<FieldChange> diff(ModelSpec before, ModelSpec after, Tolerance tolerance) {
        return diffFields(SpecFields.flatten(before), SpecFields.flatten(after), tolerance);
    }

    /** Diff of two already flattened specs (see {@link SpecFields#flatten}). */
    public static List<FieldChange> diffFields(Map<String, String> old, Map<String, String> now, Tolerance tolerance) {
        List<FieldChange> changes = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(old.keySet());
        paths.addAll(now.keySet());
        for (String path : paths) {
            String o = old.get(path);
            String n = now.get(path);
            if (o == null) {
                changes.add(change(path, ChangeKind.INTRODUCED, null, n));
            } else if (n == null) {
                changes.add(change(path, ChangeKind.REMOVED, o, null));
            } else if (!o.equals(n) && !tolerance.withinTolerance(path, o, n)) {
                changes.add(change(path, ChangeKind.CHANGED, o, n));
            }
        }
        return changes;
    }

    private static FieldChange change(String path, ChangeKind kind, String oldValue, String newValue) {
        return FieldChange.newBuilder().setPath(path).setKind(kind).setOldValue(oldValue).setNewValue(newValue).build();
    }

    private static BigDecimal decimalOrNull(String json) {
        if (json.length() < 3 || json.charAt(0) != '"') {
            return null;
        }
        try {
            return new BigDecimal(json.substring(1, json.length() - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
