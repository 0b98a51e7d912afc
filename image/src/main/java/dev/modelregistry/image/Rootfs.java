package dev.modelregistry.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds the root file system of the registry's container image, for Jib to put on an empty
 * base: a Java runtime cut by {@code jlink} from the building JDK, the C libraries it needs taken
 * from Debian's archive, a non-root user, the writable directories, and the registry's jar.
 *
 * <p>Run by the build ({@code image/pom.xml}); every option is a {@code --name=value} flag:
 * <ul>
 *   <li>{@code --output}: the directory to write; emptied first</li>
 *   <li>{@code --jar}: the registry's runnable jar</li>
 *   <li>{@code --modules}: comma-separated Java modules for {@code jlink}</li>
 *   <li>{@code --packages}: comma-separated Debian packages whose shared libraries to take</li>
 *   <li>{@code --suites}: comma-separated {@code suite@mirror} pairs, later ones winning</li>
 *   <li>{@code --architecture}: Debian architecture, {@code amd64} by default</li>
 *   <li>{@code --cache}: where downloaded packages are kept between builds</li>
 *   <li>{@code --uid}: the user (and group) id the image runs as</li>
 * </ul>
 */
public final class Rootfs {

    /** Where the image keeps the runtime, the jar and the registry's data; the image config names them too. */
    static final String JAVA_HOME = "opt/java";
    static final String JAR = "opt/model-registry/model-registry.jar";
    static final String DATA_DIR = "var/lib/model-registry";

    /** Shared libraries directly in a library directory (not gconv modules or other plugins). */
    private static final Pattern SHARED_LIBRARY =
            Pattern.compile("(usr/)?lib(64|/x86_64-linux-gnu|/aarch64-linux-gnu)?/[^/]+\\.so(\\.[0-9.]+)?");
    private static final Pattern COPYRIGHT = Pattern.compile("usr/share/doc/[^/]+/copyright");

    private final Map<String, String> options;

    private Rootfs(Map<String, String> options) {
        this.options = options;
    }

    /**
     * @param args {@code --name=value} flags as listed in the class comment
     * @throws IllegalArgumentException on an unknown or missing flag
     * @throws Exception                when a step fails; the message says which and why
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        new Rootfs(options).build();
    }

    static Map<String, String> parse(String[] args) {
        List<String> known = List.of("output", "jar", "modules", "packages", "suites", "architecture", "cache", "uid");
        Map<String, String> options = new LinkedHashMap<>();
        options.put("architecture", "amd64");
        options.put("uid", "65532");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0 || !known.contains(arg.substring(2, eq))) {
                throw new IllegalArgumentException("unknown option " + arg + "; known: --" + String.join("=, --", known) + "=");
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        for (String required : known) {
            if (options.getOrDefault(required, "").isBlank()) {
                throw new IllegalArgumentException("missing --" + required + "=...");
            }
        }
        return options;
    }

    private void build() throws Exception {
        String architecture = options.get("architecture");
        requireMatchingJdk(architecture);
        Path root = Path.of(options.get("output")).toAbsolutePath().normalize();
        deleteTree(root);
        Files.createDirectories(root);

        long started = System.nanoTime();
        jlink(root.resolve(JAVA_HOME), List.of(options.get("modules").split(",")));
        copyLinkedFiles(root.resolve(JAVA_HOME));
        ensureCaCertificates(root.resolve(JAVA_HOME));
        report("runtime", root.resolve(JAVA_HOME), started);

        started = System.nanoTime();
        DebianArchive archive = new DebianArchive(Path.of(options.get("cache")), architecture);
        for (String suite : options.get("suites").split(",")) {
            String[] parts = suite.split("@", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("--suites wants suite@mirror pairs, got " + suite);
            }
            archive.readSuite(URI.create(parts[1].endsWith("/") ? parts[1] : parts[1] + "/"), parts[0]);
        }
        Map<String, String> links = new LinkedHashMap<>();
        for (String name : options.get("packages").split(",")) {
            DebianArchive.Package pkg = archive.find(name.trim());
            Path deb = archive.download(pkg);
            links.putAll(DebPackage.extract(deb, root,
                    path -> SHARED_LIBRARY.matcher(path).matches() || COPYRIGHT.matcher(path).matches()));
            System.out.printf("  %s %s%n", pkg.name(), pkg.version());
        }
        materialise(root, links);
        if (!Files.isRegularFile(root.resolve("lib64/ld-linux-x86-64.so.2")) && architecture.equals("amd64")) {
            throw new IOException("no dynamic loader at /lib64/ld-linux-x86-64.so.2; is libc6 in --packages?");
        }
        System.out.printf("C libraries: %d MiB in %.1f s%n",
                (size(root) - size(root.resolve(JAVA_HOME))) >> 20, (System.nanoTime() - started) / 1e9);

        writeSystemFiles(root, Integer.parseInt(options.get("uid")));
        Path jar = Path.of(options.get("jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no jar at " + jar + "; build the app module first");
        }
        Files.createDirectories(root.resolve(JAR).getParent());
        Files.copy(jar, root.resolve(JAR), StandardCopyOption.REPLACE_EXISTING);
        requireNoLinks(root);
        System.out.printf("root file system: %s, %d MiB%n", root, size(root) >> 20);
    }

    private static void requireMatchingJdk(String architecture) {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        boolean matches = os.equals("Linux") && (architecture.equals("amd64") ? arch.equals("amd64") : arch.equals(architecture));
        if (!matches) {
            throw new IllegalStateException("jlink copies the building JDK's native files, so the image for linux/"
                    + architecture + " must be built on a linux/" + architecture + " JDK; this one is " + os + "/" + arch);
        }
    }

    private static void jlink(Path output, List<String> modules) throws IOException {
        ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(() -> new IOException("this Java has no jlink; build with a JDK, not a JRE"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        int status = jlink.run(out, out, "--add-modules", String.join(",", modules), "--output", output.toString(),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2");
        if (status != 0) {
            throw new IOException("jlink failed (" + status + "): " + log.toString(StandardCharsets.UTF_8).trim());
        }
    }

    /**
     * jlink keeps the links a JDK package made (Debian's points the license files into
     * /usr/share/doc); the image gets the files themselves.
     */
    private static void copyLinkedFiles(Path javaHome) throws IOException {
        try (Stream<Path> files = Files.walk(javaHome)) {
            for (Path link : files.filter(Files::isSymbolicLink).toList()) {
                Path target = link.toRealPath();
                if (!Files.isRegularFile(target)) {
                    throw new IOException(link + " points to " + target + ", which is not a file");
                }
                Files.delete(link);
                Files.copy(target, link);
            }
        }
    }

