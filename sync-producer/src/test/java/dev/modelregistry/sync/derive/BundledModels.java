package dev.modelregistry.sync.derive;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.semantics.Derivation;
import dev.modelregistry.catalogs.adapters.AdapterResult;
import dev.modelregistry.catalogs.adapters.CatalogAdapter;
import dev.modelregistry.catalogs.adapters.Catalogs;
import dev.modelregistry.catalogs.adapters.CodexAdapter;
import dev.modelregistry.catalogs.adapters.LiteLlmAdapter;
import dev.modelregistry.catalogs.adapters.ModelsDevAdapter;
import dev.modelregistry.catalogs.adapters.OpenRouterAdapter;
import dev.modelregistry.catalogs.adapters.PresetsAdapter;
import dev.modelregistry.sync.merge.SpecMerger;
import dev.modelregistry.catalogs.source.SourceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The registry's models as a sync of the newest bundled snapshot of every source plus the repo's
 * presets makes them: parsed, merged, derived. Loaded once per test JVM (about 2 s).
 */
public final class BundledModels {

    private static final class Holder {
        static final Map<String, ModelSpec> MERGED = SpecMerger.merge(bySource());
        static final Map<String, ModelSpec> DERIVED = Derivation.deriveAll(MERGED);
    }

    private BundledModels() {
    }

    /** @return merged and derived specs by id (do not modify) */
    public static Map<String, ModelSpec> derived() {
        return Holder.DERIVED;
    }

    /** @return merged specs by id, before the derivation (do not modify) */
    public static Map<String, ModelSpec> merged() {
        return Holder.MERGED;
    }

    /** @return the newest bundled snapshot of each catalog source, parsed, plus the presets */
    public static Map<SourceName, List<ModelSpec>> bySource() {
        try {
            Map<SourceName, List<ModelSpec>> out = new EnumMap<>(SourceName.class);
            out.put(SourceName.PRESETS, presets());
            out.put(SourceName.CODEX, newest("codex_", new CodexAdapter()));
            out.put(SourceName.OPENROUTER, newest("openrouter_", new OpenRouterAdapter()));
            out.put(SourceName.MODELSDEV, newest("modelsdev_", new ModelsDevAdapter()));
            out.put(SourceName.LITELLM, newest("litellm_", new LiteLlmAdapter()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ModelSpec> newest(String prefix, CatalogAdapter adapter) throws Exception {
        List<Path> all = Catalogs.snapshots(prefix);
        AdapterResult r = adapter.parse(Catalogs.read(all.get(all.size() - 1)));
        return r.specs();
    }

    private static List<ModelSpec> presets() throws Exception {
        List<ModelSpec> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("testdata.dir", "../testdata")).resolveSibling("presets"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                out.addAll(new PresetsAdapter().parse(Files.readAllBytes(p)).specs());
            }
        }
        return out;
    }
}
