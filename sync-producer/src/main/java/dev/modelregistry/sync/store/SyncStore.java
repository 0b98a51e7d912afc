package dev.modelregistry.sync.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.encoding.AvroSerde;
import dev.modelregistry.sync.plan.SyncPlanner;
import dev.modelregistry.catalogs.source.SourceName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The sync producer's own small store in a directory: the last good copy of each source
 * (normalised specs, Avro, gzipped) with its ETag and size, and the absence book used for the
 * grace period. Files are replaced atomically, so a crash mid-write keeps the previous copy.
 */
public final class SyncStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A source's last good copy.
     *
     * @param etag the {@code ETag} of the answer it came from, or null
     * @param fetchedAt when the source last confirmed it (a fetch or a 304)
     * @param lastModified the {@code Last-Modified} of that answer, or null
     * @param origin where it came from (a URL without its query, or a file), or null if unknown
     * @param asOf when the catalog itself was captured: {@code fetchedAt} for a live source, the
     *     snapshot's day for a bundled file
     */
    public record LastGood(List<ModelSpec> specs, String etag, Instant fetchedAt, String lastModified, String origin, Instant asOf) {
        /** A copy fetched now from an unknown origin. */
        public LastGood(List<ModelSpec> specs, String etag, Instant fetchedAt) {
            this(specs, etag, fetchedAt, null, null, fetchedAt);
        }

        /** @return this copy, confirmed unchanged by its source at {@code at} (a 304) */
        public LastGood confirmedAt(Instant at, String newEtag, String newLastModified) {
            boolean live = origin != null && (origin.startsWith("http://") || origin.startsWith("https://"));
            return new LastGood(specs, newEtag, at, newLastModified, origin, live ? at : asOf);
        }
    }

    private final Path dir;
    private final AvroSerde<ModelSpec> specs;

    /**
     * @param dir directory of the store (created when first written)
     * @param specs serde for the stored specs
     */
    public SyncStore(Path dir, AvroSerde<ModelSpec> specs) {
        this.dir = dir;
        this.specs = specs;
    }

    /** @return the last good copy of {@code source}, if any */
    public Optional<LastGood> lastGood(SourceName source) {
        Path data = dir.resolve(source.id() + ".specs.gz");
        Path meta = dir.resolve(source.id() + ".meta.json");
        if (!Files.exists(data) || !Files.exists(meta)) {
            return Optional.empty();
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(data))) {
            List<ModelSpec> list = specs.decodeAll(in.readAllBytes());
            JsonNode m = JSON.readTree(meta.toFile());
            Instant fetchedAt = Instant.parse(m.get("fetchedAt").asText());
            return Optional.of(new LastGood(list, text(m, "etag"), fetchedAt, text(m, "lastModified"), text(m, "origin"),
                    m.path("asOf").isTextual() ? Instant.parse(m.get("asOf").asText()) : fetchedAt));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the last good copy of " + source.id() + " in " + dir, e);
        }
    }

    /**
     * What a last good copy is, without reading its specs: cheap enough for every status request.
     *
     * @param origin where it came from, or null if unknown
     * @param asOf when the catalog was captured or last confirmed
     * @param models how many models it holds
     */
    public record CopyInfo(String origin, Instant asOf, int models) {
        /**
         * @param bundledRoot path prefix of the copies shipped with the app, or null
         * @return {@code live} (fetched from a URL), {@code bundled}, or {@code file}
         */
        public String kind(String bundledRoot) {
            if (origin == null) {
                return "file";
            }
            if (origin.startsWith("http://") || origin.startsWith("https://")) {
                return "live";
            }
            return bundledRoot != null && origin.startsWith(bundledRoot) ? "bundled" : "file";
        }
    }

    /** @return the description of the last good copy of {@code source}, if there is one */
    public Optional<CopyInfo> copyInfo(SourceName source) {
        Path meta = dir.resolve(source.id() + ".meta.json");
        if (!Files.exists(meta) || !Files.exists(dir.resolve(source.id() + ".specs.gz"))) {
            return Optional.empty();
        }
        try {
            JsonNode m = JSON.readTree(meta.toFile());
            Instant fetchedAt = Instant.parse(m.get("fetchedAt").asText());
            return Optional.of(new CopyInfo(text(m, "origin"), m.path("asOf").isTextual() ? Instant.parse(m.get("asOf").asText()) : fetchedAt,
                    m.path("models").asInt()));
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("cannot read the description of the last good copy of " + source.id() + " in " + dir,
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.get(field).asText() : null;
    }

    /**
     * Replaces only the metadata of the last good copy of {@code source} (a 304 confirmed it),
     * leaving its specs file alone.
     */
    public void saveConfirmation(SourceName source, LastGood copy) {
        writeMeta(source, copy);
    }

    /** Replaces the last good copy of {@code source}. */
    public void saveLastGood(SourceName source, LastGood copy) {
        write(dir.resolve(source.id() + ".specs.gz"), out -> {
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(specs.encodeAll(copy.specs()));
            }
        });
        writeMeta(source, copy);
    }

    private void writeMeta(SourceName source, LastGood copy) {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("etag", copy.etag());
        meta.put("lastModified", copy.lastModified());
        meta.put("fetchedAt", copy.fetchedAt().toString());
        meta.put("asOf", copy.asOf().toString());
        meta.put("origin", copy.origin());
        meta.put("models", copy.specs().size());
        write(dir.resolve(source.id() + ".meta.json"), out -> out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta)));
    }

    /** @return the absence book: model id -> since when and how many syncs it has been missing */
    public Map<String, SyncPlanner.Absence> absences() {
        Path file = dir.resolve("absences.json");
        Map<String, SyncPlanner.Absence> book = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return book;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                book.put(e.getKey(), new SyncPlanner.Absence(Instant.parse(e.getValue().get("firstMissing").asText()),
                        e.getValue().get("missedSyncs").asInt()));
            }
            return book;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Replaces the absence book. */
    public void saveAbsences(Map<String, SyncPlanner.Absence> book) {
        ObjectNode root = JSON.createObjectNode();
        book.forEach((id, a) -> root.putObject(id).put("firstMissing", a.firstMissing().toString()).put("missedSyncs", a.missedSyncs()));
        write(dir.resolve("absences.json"), out -> out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)));
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private void write(Path file, Writer writer) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
