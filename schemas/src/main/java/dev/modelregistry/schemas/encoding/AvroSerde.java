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
 * A Kafka {@link Serde} for one generated Avro record class, using Avro single-object encoding
 * ({@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, then
 * the binary body). No schema-registry server is involved: the writer schema is found among
 * {@link ReleasedSchemas} by its fingerprint.
 *
 * <p>Thread-safe. A null record serializes to null and null bytes deserialize to null (Kafka
 * tombstones). Any other undecodable input throws {@link UndecodableRecordException}.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    /**
     * @param type the generated class; its current schema is the writer and reader schema
     * @param released the released writer schemas that decoding accepts
     * @throws IllegalStateException if the current schema of {@code type} was never released
     */
    public AvroSerde(Class<T> type, ReleasedSchemas released) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
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
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException | ClassCastException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
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
