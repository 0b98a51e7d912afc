package dev.modelregistry.app.ui;

import dev.modelregistry.app.tools.DebianPackages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless browser for the UI tests: Debian's {@code chromium} driven through its
 * {@code chromium-driver}, never a browser downloaded at test time (its host is unreachable
 * here); installed where missing ({@link DebianPackages}).
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
        DebianPackages.ensure(List.of(CHROMIUM, CHROMEDRIVER), List.of("chromium", "chromium-driver"));
    }
}
