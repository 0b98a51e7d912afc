package dev.modelregistry.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.testkit.Await;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the image tar the build made ({@code target/jib-image.tar}) the way a container runtime
 * would read it: its config (entrypoint, user, port, environment) and its layers, unpacked; then
 * runs the registry on the unpacked layers alone, through the image's own dynamic loader and C
 * libraries, without a container engine (none exists on the build machines).
 */
class ImageIT {

    private static final Path IMAGE_TAR = Path.of("target/jib-image.tar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static JsonNode manifest;
    static JsonNode config;
    static Path root;
    static List<String> layerPaths = new ArrayList<>();

    @BeforeAll
    static void unpack() throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(IMAGE_TAR)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    Path file = work.resolve("tar").resolve(entry.getName());
                    Files.createDirectories(file.getParent());
                    Files.copy(tar, file);
                }
            }
        }
        Path tarDir = work.resolve("tar");
        manifest = JSON.readTree(tarDir.resolve("manifest.json").toFile()).get(0);
        config = JSON.readTree(tarDir.resolve(manifest.get("Config").asText()).toFile());
        root = work.resolve("root");
        for (JsonNode layer : manifest.get("Layers")) {
            unpackLayer(tarDir.resolve(layer.asText()), root);
        }
    }

    private static void unpackLayer(Path layer, Path into) throws IOException {
        try (InputStream in = new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(layer)));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = DebPackage.normalise(entry.getName());
                layerPaths.add("/" + name);
                Path target = into.resolve(name);
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    throw new AssertionError("the image has a " + (entry.isSymbolicLink() ? "link" : "special file")
                            + " at /" + name + "; the layers should hold plain files only");
                }
                Files.setPosixFilePermissions(target, permissions(entry.getMode()));
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder text = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 0; bit < 9; bit++) {
            text.append((mode & (1 << (8 - bit))) != 0 ? letters.charAt(bit) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

    @Test
    void configRunsServeAsANonRootUserOnPort8080() {
        JsonNode container = config.get("config");
        assertThat(texts(container.get("Entrypoint")))
                .containsExactly("/opt/java/bin/java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
                        "-jar", "/opt/model-registry/model-registry.jar");
        assertThat(texts(container.get("Cmd"))).containsExactly("serve");
        assertThat(container.get("User").asText()).isEqualTo("65532:65532");
        assertThat(iterable(container.get("ExposedPorts").fieldNames())).containsExactly("8080/tcp");
        assertThat(texts(container.get("Env")))
                .contains("MODEL_REGISTRY_HTTP_HOST=0.0.0.0", "MODEL_REGISTRY_HTTP_PORT=8080",
                        "MODEL_REGISTRY_DATA_DIR=/var/lib/model-registry");
        assertThat(iterable(container.get("Volumes").fieldNames())).containsExactly("/var/lib/model-registry");
        assertThat(config.get("os").asText()).isEqualTo("linux");
        assertThat(config.get("architecture").asText()).isEqualTo("amd64");
    }

    @Test
    void theKubernetesStatefulSetRunsTheTagThisBuildMakes() throws IOException {
        String statefulSet = Files.readString(Path.of("../deploy/kubernetes/registry.yaml"));
        Matcher image = Pattern.compile("image: (model-registry:\\S+)").matcher(statefulSet);
        assertThat(image.find()).as("deploy/kubernetes/registry.yaml names a model-registry image").isTrue();
        assertThat(texts(manifest.get("RepoTags"))).containsExactly(image.group(1));
    }

    @Test
    void layersHoldTheRuntimeTheJarAndTheUserButNotTheBuildTool() throws IOException {
        for (String path : List.of("/opt/java/bin/java", "/lib64/ld-linux-x86-64.so.2", "/opt/model-registry/model-registry.jar")) {
            assertThat(root.resolve(path.substring(1))).as(path).isRegularFile();
        }
        assertThat(Files.getPosixFilePermissions(root.resolve("opt/java/bin/java"))).contains(PosixFilePermission.OTHERS_EXECUTE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("var/lib/model-registry"))))
                .as("the non-root user can write its data directory").isEqualTo("rwxrwxrwx");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("tmp")))).isEqualTo("rwxrwxrwx");
        assertThat(Files.readString(root.resolve("etc/passwd"))).contains("registry:x:65532:65532:");
        assertThat(layerPaths).noneMatch(path -> path.startsWith("/app/"));
        assertThat(root.resolve("usr/share/doc/libc6/copyright")).isRegularFile();
        // The jar changes with every build; it must not share a layer with the runtime.
        assertThat(manifest.get("Layers")).hasSize(2);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theRegistryRunsOnTheImagesOwnRuntimeAndCLibraries() throws Exception {
        int httpPort = freePort();
        List<String> command = new ArrayList<>();
        // What a container runtime does with the entrypoint, minus the chroot: the program's ELF
        // interpreter and library directories are the image's, not this machine's.
        command.add(root.resolve("lib64/ld-linux-x86-64.so.2").toString());
        command.add("--library-path");
        command.add(root.resolve("lib/x86_64-linux-gnu") + ":" + root.resolve("usr/lib/x86_64-linux-gnu"));
        List<String> entrypoint = texts(config.get("config").get("Entrypoint"));
        for (String arg : entrypoint) {
            command.add(arg.startsWith("/opt/") ? root.resolve(arg.substring(1)).toString() : arg);
        }
        // up instead of the image's serve: the same jar and runtime, with its own broker and bundled data.
        command.addAll(List.of("up", "--no-poll", "--no-history", "--data-dir", work.resolve("data").toString(),
                "--kafka-port", String.valueOf(freePort()), "--http-port", String.valueOf(httpPort)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("registry.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MODEL_REGISTRY_") || name.startsWith("JAVA_"));
        for (String variable : texts(config.get("config").get("Env"))) {
            int eq = variable.indexOf('=');
            builder.environment().put(variable.substring(0, eq), variable.substring(eq + 1).replace("/var/lib/", work + "/var/lib/"));
        }
        Process registry = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            waitUntilReady(http, httpPort, registry);
            HttpResponse<String> model = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/v1/models/openai/gpt-4o")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(model.statusCode()).as(model.body()).isEqualTo(200);
            assertThat(JSON.readTree(model.body()).path("id").asText()).isEqualTo("openai/gpt-4o");

            // The compose file's health check: the image's probe command, on the image's runtime.
            List<String> probe = new ArrayList<>(command.subList(0, command.indexOf("up")));
            probe.addAll(List.of("probe", "--url", "http://127.0.0.1:" + httpPort + "/health/ready"));
            Process probing = new ProcessBuilder(probe).redirectErrorStream(true).start();
            String probeOutput = new String(probing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(probing.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(probing.exitValue()).as(probeOutput).isZero();
            assertThat(probeOutput).contains("/health/ready answered 200");

            Map<String, String> mapped = mappedLibraries(registry.pid());
            for (String library : List.of("libc.so.6", "libstdc++.so.6", "libz.so.1", "libjvm.so", "ld-linux-x86-64.so.2")) {
                assertThat(mapped).as("%s is mapped", library).containsKey(library);
                assertThat(mapped.get(library)).as(library).startsWith(root.toString());
            }
        } finally {
            registry.destroy();
            if (!registry.waitFor(60, TimeUnit.SECONDS)) {
                registry.destroyForcibly();
            }
        }
    }

    private static void waitUntilReady(HttpClient http, int port, Process registry) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Await.until(Duration.ofMinutes(4), "the registry ready on port " + port, () -> {
            if (!registry.isAlive()) {
                throw new AssertionError("the registry exited with " + registry.exitValue() + ":\n" + log());
            }
            // up prints Ready. once the bundled catalogs are synced and folded.
            return log().contains("Ready.") && http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    }

    private static String log() throws IOException {
        return Files.readString(work.resolve("registry.log"), StandardCharsets.UTF_8);
    }

    /** @return file name to path of every shared object the process has mapped */
    private static Map<String, String> mappedLibraries(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/maps")).stream()
                .map(line -> line.split("\\s+"))
                .filter(fields -> fields.length >= 6 && fields[5].contains(".so"))
                .map(fields -> fields[5])
                .collect(Collectors.toMap(path -> Path.of(path).getFileName().toString(), path -> path, (a, b) -> a));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        return StreamSupport.stream(((Iterable<String>) () -> names).spliterator(), false).toList();
    }
}
