package dev.modelregistry.sync.merge;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.sync.source.SourceName;
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
 * {@code merge(sources)}: one spec per model id from the specs of several sources, field by field
 * in precedence order, recording which source gave each field. Pure.
 *
 * <p>Rules, per leaf field (a nested record's field, a map entry, a whole list): the first source
 * in precedence order that knows it wins. Aliases are the exception: they are united, since each
 * source may know other names. The lifecycle status is taken as {@code DEPRECATED} when any
 * source says so (a source announcing a deprecation is news, not noise). {@code provenance} maps
 * each leaf path to its source; extras keep their {@code source:} prefix.
 */
public final class SpecMerger {

    private SpecMerger() {
    }

    /**
     * @param bySource specs per source; iteration order is the precedence, highest first
     * @return merged specs keyed by model id, in first-seen order
     */
    public static Map<String, ModelSpec> merge(Map<SourceName, ? extends Collection<ModelSpec>> bySource) {
        Map<String, List<Map.Entry<SourceName, ModelSpec>>> byId = new LinkedHashMap<>();
        bySource.forEach((source, specs) -> specs.forEach(spec ->
                byId.computeIfAbsent(spec.getId(), k -> new ArrayList<>()).add(Map.entry(source, spec))));
        Map<String, ModelSpec> merged = new LinkedHashMap<>();
        byId.forEach((id, contributions) -> merged.put(id, mergeOne(contributions)));
        return merged;
    }

    private static ModelSpec mergeOne(List<Map.Entry<SourceName, ModelSpec>> contributions) {
        ModelSpec result = ModelSpec.newBuilder(contributions.get(0).getValue()).build();
        Map<String, String> provenance = new TreeMap<>();
        clearForMerge(result);
        TreeSet<String> aliases = new TreeSet<>();
        boolean deprecated = false;
        for (Map.Entry<SourceName, ModelSpec> c : contributions) {
            ModelSpec spec = c.getValue();
            fill(result, spec, "", c.getKey().id(), provenance);
            aliases.addAll(spec.getAliases());
            deprecated |= spec.getLifecycle().getStatus() == dev.modelregistry.schemas.LifecycleStatus.DEPRECATED;
        }
        aliases.remove(result.getId());
        result.setAliases(new ArrayList<>(aliases));
        if (deprecated) {
            result.getLifecycle().setStatus(dev.modelregistry.schemas.LifecycleStatus.DEPRECATED);
        }
        provenance.keySet().removeIf(k -> k.startsWith("extras.") || k.equals("id") || k.equals("provider") || k.startsWith("provenance"));
        result.setProvenance(provenance);
        return result;
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
    @SuppressWarnings("unchecked")
    private static void fill(IndexedRecord target, IndexedRecord from, String prefix, String source, Map<String, String> provenance) {
        for (Schema.Field f : target.getSchema().getFields()) {
            Object mine = target.get(f.pos());
            Object theirs = from.get(f.pos());
            String path = prefix + f.name();
            if (theirs == null) {
                continue;
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
                    if (f.name().equals("status")) {
                        provenance.putIfAbsent(path, source);
                    } else if (mine == null || (f.name().equals("currency") && !provenance.containsKey(path))) {
                        target.put(f.pos(), theirs);
                        provenance.put(path, source);
                    }
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
