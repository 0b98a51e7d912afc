package dev.modelregistry.schemas.encoding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every writer schema this project has ever released, loaded from the classpath
 * ({@code released-schemas/index.txt} lists files {@code Record/vN.avsc}).
 *
 * <p>Released files are never edited: a schema change is released as a new file. Decoders
 * resolve a record's writer schema from here by its CRC-64-AVRO fingerprint, so bytes written
 * by any earlier release remain readable.
 */
public final class ReleasedSchemas {

    static final String INDEX = "released-schemas/index.txt";

    /** One released schema file. */
    public record Released(String recordName, int version, String resource, Schema schema) {
        /** @return the 64-bit CRC-64-AVRO fingerprint of the parsing canonical form */
        public long fingerprint() {
            return SchemaNormalization.parsingFingerprint64(schema);
        }
    }

    private final List<Released> all;
    private final SchemaStore.Cache store = new SchemaStore.Cache();

    private ReleasedSchemas(List<Released> all) {
        this.all = List.copyOf(all);
        all.forEach(r -> store.addSchema(r.schema()));
    }

    /**
     * Loads the released schemas from this module's resources.
     *
     * @throws IllegalStateException if the index or a listed file is missing or unparsable
     */
    public static ReleasedSchemas load() {
        ClassLoader loader = ReleasedSchemas.class.getClassLoader();
        List<Released> result = new ArrayList<>();
        try (InputStream index = loader.getResourceAsStream(INDEX)) {
            if (index == null) {
                throw new IllegalStateException("missing classpath resource " + INDEX);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                result.add(parse(loader, entry));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
        return new ReleasedSchemas(result);
    }

    private static Released parse(ClassLoader loader, String entry) throws IOException {
        // entry: ModelEvent/v1.avsc
        int slash = entry.indexOf('/');
        if (slash < 0 || !entry.endsWith(".avsc") || entry.charAt(slash + 1) != 'v') {
            throw new IllegalStateException("bad entry in " + INDEX + ": " + entry);
        }
        String name = entry.substring(0, slash);
        int version = Integer.parseInt(entry.substring(slash + 2, entry.length() - ".avsc".length()));
        String resource = "released-schemas/" + entry;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(INDEX + " lists " + entry + " but " + resource + " is missing");
            }
            Schema schema = new Schema.Parser().parse(in);
            if (!schema.getName().equals(name)) {
                throw new IllegalStateException(resource + " defines " + schema.getFullName() + ", expected " + name);
            }
            return new Released(name, version, resource, schema);
        }
    }

    /** @return every released schema, in index order; never null */
    public List<Released> all() {
        return all;
    }

    /** @return the released versions of one record, oldest first; empty if none */
    public List<Released> versionsOf(String recordName) {
        List<Released> versions = new ArrayList<>();
        for (Released r : all) {
            if (r.recordName().equals(recordName)) {
                versions.add(r);
            }
        }
        versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
        return Collections.unmodifiableList(versions);
    }

    /** @return a store that resolves every released schema by fingerprint; never null */
    public SchemaStore store() {
        return store;
    }

    /** @return true if a released schema has the same parsing fingerprint as {@code schema} */
    public boolean isReleased(Schema schema) {
        Objects.requireNonNull(schema, "schema");
        long fp = SchemaNormalization.parsingFingerprint64(schema);
        return all.stream().anyMatch(r -> r.fingerprint() == fp);
    }
}
