package dev.modelregistry.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository's {@code deploy/} directory and its YAML, read as a user's tools read it (anchors and merge keys resolved). */
final class DeployFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployFiles() {
    }

    /** @return {@code deploy/} of this checkout, found from the module's directory upwards */
    static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("deploy"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("no deploy/ directory above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("deploy");
    }

    /** @return every YAML document in {@code file}, as JSON trees; fails on a YAML syntax error */
    static List<JsonNode> documents(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<JsonNode> docs = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file)) {
            for (Object doc : new Yaml(options).loadAll(r)) {
                if (doc != null) {
                    docs.add(JSON.valueToTree(doc));
                }
            }
        }
        return docs;
    }
}
