package dev.modelregistry.schemas.encoding;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for one generated Avro record class. It writes one of two wire formats:
 * <ul>
 *   <li>Avro single-object encoding (the default): {@code C3 01}, the 8-byte little-endian
 *       CRC-64-AVRO fingerprint of the writer schema, then the binary body. No schema-registry
 *       server is involved: the writer schema is found among {@link ReleasedSchemas} by its
 *       fingerprint.</li>
 *   <li>the Confluent wire format: {@code 00}, the 4-byte big-endian id a schema registry gave
 *       the writer schema, then the binary body; what Confluent's, Apicurio's and Karapace's
 *       deserializers read. The schema is registered under its full record name (the record
 *       name strategy), so one subject serves every topic the record goes to.</li>
 * </ul>
 * It reads both, whatever it writes (the Confluent one only with a registry client), so a topic
 * can change format while it is read.
 *
 * <p>Thread-safe. A null record serializes to null and null bytes deserialize to null (Kafka
 * tombstones). Any other undecodable input throws {@link UndecodableRecordException}.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    /** First byte of the Confluent wire format; single-object encoding starts with C3 instead. */
    static final byte CONFLUENT_MAGIC = 0;

    private final Class<T> type;
    private final Schema schema;
    private final SpecificData model;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    /** null: no schema registry; Confluent-framed records are then undecodable */
    private final SchemaRegistryClient registry;
    private final boolean writeConfluent;
    private final java.util.Map<Integer, org.apache.avro.specific.SpecificDatumReader<T>> confluentReaders = new java.util.concurrent.ConcurrentHashMap<>();
    private final org.apache.avro.specific.SpecificDatumWriter<T> bodyWriter;

    /**
     * @param type the generated class; its current schema is the writer and reader schema
     * @param released the released writer schemas that decoding accepts
     * @throws IllegalStateException if the current schema of {@code type} was never released
     */
    public AvroSerde(Class<T> type, ReleasedSchemas released) {
        this(type, released, null, false);
    }

    /**
     * @param registry the schema registry Confluent-framed records name their schemas in; null
     *     for none (then {@code writeConfluent} must be false)
     * @param writeConfluent write the Confluent wire format instead of single-object encoding
     * @throws IllegalStateException if the current schema of {@code type} was never released
     * @throws IllegalArgumentException if {@code writeConfluent} is set without a registry
     */
    public AvroSerde(Class<T> type, ReleasedSchemas released, SchemaRegistryClient registry, boolean writeConfluent) {
        if (writeConfluent && registry == null) {
            throw new IllegalArgumentException("the Confluent wire format needs a schema registry");
        }
        this.type = type;
        this.registry = registry;
        this.writeConfluent = writeConfluent;
        this.model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.bodyWriter = new org.apache.avro.specific.SpecificDatumWriter<>(schema, model);
        if (!released.isReleased(schema)) {
            throw new IllegalStateException("the schema of " + type.getName()
                    + " is not among the released schemas; release it as a new file under released-schemas/");
        }
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, released.store());
    }

    /** @return the record class this serde handles */
    public Class<T> type() {
        return type;
    }

    /**
     * Encodes a record.
     *
     * @return the single-object encoding, or null for a null record
     * @throws SerializationException if the record violates its schema (e.g. a decimal of the wrong scale)
     */
    public byte[] encode(T record) {
        if (record == null) {
            return null;
        }
        if (writeConfluent) {
            return encodeConfluent(record);
        }
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException | ClassCastException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private byte[] encodeConfluent(T record) {
        // registers once per serde (the client caches), then only writes
        int id = registry.register(schema.getFullName(), schema);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
        out.write(CONFLUENT_MAGIC);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(out, null);
            bodyWriter.write(record, encoder);
            encoder.flush();
        } catch (IOException | AvroRuntimeException | ClassCastException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private T decodeConfluent(byte[] bytes) {
        if (bytes.length < 5) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.BAD_HEADER,
                    "a Confluent-framed " + type.getSimpleName() + " needs 5 header bytes, got " + bytes.length, null);
        }
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        if (registry == null) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.UNKNOWN_SCHEMA,
                    "a Confluent-framed " + type.getSimpleName() + " (schema id " + id + "), but no schema registry is configured", null);
        }
        org.apache.avro.specific.SpecificDatumReader<T> reader;
        try {
            reader = confluentReaders.computeIfAbsent(id, i -> new org.apache.avro.specific.SpecificDatumReader<>(registry.schema(i), schema, model));
        } catch (SchemaRegistryClient.SchemaRegistryException e) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.UNKNOWN_SCHEMA, e.getMessage(), e);
        }
        try {
            return reader.read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        } catch (EOFException e) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.CORRUPT_BODY,
                    "truncated " + type.getSimpleName() + " (" + bytes.length + " bytes)", e);
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.CORRUPT_BODY,
                    "corrupt " + type.getSimpleName() + " body (" + bytes.length + " bytes, schema id " + id + "): " + e, e);
        }
    }

    /**
     * Decodes bytes written by any released version of this record's schema.
     *
     * @return the record, or null for null bytes
     * @throws UndecodableRecordException with the reason when the bytes cannot be decoded
     */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.EMPTY,
                    "empty value where a " + type.getSimpleName() + " was expected", null);
        }
        if (bytes[0] == CONFLUENT_MAGIC) {
            return decodeConfluent(bytes);
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.UNKNOWN_SCHEMA,
                    "no released schema has fingerprint " + fingerprintHex(bytes) + " (record " + type.getSimpleName() + ")", e);
        } catch (BadHeaderException e) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.BAD_HEADER,
                    "not Avro single-object encoded (" + bytes.length + " bytes, starting "
                            + HexFormat.of().formatHex(bytes, 0, Math.min(4, bytes.length)) + ")", e);
        } catch (EOFException e) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.CORRUPT_BODY,
                    "truncated " + type.getSimpleName() + " (" + bytes.length + " bytes)", e);
        } catch (IOException | RuntimeException e) {
            // Avro reports a corrupt body as assorted runtime exceptions (negative lengths,
            // bad union indexes, array bounds): all mean the same thing to a caller.
            throw new UndecodableRecordException(UndecodableRecordException.Reason.CORRUPT_BODY,
                    "corrupt " + type.getSimpleName() + " body (" + bytes.length + " bytes): " + e, e);
        }
    }

    /**
     * Encodes a list as a count followed by length-prefixed single-object records (big-endian
     * ints), the form used to ship or store many records at once.
     *
     * @throws SerializationException if a record cannot be encoded
     */
    public byte[] encodeAll(java.util.List<T> records) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(records.size());
            for (T record : records) {
                byte[] b = encode(record);
                out.writeInt(b.length);
                out.write(b);
            }
        } catch (IOException e) {
            throw new SerializationException("cannot encode a list of " + type.getSimpleName(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes what {@link #encodeAll} wrote.
     *
     * @throws UndecodableRecordException if the bytes are cut short or a record is undecodable
     */
    public java.util.List<T> decodeAll(byte[] bytes) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            int n = in.readInt();
            java.util.List<T> out = new java.util.ArrayList<>(Math.max(0, Math.min(n, 1 << 20)));
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                out.add(decode(b));
            }
            return out;
        } catch (IOException | NegativeArraySizeException e) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.CORRUPT_BODY,
                    "truncated or corrupt list of " + type.getSimpleName() + ": " + e, e);
        }
    }

    private static String fingerprintHex(byte[] bytes) {
        if (bytes.length < 10) {
            return "?";
        }
        return HexFormat.of().formatHex(bytes, 2, 10);
    }

    /** @return the fingerprint of the schema this serde writes */
    public long writerFingerprint() {
        return SchemaNormalization.parsingFingerprint64(SpecificData.getForClass(type).getSchema(type));
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return encode(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return decode(data);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the schemas are fixed at construction
    }

    @Override
    public void close() {
        // stateless
    }
}
