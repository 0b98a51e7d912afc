package dev.modelregistry.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of the image build: version order, index parsing, link materialising, flags. */
class RootfsPartsTest {

    @Test
    void debianVersionsOrderAsDpkgDoes() {
        // Pairs seen in bookworm and bookworm-security, plus dpkg's documented special cases.
        List<String> ascending = List.of("1.0~rc1", "1.0", "1.0a", "1.0+b1", "2.36-9+deb12u7", "2.36-9+deb12u10",
                "2.36-9+deb12u14", "1:1.2.13.dfsg-1");
        for (int i = 0; i < ascending.size(); i++) {
            for (int j = 0; j < ascending.size(); j++) {
                assertThat(Integer.signum(DebianVersion.compare(ascending.get(i), ascending.get(j))))
                        .as("%s vs %s", ascending.get(i), ascending.get(j))
                        .isEqualTo(Integer.signum(Integer.compare(i, j)));
            }
        }
    }

    @Test
    void releaseChecksumIsTakenFromTheSha256SectionOnly() {
        String release = String.join("\n",
                "Codename: bookworm",
                "MD5Sum:",
                " 0123456789abcdef0123456789abcdef 8802044 main/binary-amd64/Packages.xz",
                "SHA256:",
                " 1111111111111111111111111111111111111111111111111111111111111111 45000000 main/binary-amd64/Packages",
                " 2222222222222222222222222222222222222222222222222222222222222222 8802044 main/binary-amd64/Packages.xz",
                "");
        assertThat(DebianArchive.releaseChecksum(release, "main/binary-amd64/Packages.xz")).startsWith("2222");
        assertThat(DebianArchive.releaseChecksum(release, "main/binary-arm64/Packages.xz")).isNull();
    }

    @Test
    void indexParagraphFieldsSkipContinuationLines() {
        Map<String, String> fields = DebianArchive.fields(String.join("\n",
                "Package: libc6", "Version: 2.36-9+deb12u14", "Description: GNU C Library: Shared libraries",
                " Contains the standard libraries: the C library, the math library", "SHA256: abc"));
        assertThat(fields).containsEntry("Package", "libc6").containsEntry("Version", "2.36-9+deb12u14")
                .containsEntry("SHA256", "abc").hasSize(4);
    }

    @Test
    void linksBecomeCopiesAcrossTheMergedUsrAndChains(@TempDir Path root) throws IOException {
        Path library = root.resolve("usr/lib/x86_64-linux-gnu/libexample.so.1.2.3");
        Files.createDirectories(library.getParent());
        Files.writeString(library, "ELF");
        Map<String, String> links = new LinkedHashMap<>();
        links.put("usr/lib/x86_64-linux-gnu/libexample.so.1", "libexample.so.1.2.3");
        links.put("lib64/ld-example.so.2", "/lib/x86_64-linux-gnu/libexample.so.1");

        Rootfs.materialise(root, links);

        assertThat(root.resolve("usr/lib/x86_64-linux-gnu/libexample.so.1")).isRegularFile().hasContent("ELF");
        assertThat(root.resolve("lib64/ld-example.so.2")).isRegularFile().hasContent("ELF");
        assertThat(Files.isSymbolicLink(root.resolve("lib64/ld-example.so.2"))).isFalse();
    }

    @Test
    void aLinkToNothingWrittenIsAnErrorNamingBothEnds(@TempDir Path root) {
        Map<String, String> links = Map.of("lib/x86_64-linux-gnu/libmissing.so.1", "libmissing.so.1.0");
        assertThatThrownBy(() -> Rootfs.materialise(root, links))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/lib/x86_64-linux-gnu/libmissing.so.1 points to libmissing.so.1.0");
    }

    @Test
    void flagsAreNamedAndComplete() {
        assertThatThrownBy(() -> Rootfs.parse(new String[] {"target/rootfs"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option target/rootfs");
        assertThatThrownBy(() -> Rootfs.parse(new String[] {"--output=x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing --jar=");
    }
}
