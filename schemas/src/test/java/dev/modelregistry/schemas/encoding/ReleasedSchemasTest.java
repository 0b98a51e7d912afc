package dev.modelregistry.schemas.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.schemas.ModelEvent;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

/**
 * Guards the schema release discipline: released files are frozen (golden fingerprints), the
 * generated classes are a released version, every pair of versions of a record is compatible
 * both ways, and bytes from every released writer decode with today's classes.
 */
class ReleasedSchemasTest {

    private static final List<Class<?>> RECORD_CLASSES =
            List.of(ModelSpec.class, ModelEvent.class, ModelChange.class, ModelState.class, Rejection.class);

    private final ReleasedSchemas released = ReleasedSchemas.load();

    @Test
    void everyReleasedFileHasItsPinnedFingerprint() throws IOException {
        Map<String, String> golden = goldenFingerprints();
        Map<String, String> actual = new LinkedHashMap<>();
        for (ReleasedSchemas.Released r : released.all()) {
            actual.put(r.resource().substring("released-schemas/".length()),
                    Long.toHexString(r.fingerprint()) + " " + sha256(r.resource()));
        }
        assertThat(actual)
                .as("a released schema was edited, added without pinning, or removed; release a change as a new "
                        + "vN.avsc and add its line to src/test/resources/released-fingerprints.txt")
                .containsExactlyInAnyOrderEntriesOf(golden);
    }

    @Test
    void theGeneratedClassesAreTheNewestReleasedVersion() {
        for (Class<?> type : RECORD_CLASSES) {
            Schema current = SpecificData.get().getSchema(type);
            List<ReleasedSchemas.Released> versions = released.versionsOf(type.getSimpleName());
            assertThat(versions).as("released versions of %s", type.getSimpleName()).isNotEmpty();
            Schema newest = versions.get(versions.size() - 1).schema();
            assertThat(org.apache.avro.SchemaNormalization.parsingFingerprint64(current))
                    .as("%s in src/main/avro must equal its newest released file", type.getSimpleName())
                    .isEqualTo(org.apache.avro.SchemaNormalization.parsingFingerprint64(newest));
        }
    }

    @Test
    void everyPairOfReleasedVersionsIsCompatibleBothWays() {
        List<String> problems = new ArrayList<>();
        int pairs = 0;
        for (Class<?> type : RECORD_CLASSES) {
            List<ReleasedSchemas.Released> versions = released.versionsOf(type.getSimpleName());
            for (ReleasedSchemas.Released reader : versions) {
                for (ReleasedSchemas.Released writer : versions) {
                    pairs++;
                    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader.schema(), writer.schema());
                    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                        problems.add(reader.resource() + " cannot read " + writer.resource() + ": "
                                + result.getResult().getIncompatibilities());
                    }
                }
            }
        }
        assertThat(pairs).isGreaterThanOrEqualTo(RECORD_CLASSES.size());
        assertThat(problems).isEmpty();
    }

    @Test
    void bytesFromEveryReleasedWriterDecodeWithTheCurrentClasses() {
        RegistrySerdes serdes = new RegistrySerdes(released);
        Map<String, AvroSerde<?>> byRecord = Map.of(
                "ModelSpec", serdes.specs(), "ModelEvent", serdes.events(), "ModelChange", serdes.changes(),
                "ModelState", serdes.states(), "Rejection", serdes.rejections());
        int decoded = 0;
        for (ReleasedSchemas.Released writer : released.all()) {
            AvroSerde<?> serde = byRecord.get(writer.recordName());
            assertThat(serde).as("a serde for %s", writer.recordName()).isNotNull();
            for (Object random : new RandomData(GenericData.get(), writer.schema(), 25, 42L)) {
                Object datum = validDecimals(writer.schema(), random);
                byte[] bytes = AvroSerdeTest.encodeGeneric(writer.schema(), (GenericRecord) datum);
                Object record = serde.decode(bytes);
                assertThat(record).isNotNull();
                assertThat(String.valueOf(((org.apache.avro.specific.SpecificRecord) record).get(0)))
                        .isEqualTo(String.valueOf(((GenericRecord) datum).get(0)));
                decoded++;
            }
        }
        assertThat(decoded).isEqualTo(25 * released.all().size());
    }

    @Test
    void anOlderWriterWithoutAnOptionalFieldDecodesWithTheDefaultFilledIn() throws IOException {
        // A hand-made "earlier release" of ModelEvent without the deprecation field: the shape a
        // real v1 -> v2 evolution takes. It proves the resolution path the released versions rely on.
        Schema older;
        try (InputStream in = getClass().getResourceAsStream("/older-writers/ModelEvent-without-deprecation.avsc")) {
            older = new Schema.Parser().parse(in);
        }
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(ModelEvent.getClassSchema(), older).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        GenericRecord datum = (GenericRecord) new RandomData(GenericData.get(), older, 1, 7L).iterator().next();
        byte[] bytes = AvroSerdeTest.encodeGeneric(older, datum);

        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(older);
        ModelEvent event = new BinaryMessageDecoder<ModelEvent>(SpecificData.getForClass(ModelEvent.class),
                ModelEvent.getClassSchema(), store).decode(bytes);
        assertThat(event.getEventId()).isEqualTo(datum.get("eventId").toString());
        assertThat(event.getDeprecation()).isNull();
    }

    /**
     * RandomData fills decimal fields with arbitrary bytes, including zero-length ones that no
     * writer can produce; replace each with a valid two's-complement unscaled value.
     */
    private static Object validDecimals(Schema schema, Object datum) {
        switch (schema.getType()) {
            case RECORD -> {
                GenericRecord record = (GenericRecord) datum;
                for (Schema.Field f : schema.getFields()) {
                    record.put(f.pos(), validDecimals(f.schema(), record.get(f.pos())));
                }
                return record;
            }
            case UNION -> {
                int branch = GenericData.get().resolveUnion(schema, datum);
                return validDecimals(schema.getTypes().get(branch), datum);
            }
            case ARRAY -> {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) datum;
                list.replaceAll(item -> validDecimals(schema.getElementType(), item));
                return list;
            }
            case MAP -> {
                @SuppressWarnings("unchecked")
                Map<Object, Object> map = (Map<Object, Object>) datum;
                map.replaceAll((k, v) -> validDecimals(schema.getValueType(), v));
                return map;
            }
            case BYTES -> {
                if (schema.getLogicalType() instanceof org.apache.avro.LogicalTypes.Decimal) {
                    java.nio.ByteBuffer bytes = (java.nio.ByteBuffer) datum;
                    return java.nio.ByteBuffer.wrap(java.math.BigInteger.valueOf(bytes.remaining() * 1_234_567L).toByteArray());
                }
                return datum;
            }
            default -> {
                return datum;
            }
        }
    }

    private static String sha256(String resource) throws IOException {
        try (InputStream in = ReleasedSchemasTest.class.getClassLoader().getResourceAsStream(resource)) {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> goldenFingerprints() throws IOException {
        Map<String, String> golden = new LinkedHashMap<>();
        try (InputStream in = ReleasedSchemasTest.class.getResourceAsStream("/released-fingerprints.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                String[] parts = entry.split("\\s+");
                golden.put(parts[0], parts[1] + " " + parts[2]);
            }
        }
        return golden;
    }
}
