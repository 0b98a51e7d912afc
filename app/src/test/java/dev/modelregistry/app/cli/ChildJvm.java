package dev.modelregistry.app.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The app's CLI run in a child JVM on the test classpath, its output captured to a file. */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path output;

    private ChildJvm(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** @return a TCP port free right now on this machine, for a child's broker or API */
    /**
     * @return the first of {@code count} consecutive TCP ports free right now, below Linux's
     *     ephemeral range (32768 and up), so that no outgoing connection takes one of them later
     */
    public static int freePorts(int count) throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = 20_000 + random.nextInt(12_000 - count);
            boolean free = true;
            for (int p = first; p < first + count && free; p++) {
                try (ServerSocket s = new ServerSocket(p)) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IOException("no " + count + " consecutive free ports between 20000 and 32000");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static ChildJvm start(Path output, String... args) throws IOException {
        Process process = new ProcessBuilder(ClusterCommand.javaCommand(args)).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new ChildJvm(process, output);
    }

    /** Waits until the output contains {@code text}; fails early if the process exits. */
    public String awaitOutput(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String out = output();
            if (out.contains(text)) {
                return out;
            }
            if (!process.isAlive()) {
                throw new AssertionError("process exited with " + process.exitValue() + " before printing '" + text + "':\n" + out);
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("no '" + text + "' within " + timeout + ":\n" + output());
    }

    public String output() throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    /** Sends SIGTERM (what Ctrl-C's SIGINT also triggers: the shutdown hooks) and waits for exit. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not stop within " + timeout + " after SIGTERM");
        }
        return process.exitValue();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not exit within " + timeout);
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
