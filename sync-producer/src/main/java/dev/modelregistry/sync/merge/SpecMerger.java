package dev.modelregistry.sync.merge;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.catalogs.source.SourceName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * {@code merge(sources)}: one spec per model id from the specs of several sources, field by field,
 * each field group in its own precedence order ({@link Precedence}), recording which source gave
 * each field and where sources disagree. Pure.
 *
 * <p>Rules, per leaf field (a nested record's field, a map entry, a whole list): the first source
 * in the group's order that knows it wins; placeholders count as unknown ({@link Placeholders}).
 * Aliases are united, since each source may know other names; extras are united too (their keys
 * name their source). The lifecycle status is {@code DEPRECATED} when any source says so (a
 * source announcing a deprecation is news, not noise). {@code provenance} maps each leaf path to
 * its source; {@code conflicts} maps each disagreeing leaf to the value of every source
 * ({@link Conflicts}).
 */
public final class SpecMerger {

    private SpecMerger() {
    }

    /**
     * @param bySource specs per source (any order; precedence comes from {@link Precedence})
     * @return merged specs keyed by model id, in first-seen order
     */
    public static Map<String, ModelSpec> merge(Map<SourceName, ? extends Collection<ModelSpec>> bySource) {
        Map<String, Map<SourceName, ModelSpec>> byId = new LinkedHashMap<>();
        bySource.forEach((source, specs) -> specs.forEach(spec ->
                byId.computeIfAbsent(spec.getId(), k -> new java.util.EnumMap<>(SourceName.class))
                        .putIfAbsent(source, Placeholders.clean(spec))));
        Map<String, ModelSpec> merged = new LinkedHashMap<>();
        byId.forEach((id, contributions) -> merged.put(id, mergeOne(contributions)));
        return merged;
    }

    private static ModelSpec mergeOne(Map<SourceName, ModelSpec> contributions) {
        ModelSpec first = contributions.values().iterator().next();
        ModelSpec result = ModelSpec.newBuilder(first).build();
        Map<String, String> provenance = new TreeMap<>();
        clearForMerge(result);
        TreeSet<String> aliases = new TreeSet<>();
        Map<String, String> extras = new TreeMap<>();
        boolean deprecated = false;
        for (ModelSpec spec : contributions.values()) {
            aliases.addAll(spec.getAliases());
            spec.getExtras().forEach(extras::putIfAbsent);
            deprecated |= spec.getLifecycle().getStatus() == dev.modelregistry.schemas.LifecycleStatus.DEPRECATED;
        }
        for (Schema.Field f : ModelSpec.getClassSchema().getFields()) {
            Precedence.FieldGroup group = Precedence.groupOf(f.name());
            if (group == null) {
                continue;
            }
            for (SourceName source : ordered(group, result.getProvider(), contributions)) {
                fillField(result, contributions.get(source), f, "", source.id(), provenance);
            }
        }
        aliases.remove(result.getId());
        result.setAliases(new ArrayList<>(aliases));
        result.setExtras(extras);
        if (deprecated) {
            result.getLifecycle().setStatus(dev.modelregistry.schemas.LifecycleStatus.DEPRECATED);
        }
        provenance.keySet().removeIf(k -> k.startsWith("extras.") || k.equals("id") || k.equals("provider") || k.startsWith("provenance"));
        result.setProvenance(provenance);
        result.setConflicts(Conflicts.find(contributions));
        return result;
    }

    /** The group's order for this provider, then any other contributing source (in enum order). */
    private static List<SourceName> ordered(Precedence.FieldGroup group, String provider, Map<SourceName, ModelSpec> contributions) {
        List<SourceName> out = new ArrayList<>();
        for (SourceName s : Precedence.order(group, provider)) {
            if (contributions.containsKey(s)) {
                out.add(s);
            }
        }
        contributions.keySet().stream().filter(s -> !out.contains(s)).forEach(out::add);
        return out;
    }

    /** Empties every mergeable leaf of a copy so that {@link #fill} can set them in order. */
    private static void clearForMerge(ModelSpec spec) {
        clear(spec);
        spec.getLifecycle().setStatus(dev.modelregistry.schemas.LifecycleStatus.ACTIVE);
    }

    private static void clear(IndexedRecord record) {
        for (Schema.Field f : record.getSchema().getFields()) {
            Object value = record.get(f.pos());
            Schema s = nonNull(f.schema());
            if (f.name().equals("id") || f.name().equals("provider") || f.name().equals("status") || f.name().equals("currency")) {
                continue;
            }
            switch (s.getType()) {
                case RECORD -> {
                    if (value != null) {
                        clear((IndexedRecord) value);
                    }
                }
                case MAP -> record.put(f.pos(), new LinkedHashMap<>());
                case ARRAY -> record.put(f.pos(), new ArrayList<>());
                default -> {
                    if (f.schema().getType() == Schema.Type.UNION) {
                        record.put(f.pos(), null);
                    }
                }
            }
        }
    }

    /** Sets each leaf of {@code target} that is still unknown from {@code from}. */
    private static void fill(IndexedRecord target, IndexedRecord from, String prefix, String source, Map<String, String> provenance) {
        for (Schema.Field f : target.getSchema().getFields()) {
            fillField(target, from, f, prefix, source, provenance);
        }
    }

    /** Sets field {@code f} of {@code target} (or its unknown leaves) from {@code from}. */
    @SuppressWarnings("unchecked")
    private static void fillField(IndexedRecord target, IndexedRecord from, Schema.Field f, String prefix, String source,
                                  Map<String, String> provenance) {
        Object mine = target.get(f.pos());
        Object theirs = from.get(f.pos());
        String path = prefix + f.name();
        if (theirs == null) {
            return;
        }
        Schema s = nonNull(f.schema());
        switch (s.getType()) {
            case RECORD -> {
                if (mine == null) {
                    IndexedRecord copy = (IndexedRecord) SpecificData.getForClass(ModelSpec.class).deepCopy(s, theirs);
                    clear(copy);
                    target.put(f.pos(), copy);
                    mine = copy;
                }
                fill((IndexedRecord) mine, (IndexedRecord) theirs, path + ".", source, provenance);
            }
            case MAP -> {
                Map<String, Object> into = (Map<String, Object>) mine;
                ((Map<String, Object>) theirs).forEach((k, v) -> {
                    if (!into.containsKey(k)) {
                        into.put(k, v);
                        provenance.put(path + "." + k, source);
                    }
                });
            }
            case ARRAY -> {
                if (((List<?>) mine).isEmpty() && !((List<?>) theirs).isEmpty()) {
                    target.put(f.pos(), new ArrayList<>((List<?>) theirs));
                    provenance.put(path, source);
                }
            }
            default -> {
                boolean required = f.schema().getType() != Schema.Type.UNION;
                if (f.name().equals("status")) {
                    provenance.putIfAbsent(path, source);
                } else if (mine == null || (required && !provenance.containsKey(path))) {
                    // A required field (an enum, the currency) is never empty: the first source in order sets it.
                    target.put(f.pos(), theirs);
                    provenance.put(path, source);
                }
            }
        }
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        for (Schema s : schema.getTypes()) {
            if (s.getType() != Schema.Type.NULL) {
                return s;
            }
        }
        return schema;
    }
}