    /**
     * Some JDK packages (Debian's among them) keep {@code cacerts} outside the JDK and link to it,
     * which jlink does not follow; without it no HTTPS source can be read.
     */
    private static void ensureCaCertificates(Path javaHome) throws IOException, GeneralSecurityException {
        Path cacerts = javaHome.resolve("lib/security/cacerts");
        if (certificates(cacerts) == 0) {
            Path building = Path.of(System.getProperty("java.home"), "lib/security/cacerts");
            Files.deleteIfExists(cacerts);
            Files.copy(building, cacerts);
        }
        int count = certificates(cacerts);
        if (count == 0) {
            throw new IOException("neither jlink nor the building JDK gave a cacerts with certificates");
        }
        System.out.printf("  cacerts: %d certificates%n", count);
    }

    private static int certificates(Path cacerts) throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(cacerts) || Files.size(cacerts) == 0) {
            return 0;
        }
        KeyStore store = KeyStore.getInstance(cacerts.toFile(), (char[]) null);
        return store.size();
    }

    /**
     * Replaces each link by a copy of the file it ends at, looking the target up as both
     * {@code /lib/...} and {@code /usr/lib/...} since packages may be written for either side of
     * Debian's merged {@code /usr}.
     */
    static void materialise(Path root, Map<String, String> links) throws IOException {
        for (Map.Entry<String, String> link : links.entrySet()) {
            Path resolved = resolve(root, link.getKey(), links, 0);
            Path copy = root.resolve(link.getKey());
            Files.createDirectories(copy.getParent());
            Files.copy(resolved, copy, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path resolve(Path root, String link, Map<String, String> links, int depth) throws IOException {
        if (depth > 16) {
            throw new IOException("link loop at /" + link);
        }
        String target = links.get(link);
        String path = target.startsWith("/")
                ? target.substring(1)
                : Path.of(link).resolveSibling(target).normalize().toString();
        List<String> candidates = new ArrayList<>(List.of(path));
        if (path.startsWith("usr/lib")) {
            candidates.add(path.substring(4));
        } else if (path.startsWith("lib")) {
            candidates.add("usr/" + path);
        }
        for (String candidate : candidates) {
            if (links.containsKey(candidate)) {
                return resolve(root, candidate, links, depth + 1);
            }
            Path file = root.resolve(candidate).normalize();
            if (file.startsWith(root) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return file;
            }
        }
        throw new IOException("/" + link + " points to " + target + ", which no package written provides");
    }

    private static void writeSystemFiles(Path root, int uid) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/sbin/nologin\n"
                        + "registry:x:" + uid + ":" + uid + ":model-registry:/" + DATA_DIR + ":/sbin/nologin\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nregistry:x:" + uid + ":\n");
        // glibc resolves names through this file; without it, lookups would skip /etc/hosts.
        Files.writeString(root.resolve("etc/nsswitch.conf"), "hosts: files dns\n");
        Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(root.resolve(DATA_DIR));
    }

    private static void requireNoLinks(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> links = files.filter(Files::isSymbolicLink).toList();
            if (!links.isEmpty()) {
                throw new IOException("the root file system still has links: " + links);
            }
        }
    }

    private static void report(String what, Path dir, long startedNanos) throws IOException {
        System.out.printf("%s: %d MiB in %.1f s%n", what, size(dir) >> 20, (System.nanoTime() - startedNanos) / 1e9);
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
