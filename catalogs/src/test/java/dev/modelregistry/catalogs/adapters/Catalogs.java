package dev.modelregistry.catalogs.adapters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The real catalogs in {@code testdata/catalogs}, oldest first. */
public final class Catalogs {

    private Catalogs() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("testdata.dir", "../testdata"), "catalogs");
    }

    /** @return the snapshots whose file name starts with {@code prefix}, in date order */
    public static List<Path> snapshots(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            List<Path> list = files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
            if (list.isEmpty()) {
                throw new IllegalStateException("no " + prefix + " snapshots in " + dir().toAbsolutePath());
            }
            return list;
        }
    }

    public static byte[] read(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** @return the date in a snapshot's file name, e.g. 2026-07-24 */
    public static String date(Path snapshot) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("_(\\d{4}-\\d{2}-\\d{2})_").matcher(snapshot.getFileName().toString());
        if (!m.find()) {
            throw new IllegalArgumentException("no date in " + snapshot);
        }
        return m.group(1);
    }
}
