package dev.modelregistry.app.sync;

import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.sync.source.SourceName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The presets and catalog snapshots shipped inside the jar ({@code bundled/index.txt}), copied
 * to the data directory so the ordinary file-reading sources can read them.
 */
public final class BundledCatalogs {

    static final String INDEX = "bundled/index.txt";

    private BundledCatalogs() {
    }

    /**
     * @param dataDir where to copy them ({@code dataDir/bundled/...})
     * @return one source per source name: presets as a directory, the others as files
     * @throws UncheckedIOException if a listed resource is missing or cannot be copied
     */
    public static List<SyncRun.Source> extract(Path dataDir) {
        Path root = dataDir.resolve("bundled");
        Map<SourceName, String> locations = new LinkedHashMap<>();
        ClassLoader loader = BundledCatalogs.class.getClassLoader();
        try (InputStream index = loader.getResourceAsStream(INDEX)) {
            if (index == null) {
                throw new IOException("missing " + INDEX);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
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
                locations.put(source, source == SourceName.PRESETS ? target.getParent().toString() : target.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the bundled catalogs: " + e.getMessage(), e);
        }
        List<SyncRun.Source> sources = new ArrayList<>();
        locations.forEach((name, location) -> sources.add(new SyncRun.Source(name, location)));
        return sources;
    }
}
