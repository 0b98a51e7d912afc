package dev.modelregistry.app.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Command-line tools the tests drive (a browser, kcat), from Debian's packages: installed with
 * apt-get (through {@code sudo -n} when not root) where missing, as the benchmarks install
 * theirs. With {@code CI=true} a tool that cannot be had fails the test; elsewhere (a machine
 * without apt) the test is skipped with the reason.
 */
public final class DebianPackages {

    private DebianPackages() {
    }

    /**
     * Makes sure every binary is there, installing {@code packages} if one is not.
     *
     * @param binaries the executables the test needs
     * @param packages the Debian packages that provide them
     */
    public static void ensure(List<Path> binaries, List<String> packages) {
        if (binaries.stream().allMatch(Files::isExecutable)) {
            return;
        }
        String why = install(packages);
        if (binaries.stream().allMatch(Files::isExecutable)) {
            return;
        }
        String message = "this test needs " + binaries + " from the Debian packages " + packages + ", and installing them failed: " + why
                + ". Install them (apt-get install " + String.join(" ", packages) + ").";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        Assumptions.abort(message);
    }

    /** @return why the installation failed, or "" */
    private static String install(List<String> packages) {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return "no apt-get on this machine";
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> sudo = root ? List.of() : List.of("sudo", "-n");
        System.err.println("[tests] installing " + packages + " with apt-get (once per machine)...");
        try {
            List<String> installCommand = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
            installCommand.addAll(packages);
            for (List<String> step : List.of(List.of("apt-get", "update", "-qq"), installCommand)) {
                List<String> command = new ArrayList<>(sudo);
                command.addAll(step);
                Path log = Files.createTempFile("apt-", ".log");
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!p.waitFor(15, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    return String.join(" ", command) + " did not finish in 15 minutes";
                }
                if (p.exitValue() != 0) {
                    String out = Files.readString(log);
                    return String.join(" ", command) + " exited with " + p.exitValue() + ": " + out.substring(Math.max(0, out.length() - 500)).strip();
                }
            }
            return "";
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
