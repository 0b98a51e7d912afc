package dev.modelregistry.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** Unpacks chosen files of a {@code .deb} without dpkg: an ar archive whose {@code data.tar.*} holds the files. */
final class DebPackage {

    private DebPackage() {
    }

    /**
     * Writes the package's regular files that {@code keep} accepts under {@code root}, and returns
     * its symbolic links that {@code keep} accepts, for {@link Rootfs#materialise} to replace by
     * copies later (an image layer written by a build tool must not depend on links).
     *
     * @param deb  the package file
     * @param root the directory the package's {@code /} maps to
     * @param keep accepts archive paths relative to {@code /}, e.g. {@code lib/x86_64-linux-gnu/libc.so.6}
     * @return link path (relative to {@code /}) to link target (as written in the package)
     * @throws IOException when the file is not a Debian package or its data cannot be read
     */
    static Map<String, String> extract(Path deb, Path root, Predicate<String> keep) throws IOException {
        Map<String, String> links = new LinkedHashMap<>();
        try (ArArchiveInputStream ar = new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(deb)))) {
            ArArchiveEntry member;
            while ((member = ar.getNextEntry()) != null) {
                String name = member.getName();
                if (!name.startsWith("data.tar")) {
                    continue;
                }
                try (TarArchiveInputStream tar = new TarArchiveInputStream(decompress(name, ar, deb))) {
                    TarArchiveEntry entry;
                    while ((entry = tar.getNextEntry()) != null) {
                        String path = normalise(entry.getName());
                        if (path.isEmpty() || !keep.test(path)) {
                            continue;
                        }
                        if (entry.isSymbolicLink()) {
                            links.put(path, entry.getLinkName());
                        } else if (entry.isFile()) {
                            Path target = root.resolve(path).normalize();
                            if (!target.startsWith(root)) {
                                throw new IOException(deb.getFileName() + " has an entry outside its root: " + entry.getName());
                            }
                            Files.createDirectories(target.getParent());
                            Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                return links;
            }
        }
        throw new IOException(deb.getFileName() + " has no data.tar member; is it a Debian package?");
    }

    private static InputStream decompress(String member, InputStream in, Path deb) throws IOException {
        if (member.equals("data.tar.xz")) {
            return new XZCompressorInputStream(in);
        }
        if (member.equals("data.tar.gz")) {
            return new GzipCompressorInputStream(in);
        }
        if (member.equals("data.tar")) {
            return in;
        }
        throw new IOException(deb.getFileName() + " compresses its data as " + member + ", which this build cannot read");
    }

    /** @return the entry's path relative to {@code /}: no leading {@code ./} or slash, no trailing slash */
    static String normalise(String entryName) {
        String path = entryName;
        if (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }
}
