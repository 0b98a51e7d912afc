package dev.modelregistry.bench;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.catalogs.adapters.ModelsDevAdapter;
import dev.modelregistry.sync.plan.Grace;
import dev.modelregistry.sync.plan.SyncPlanner;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * The sync's diff of the largest models.dev snapshot (2026-07-02, 5,276 models) against the one
 * before (2026-05-01) held as the registry's state: {@code SyncPlanner.plan}, which diffs every
 * model field by field and decides the events (ms per whole catalog).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CatalogDiffBenchmark {

    @Param("testdata/catalogs")
    public String catalogs;

    private Map<String, ModelState> before;
    private Map<String, ModelSpec> after;
    private final SyncPlanner.Settings settings = new SyncPlanner.Settings(Grace.parse("0"), new BigDecimal("0.001"));

    @Setup
    public void setUp() throws Exception {
        before = new HashMap<>();
        for (ModelSpec s : parse("modelsdev_api_2026-05-01_7d334a51.json.gz").values()) {
            before.put(s.getId(), ModelState.newBuilder().setModelId(s.getId()).setVersion(1)
                    .setUpdatedAt(Instant.parse("2026-05-01T00:00:00Z")).setLastEventId("x").setSpec(s).build());
        }
        after = parse("modelsdev_api_2026-07-02_f3fc6922.json.gz");
    }

    private Map<String, ModelSpec> parse(String file) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(catalogs, file)))) {
            Map<String, ModelSpec> specs = new LinkedHashMap<>();
            new ModelsDevAdapter().parse(in.readAllBytes()).specs().forEach(s -> specs.put(s.getId(), s));
            return specs;
        }
    }

    @Benchmark
    public SyncPlanner.Plan planModelsDevAgainstPrevious() {
        return SyncPlanner.plan(before, after, Map.of(), Instant.parse("2026-07-02T00:00:00Z"), "modelsdev", settings);
    }
}
