package dev.modelregistry.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** up loads every preset file and every catalog snapshot of the repo: none is left out of the jar's index. */
class BundledIndexTest {

    private static String index() throws Exception {
        try (InputStream in = BundledIndexTest.class.getClassLoader().getResourceAsStream(BundledCatalogs.INDEX)) {
            assertThat(in).as(BundledCatalogs.INDEX).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> files(Path dir, String suffix) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void everyPresetFileAndEverySnapshotIsListed() throws Exception {
        String index = index();
        Path testdata = Path.of(System.getProperty("testdata.dir"));
        List<String> presets = files(testdata.resolveSibling("presets"), ".yml");
        assertThat(presets).contains("defaults.yml", "openai.yml");
        presets.forEach(f -> assertThat(index).as("presets/" + f + " in " + BundledCatalogs.INDEX).contains("presets presets/" + f + "\n"));
        List<String> catalogs = files(testdata.resolve("catalogs"), ".json.gz");
        assertThat(catalogs).hasSizeGreaterThanOrEqualTo(24);
        catalogs.forEach(f -> assertThat(index).as(f + " in " + BundledCatalogs.INDEX).contains("catalogs/" + f + "\n"));
    }
}
