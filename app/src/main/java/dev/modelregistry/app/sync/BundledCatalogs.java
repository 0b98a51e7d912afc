package dev.modelregistry.app.sync;

import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.catalogs.source.SourceName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The presets and catalog snapshots shipped inside the jar ({@code bundled/index.txt}), copied
 * to the data directory so the ordinary file-reading sources can read them. A catalog's capture
 * day is part of its file name ({@code litellm_model_prices_2025-10-01_895fc5c2.json.gz}).
 */
public final class BundledCatalogs {

    static final String INDEX = "bundled/index.txt";
    private static final Pattern CAPTURE_DAY = Pattern.compile("_(\\d{4}-\\d{2}-\\d{2})_");

    /**
     * One bundled catalog.
     *
     * @param location where it was unpacked (the presets: their directory)
     * @param capturedOn the day the catalog was captured; null for the presets, which are undated
     */
    public record Snapshot(SourceName source, String location, LocalDate capturedOn) {
        /** @return the snapshot as a sync source, as of its capture day (the presets: as of the sync) */
        public SyncRun.Source toSource() {
            SyncRun.Source plain = new SyncRun.Source(source, location);
            return capturedOn == null ? plain : new SyncRun.Source(source, location, plain.keyVariable(),
                    capturedOn.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        }
    }

    /** @return the directory all bundled files are unpacked under */
    public static Path root(Path dataDir) {
        return dataDir.resolve("bundled");
    }

    /** Everything bundled, unpacked. */
    public record Bundle(List<Snapshot> snapshots) {

        /** @return the presets and the newest snapshot of each catalog source: the registry's "now" */
        public List<SyncRun.Source> current() {
            Map<SourceName, Snapshot> newest = new LinkedHashMap<>();
            for (Snapshot s : snapshots) {
                newest.merge(s.source(), s, (a, b) -> b.capturedOn().isAfter(a.capturedOn()) ? b : a); // presets appear once
            }
            return newest.values().stream().map(Snapshot::toSource).toList();
        }

        /** @return the directory of the bundled presets, or null if none are bundled */
        public Path presetsDir() {
            return snapshots.stream().filter(s -> s.source() == SourceName.PRESETS).findFirst().map(s -> Path.of(s.location())).orElse(null);
        }

        /** @return the dated snapshots by capture day, oldest day first; each day's sources in index order */
        public SortedMap<LocalDate, List<SyncRun.Source>> history() {
            SortedMap<LocalDate, List<SyncRun.Source>> byDay = new TreeMap<>();
            snapshots.stream().filter(s -> s.capturedOn() != null).sorted(Comparator.comparing(Snapshot::capturedOn))
                    .forEach(s -> byDay.computeIfAbsent(s.capturedOn(), d -> new ArrayList<>()).add(new SyncRun.Source(s.source(), s.location())));
            return byDay;
        }
    }

    private BundledCatalogs() {
    }

    /**
     * @param dataDir where to copy them ({@code dataDir/bundled/...})
     * @return every bundled snapshot
     * @throws UncheckedIOException if a listed resource is missing or cannot be copied, or a
     *     catalog's file name carries no capture day
     */
    public static Bundle extract(Path dataDir) {
        Path root = root(dataDir);
        List<Snapshot> snapshots = new ArrayList<>();
        ClassLoader loader = BundledCatalogs.class.getClassLoader();
        try (InputStream index = loader.getResourceAsStream(INDEX)) {
            if (index == null) {
                throw new IOException("missing " + INDEX);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
            boolean presetsListed = false;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.strip().split("\\s+");
                SourceName source = SourceName.parse(parts[0]);
                Path target = root.resolve(parts[1]);
                Files.createDirectories(target.getParent());
                try (InputStream in = loader.getResourceAsStream("bundled/" + parts[1])) {
                    if (in == null) {
                        throw new IOException("missing bundled resource " + parts[1]);
                    }
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (source == SourceName.PRESETS) {
                    // every preset file lives in one directory, which is the presets source
                    if (!presetsListed) {
                        snapshots.add(new Snapshot(source, target.getParent().toString(), null));
                        presetsListed = true;
                    }
                    continue;
                }
                Matcher day = CAPTURE_DAY.matcher(target.getFileName().toString());
                if (!day.find()) {
                    throw new IOException("bundled catalog " + parts[1] + " has no capture day (_YYYY-MM-DD_) in its name");
                }
                snapshots.add(new Snapshot(source, target.toString(), LocalDate.parse(day.group(1))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the bundled catalogs: " + e.getMessage(), e);
        }
        return new Bundle(List.copyOf(snapshots));
    }
}
