package dev.modelregistry.sync.derive;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.semantics.Derivation;
import dev.modelregistry.sync.merge.SpecMerger;
import dev.modelregistry.catalogs.source.SourceName;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Given/when/then over real catalog entries: {@code Given.entries(ids)} takes exactly those models'
 * entries from the newest bundled snapshot of every source (and the presets), {@code whenDerived()}
 * merges and derives them as a sync does.
 */
public final class Given {

    private final Map<SourceName, List<ModelSpec>> bySource;

    private Given(Map<SourceName, List<ModelSpec>> bySource) {
        this.bySource = bySource;
    }

    /** @throws IllegalStateException if some id is in no bundled source (the test's premise is wrong) */
    public static Given entries(String... ids) {
        Set<String> wanted = Set.of(ids);
        Map<SourceName, List<ModelSpec>> out = new EnumMap<>(SourceName.class);
        SOURCES.forEach((source, specs) -> out.put(source, specs.stream().filter(s -> wanted.contains(s.getId())).toList()));
        for (String id : ids) {
            if (out.values().stream().flatMap(List::stream).noneMatch(s -> s.getId().equals(id))) {
                throw new IllegalStateException(id + " is in no bundled source");
            }
        }
        return new Given(out);
    }

    /** @return the ids' entries of one source */
    public List<ModelSpec> of(SourceName source) {
        return bySource.getOrDefault(source, List.of());
    }

    /** @return the merged, derived specs by id */
    public Map<String, ModelSpec> whenDerived() {
        return Derivation.deriveAll(SpecMerger.merge(bySource));
    }

    /** @return the merged specs by id, before any rule */
    public Map<String, ModelSpec> whenMerged() {
        return SpecMerger.merge(bySource);
    }

    private static final Map<SourceName, List<ModelSpec>> SOURCES = BundledModels.bySource();
}
