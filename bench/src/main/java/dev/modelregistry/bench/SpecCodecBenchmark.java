package dev.modelregistry.bench;

import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.SampleRecords;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Avro single-object encode and decode of a fully populated model spec and event (records/s). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpecCodecBenchmark {

    private RegistrySerdes serdes;
    private ModelSpec spec;
    private byte[] specBytes;
    private ModelEvent event;
    private byte[] eventBytes;

    @Setup
    public void setUp() {
        serdes = new RegistrySerdes();
        spec = SampleRecords.fullSpec("openrouter/openai/codex-mini");
        specBytes = serdes.specs().encode(spec);
        event = SampleRecords.fullEvent("openrouter/openai/codex-mini");
        eventBytes = serdes.events().encode(event);
    }

    @Benchmark
    public byte[] encodeSpec() {
        return serdes.specs().encode(spec);
    }

    @Benchmark
    public ModelSpec decodeSpec() {
        return serdes.specs().decode(specBytes);
    }

    @Benchmark
    public byte[] encodeEvent() {
        return serdes.events().encode(event);
    }

    @Benchmark
    public ModelEvent decodeEvent() {
        return serdes.events().decode(eventBytes);
    }
}
