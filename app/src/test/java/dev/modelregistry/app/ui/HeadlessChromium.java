package dev.modelregistry.app.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless browser for the UI tests: Debian's {@code chromium} driven through its
 * {@code chromium-driver}, never a browser downloaded at test time (its host is unreachable
 * here). Where the two packages are missing, they are installed with apt-get (through
 * {@code sudo -n} when not root), as the benchmarks install wrk. With {@code CI=true} a browser
 * that cannot be had fails the run; elsewhere (a machine without apt) the UI tests are skipped
 * with the reason.
 */
final class HeadlessChromium {

    /** Debian's paths; {@code -Dui.chromium=...} and {@code -Dui.chromedriver=...} point elsewhere. */
    static final Path CHROMIUM = Path.of(System.getProperty("ui.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("ui.chromedriver", "/usr/bin/chromedriver"));

    private HeadlessChromium() {
    }

    /**
     * @param width the window's width in CSS pixels
     * @param height the window's height in CSS pixels
     * @return a headless Chromium that keeps the page's console messages (read them with
     *     {@code driver.manage().logs().get(LogType.BROWSER)})
     */
    static ChromeDriver start(int width, int height) {
        ensureInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--lang=en-US", "--no-first-run", "--disable-extensions");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
        return new ChromeDriver(service, options);
    }

    private static void ensureInstalled() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        String why = install();
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "the UI tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + "), and installing them failed: "
                + why + ". Install them (apt-get install chromium chromium-driver) or point -Dui.chromium and -Dui.chromedriver at a browser and its driver.";
        if (ci) {
            throw new IllegalStateException(message);
        }
        Assumptions.abort(message);
    }

    /** @return why the installation failed, or "" */
    private static String install() {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return "no apt-get on this machine";
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> sudo = root ? List.of() : List.of("sudo", "-n");
        System.err.println("[ui tests] installing chromium and chromium-driver with apt-get (once per machine)...");
        try {
            for (List<String> step : List.of(List.of("apt-get", "update", "-qq"),
                    List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "chromium-driver"))) {
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
