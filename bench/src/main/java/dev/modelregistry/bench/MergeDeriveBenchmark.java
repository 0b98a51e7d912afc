package dev.modelregistry.bench;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.semantics.Derivation;
import dev.modelregistry.catalogs.adapters.CatalogAdapter;
import dev.modelregistry.catalogs.adapters.CodexAdapter;
import dev.modelregistry.catalogs.adapters.LiteLlmAdapter;
import dev.modelregistry.catalogs.adapters.ModelsDevAdapter;
import dev.modelregistry.catalogs.adapters.OpenRouterAdapter;
import dev.modelregistry.sync.merge.SpecMerger;
import dev.modelregistry.catalogs.source.SourceName;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two pure steps a sync runs between reading the catalogs and diffing: the merge of the
 * newest bundled snapshot of every catalog source (8,047 models) and the derivation over the
 * merged specs (ms per whole registry).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx2g")
public class MergeDeriveBenchmark {

    @Param("testdata/catalogs")
    public String catalogs;

    private Map<SourceName, List<ModelSpec>> bySource;
    private Map<String, ModelSpec> merged;

    @Setup
    public void setUp() throws Exception {
        bySource = new EnumMap<>(SourceName.class);
        bySource.put(SourceName.CODEX, parse(new CodexAdapter(), "codex_models_2026-07-09_3380969a2.json.gz"));
        bySource.put(SourceName.OPENROUTER, parse(new OpenRouterAdapter(), "openrouter_api_v1_models_2026-08-19_ef05c3b.json.gz"));
        bySource.put(SourceName.MODELSDEV, parse(new ModelsDevAdapter(), "modelsdev_api_2026-07-02_f3fc6922.json.gz"));
        bySource.put(SourceName.LITELLM, parse(new LiteLlmAdapter(), "litellm_model_prices_2026-07-24_8442b939.json.gz"));
        merged = SpecMerger.merge(bySource);
    }

    private List<ModelSpec> parse(CatalogAdapter adapter, String file) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(catalogs, file)))) {
            return adapter.parse(in.readAllBytes()).specs();
        }
    }

    @Benchmark
    public Map<String, ModelSpec> merge() {
        return SpecMerger.merge(bySource);
    }

    @Benchmark
    public Map<String, ModelSpec> derive() {
        return Derivation.deriveAll(merged);
    }
}
