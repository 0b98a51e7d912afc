package dev.modelregistry.schemas.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.SampleRecords;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private final RegistrySerdes serdes = new RegistrySerdes();

    @Test
    void everyRecordTypeRoundTrips() {
        String id = "openrouter/openai/codex-mini";
        assertThat(roundTrip(serdes.specs(), SampleRecords.fullSpec(id))).isEqualTo(SampleRecords.fullSpec(id));
        assertThat(roundTrip(serdes.events(), SampleRecords.fullEvent(id))).isEqualTo(SampleRecords.fullEvent(id));
        assertThat(roundTrip(serdes.changes(), SampleRecords.fullChange(id))).isEqualTo(SampleRecords.fullChange(id));
        assertThat(roundTrip(serdes.states(), SampleRecords.fullState(id))).isEqualTo(SampleRecords.fullState(id));
        assertThat(roundTrip(serdes.rejections(), SampleRecords.fullRejection(id))).isEqualTo(SampleRecords.fullRejection(id));
    }

    @Test
    void decimalPricesSurviveExactly() {
        ModelSpec spec = SampleRecords.fullSpec("openai/gpt-4o");
        spec.getPricing().setInputPerMillion(new BigDecimal("0.000000000001"));
        ModelSpec back = roundTrip(serdes.specs(), spec);
        assertThat(back.getPricing().getInputPerMillion()).isEqualByComparingTo("0.000000000001");
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(serdes.events().serialize("t", null)).isNull();
        assertThat(serdes.events().deserialize("t", null)).isNull();
    }

    @Test
    void aPriceWithTooManyDecimalsIsASerializationErrorNotSilentRounding() {
        ModelSpec spec = SampleRecords.fullSpec("openai/gpt-4o");
        spec.getPricing().setInputPerMillion(new BigDecimal("0.0000000000001"));
        assertThatThrownBy(() -> serdes.specs().encode(spec))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("ModelSpec");
    }

    @Test
    void garbageBytesAreABadHeader() {
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> serdes.events().decode(garbage))
                .isInstanceOfSatisfying(UndecodableRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(UndecodableRecordException.Reason.BAD_HEADER))
                .hasMessageContaining("not Avro single-object encoded");
    }

    @Test
    void emptyBytesAreEmpty() {
        assertThatThrownBy(() -> serdes.events().decode(new byte[0]))
                .isInstanceOfSatisfying(UndecodableRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(UndecodableRecordException.Reason.EMPTY));
    }

    @Test
    void aTruncatedRecordIsACorruptBody() {
        byte[] full = serdes.events().encode(SampleRecords.fullEvent("openai/gpt-4o"));
        for (int cut : new int[] {full.length / 2, full.length - 1, 12}) {
            byte[] truncated = Arrays.copyOf(full, cut);
            assertThatThrownBy(() -> serdes.events().decode(truncated))
                    .as("cut at %d of %d bytes", cut, full.length)
                    .isInstanceOfSatisfying(UndecodableRecordException.class,
                            e -> assertThat(e.reason()).isEqualTo(UndecodableRecordException.Reason.CORRUPT_BODY));
        }
    }

    @Test
    void anUnknownFingerprintIsUnknownSchema() {
        Schema stranger = SchemaBuilder.record("Stranger").fields().requiredString("x").endRecord();
        GenericRecord record = new GenericData.Record(stranger);
        record.put("x", "hello");
        byte[] bytes = encodeGeneric(stranger, record);
        assertThatThrownBy(() -> serdes.events().decode(bytes))
                .isInstanceOfSatisfying(UndecodableRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(UndecodableRecordException.Reason.UNKNOWN_SCHEMA))
                .hasMessageContaining("no released schema has fingerprint");
    }

    @Test
    void aRecordOfAnotherReleasedTypeIsNotSilentlyMisread() {
        // A ModelState on the events topic is a released schema but the wrong record:
        // Avro's resolution cannot map it onto ModelEvent, so it must fail, not invent fields.
        byte[] state = serdes.states().encode(SampleRecords.fullState("openai/gpt-4o"));
        assertThatThrownBy(() -> serdes.events().decode(state)).isInstanceOf(UndecodableRecordException.class);
    }

    @Test
    void anUnreleasedCurrentSchemaIsRefusedAtConstruction() {
        ReleasedSchemas onlySpec = ReleasedSchemas.load();
        // ModelEvent is released; a serde over a class whose schema is not in the store must fail fast.
        assertThatThrownBy(() -> new AvroSerde<>(Unreleased.class, onlySpec))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not among the released schemas");
    }

    /** A generated-style class whose schema was never released. */
    public static final class Unreleased extends org.apache.avro.specific.SpecificRecordBase {
        public static final Schema SCHEMA$ = SchemaBuilder.record("Unreleased").namespace("dev.modelregistry.schemas.encoding")
                .fields().optionalString("x").endRecord();
        private String x;

        @Override
        public Schema getSchema() {
            return SCHEMA$;
        }

        @Override
        public Object get(int field) {
            return x;
        }

        @Override
        public void put(int field, Object value) {
            x = (String) value;
        }
    }

    static byte[] encodeGeneric(Schema schema, GenericRecord record) {
        try {
            java.nio.ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T roundTrip(AvroSerde<T> serde, T record) {
        byte[] bytes = serde.serialize("topic", record);
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        return serde.deserialize("topic", bytes);
    }

    @Test
    void eventDecodesIntoTheCurrentClass() {
        ModelEvent event = SampleRecords.fullEvent("openai/o1");
        assertThat(serdes.events().decode(serdes.events().encode(event)).getSpec().getLimits().getContextWindow())
                .isEqualTo(128_000L);
    }
}
