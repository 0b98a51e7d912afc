package dev.modelregistry.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Binary packages of one Debian suite, looked up in the suite's package indexes and downloaded
 * with their checksums verified.
 *
 * <p>Trust runs the way apt's does, minus the signature: the {@code Release} file is fetched over
 * HTTPS, the {@code Packages.xz} index must match the SHA-256 the {@code Release} file gives, and
 * every {@code .deb} must match the SHA-256 its index entry gives. Downloads are cached by their
 * checksum, so a second build needs the network only for the two small index files.
 */
final class DebianArchive {

    /** One binary package as an index describes it. */
    record Package(String name, String version, String filename, String sha256, URI mirror) {
        URI url() {
            return mirror.resolve(filename);
        }
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(3);

    private final HttpClient http;
    private final Path cache;
    private final String architecture;
    private final Map<String, Package> packages = new HashMap<>();

    /**
     * @param cache        directory for downloaded files; created if missing
     * @param architecture Debian architecture name, e.g. {@code amd64}
     */
    DebianArchive(Path cache, String architecture) {
        this.cache = cache;
        this.architecture = architecture;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Reads the {@code main} index of one suite. Where suites list the same package, the newest
     * version wins (a security suite may lag behind the base suite's latest point release).
     *
     * @param mirror the archive root, ending in a slash, e.g. {@code https://deb.debian.org/debian/}
     * @param suite  the suite, e.g. {@code bookworm} or {@code bookworm-security}
     * @throws IOException when a file cannot be fetched or does not match its checksum
     */
    void readSuite(URI mirror, String suite) throws IOException {
        String indexPath = "main/binary-" + architecture + "/Packages.xz";
        String release = new String(fetch(mirror.resolve("dists/" + suite + "/Release")), StandardCharsets.UTF_8);
        String indexSha = releaseChecksum(release, indexPath);
        if (indexSha == null) {
            throw new IOException("the Release file of " + suite + " at " + mirror + " lists no " + indexPath);
        }
        byte[] compressed = fetch(mirror.resolve("dists/" + suite + "/" + indexPath));
        verify(compressed, indexSha, suite + "/" + indexPath);
        String index;
        try (InputStream in = new XZCompressorInputStream(new java.io.ByteArrayInputStream(compressed))) {
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String paragraph : index.split("\n\n")) {
            Map<String, String> fields = fields(paragraph);
            String name = fields.get("Package");
            if (name != null && fields.containsKey("Filename") && fields.containsKey("SHA256")) {
                Package candidate = new Package(name, fields.get("Version"), fields.get("Filename"),
                        fields.get("SHA256"), mirror);
                packages.merge(name, candidate, (known, found) ->
                        DebianVersion.compare(found.version(), known.version()) > 0 ? found : known);
            }
        }
    }

    /**
     * @return the package as the suites read so far describe it
     * @throws IllegalArgumentException when no suite lists it
     */
    Package find(String name) {
        Package found = packages.get(name);
        if (found == null) {
            throw new IllegalArgumentException("no suite read lists a package named " + name);
        }
        return found;
    }

    /**
     * @return the path of the package's {@code .deb}, downloaded (or taken from the cache) and verified
     * @throws IOException when the download fails or does not match the index's checksum
     */
    Path download(Package pkg) throws IOException {
        Path cached = cache.resolve(pkg.sha256() + ".deb");
        if (Files.isRegularFile(cached) && sha256(Files.readAllBytes(cached)).equals(pkg.sha256())) {
            return cached;
        }
        byte[] deb = fetch(pkg.url());
        verify(deb, pkg.sha256(), pkg.filename());
        Files.createDirectories(cache);
        Path partial = Files.createTempFile(cache, pkg.name(), ".part");
        Files.write(partial, deb);
        Files.move(partial, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return cached;
    }

    /** @return the SHA-256 the Release file gives for {@code path}, or null when it lists none */
    static String releaseChecksum(String release, String path) {
        boolean inSha256 = false;
        for (String line : release.split("\n")) {
            if (!line.startsWith(" ")) {
                inSha256 = line.startsWith("SHA256:");
                continue;
            }
            List<String> parts = List.of(line.trim().split("\\s+"));
            if (inSha256 && parts.size() == 3 && parts.get(2).equals(path)) {
                return parts.get(0);
            }
        }
        return null;
    }

    /** @return the single-line fields of one index paragraph; continuation lines are skipped */
    static Map<String, String> fields(String paragraph) {
        Map<String, String> fields = new HashMap<>();
        for (String line : paragraph.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith(" ")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    private byte[] fetch(URI url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + url + " answered HTTP " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
    }

    private static void verify(byte[] content, String expectedSha256, String what) throws IOException {
        String actual = sha256(content);
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new IOException(what + " has SHA-256 " + actual + " but its index says " + expectedSha256);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("this JVM has no SHA-256", e));
        }
    }
}
