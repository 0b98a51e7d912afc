package dev.modelregistry.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.app.cli.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real headless Chromium, against {@code up} with the bundled data (its 24
 * dated catalog snapshots) as a new user starts it: filter the models, open
 * {@code openai/gpt-4o}, read its versions and price chart, see a price change written through
 * the API arrive live on the Changes page and in the chart, move the as-of picker to 2025-06-01
 * and see the price valid then, recompute a past bill, read it on a phone-sized window. Each
 * page is photographed into {@code target/ui-screenshots/} (the README's pictures in
 * {@code docs/} are these). No page may log a script error.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {

    private static final Duration START = Duration.ofMinutes(5);
    private static final String TOKEN = "ui-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHOTS = Path.of("target", "ui-screenshots");

    private static ChildJvm registry;
    private static String base;
    private static ChromeDriver browser;
    private static WebDriverWait waiting;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createTempDirectory("web-ui-");
        int httpPort = ChildJvm.freePort();
        int nobody = ChildJvm.freePort();
        Path config = work.resolve("ui.properties");
        // Offline (every catalog URL points at a port nobody listens on), writes allowed for the live-change step.
        Files.write(config, Stream.concat(Stream.of("api.write.token=" + TOKEN), Stream.of("codex", "openrouter", "modelsdev", "litellm")
                .map(s -> "source." + s + ".url=http://127.0.0.1:" + nobody + "/" + s + ".json")).toList());
        registry = ChildJvm.start(work.resolve("up.log"), "up", "--config", config.toString(), "--data-dir", work.resolve("data").toString(),
                "--kafka-port", String.valueOf(ChildJvm.freePort()), "--http-port", String.valueOf(httpPort));
        registry.awaitOutput("Ready.", START);
        base = "http://127.0.0.1:" + httpPort;
        browser = HeadlessChromium.start(1280, 900);
        waiting = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (registry != null) {
            registry.terminate(Duration.ofSeconds(60));
        }
    }

    /** A script error on any page is a failed test, whatever the page showed. */
    @AfterEach
    void noScriptErrors() {
        // An API answer of 4xx is the page's to explain (the tests check it does); any other failure is a defect.
        List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> !e.getMessage().matches(java.util.regex.Pattern.quote(base) + "/v1/\\S+ - Failed to load resource: the server responded with a status of 4\\d\\d .*"))
                .toList();
        assertThat(severe).as("errors in the browser's console").isEmpty();
    }

    @Test
    @Order(1)
    void theModelsPageFiltersAndKeepsItsStateInTheUrl() throws Exception {
        browser.get(base + "/");
        WebElement count = waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("result-count")));
        assertThat(count.getText()).matches("[0-9,]+ models, 1–50 shown");
        assertThat(rows()).hasSize(50);
        screenshot("models.png");

        browser.findElement(By.id("f-q")).sendKeys("gpt-4o");
        waitForRowsTo(ids -> ids.stream().allMatch(id -> id.contains("gpt-4o")));
        new Select(waiting.until(d -> {
            WebElement s = d.findElement(By.id("f-provider"));
            return s.findElements(By.cssSelector("option[value='openai']")).isEmpty() ? null : s;
        })).selectByValue("openai");
        waitForRowsTo(ids -> !ids.isEmpty() && ids.stream().allMatch(id -> id.startsWith("openai/") && id.contains("gpt-4o")));
        assertThat(ids()).contains("openai/gpt-4o", "openai/gpt-4o-mini");
        assertThat(browser.getCurrentUrl()).contains("q=gpt-4o").contains("provider=openai");

        // the URL is the state: a reload shows the same filtered list
        browser.navigate().refresh();
        waitForRowsTo(ids -> !ids.isEmpty() && ids.stream().allMatch(id -> id.startsWith("openai/") && id.contains("gpt-4o")));
        assertThat(browser.findElement(By.id("f-q")).getDomProperty("value")).isEqualTo("gpt-4o");

        // sort by the column header: largest context first
        By contextHeader = By.xpath("//th[button[starts-with(normalize-space(.), 'Context')]]");
        browser.findElement(contextHeader).findElement(By.tagName("button")).click();
        waiting.until(ExpectedConditions.attributeToBe(contextHeader, "aria-sort", "ascending")); // the table was drawn anew
        browser.findElement(contextHeader).findElement(By.tagName("button")).click();
        waiting.until(ExpectedConditions.attributeToBe(contextHeader, "aria-sort", "descending"));
        assertThat(browser.getCurrentUrl()).contains("sort=-context");
        List<Long> contexts = browser.findElements(By.cssSelector("#models tbody tr td:nth-child(4)")).stream()
                .map(WebElement::getText).filter(t -> t.matches("[0-9,]+")).map(t -> Long.parseLong(t.replace(",", ""))).toList();
        assertThat(contexts).isNotEmpty().isSortedAccordingTo((a, b) -> Long.compare(b, a));

        browser.findElement(By.linkText("openai/gpt-4o")).click();
        waiting.until(ExpectedConditions.urlContains("#/model/openai/gpt-4o"));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("versions-heading"), "Versions"));
    }

    @Test
    @Order(2)
    void aModelShowsItsVersionsItsPriceChartAndItsSources() throws Exception {
        JsonNode history = api("/v1/models/openai/gpt-4o/history?limit=1000");
        int versions = history.get("items").size();
        assertThat(versions).as("gpt-4o changed across the bundled snapshots").isGreaterThanOrEqualTo(5);

        openModel("openai/gpt-4o", null);
        List<WebElement> timeline = browser.findElements(By.cssSelector("#timeline > li"));
        assertThat(timeline).hasSize(versions);
        assertThat(timeline.get(0).getText()).as("newest first").startsWith("v" + versions);
        assertThat(timeline.get(versions - 1).getText()).startsWith("v1").contains("2025-04-01").contains("added");
        assertThat(text("[data-testid='price-input'] dd")).isEqualTo("$2.50");
        assertThat(text("[data-testid='price-output'] dd")).isEqualTo("$10.00");
        assertThat(browser.findElements(By.cssSelector("#price-chart svg circle.input"))).as("one input point per price").hasSize(1);
        assertThat(browser.findElement(By.cssSelector("#price-chart svg")).getDomAttribute("role")).isEqualTo("img");
        // provenance: a field a preset decides, one a catalog gives, and a rule's decision marked derived
        assertThat(text("#spec tr[data-field='tokenLimitParameter'] td:last-child")).isEqualTo("presets");
        assertThat(text("#spec tr[data-field='pricing.inputPerMillion'] td:last-child")).isEqualTo("litellm");
        assertThat(browser.findElements(By.cssSelector("#offerings tbody tr"))).as("other providers' gpt-4o").hasSizeGreaterThan(3);
        screenshot("model.png");

        // diff of the first and the newest version
        new Select(browser.findElement(By.id("diff-from"))).selectByValue("1");
        new Select(browser.findElement(By.id("diff-to"))).selectByValue(String.valueOf(versions));
        browser.findElement(By.id("diff-run")).click();
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#diff ul.changes li")));
        assertThat(browser.getCurrentUrl()).contains("from=1").contains("to=" + versions);
        assertThat(text("#diff")).contains("displayName");
    }

    @Test
    @Order(3)
    void aPriceChangeArrivesLiveAndTheAsOfPickerShowsThePriceBeforeIt() throws Exception {
        int before = api("/v1/models/openai/gpt-4o").get("version").asInt();
        browser.get(base + "/#/changes?model=openai/gpt-4o");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-state"), "live"));
        assertThat(browser.findElements(By.cssSelector("#feed li.fresh"))).isEmpty();

        // a price cut, written through the API while the page listens
        HttpResponse<String> written = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/models")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString("""
                        {"id": "openai/gpt-4o", "type": "chat", "endpoints": ["chat"], "token_limit_parameter": "max_tokens",
                         "context_window": 128000, "max_output_tokens": 16384, "pricing": {"input": 2.0, "output": 8.0}}
                        """)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(written.statusCode()).as(written.body()).isEqualTo(202);
        WebElement arrived = waiting.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#feed li.fresh[data-id='openai/gpt-4o'][data-version='" + (before + 1) + "']")));
        assertThat(arrived.getText()).contains("pricing.inputPerMillion").contains("2.5").contains("2");
        assertThat(browser.findElements(By.cssSelector("#feed > li")).get(0)).as("the newest at the top").isEqualTo(arrived);
        screenshot("changes.png");

        openModel("openai/gpt-4o", null);
        assertThat(text("[data-testid='price-input'] dd")).isEqualTo("$2.00");
        assertThat(text("[data-testid='price-output'] dd")).isEqualTo("$8.00");
        assertThat(browser.findElements(By.cssSelector("#price-chart svg circle.input"))).as("the change is a new point").hasSize(2);

        // the as-of picker, moved with the keyboard as a user would
        WebElement picker = browser.findElement(By.id("asof"));
        picker.click();
        picker.sendKeys("06012025");
        picker.sendKeys(Keys.ENTER);
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("asof-note"), "As it was on 2025-06-01"));
        assertThat(text("[data-testid='price-input'] dd")).as("the price valid on 2025-06-01").isEqualTo("$2.50");
        assertThat(text("[data-testid='price-output'] dd")).isEqualTo("$10.00");
        assertThat(browser.getCurrentUrl()).contains("as_of=2025-06-01");
        assertThat(browser.findElements(By.cssSelector("#price-chart svg line.marker"))).hasSize(1);
        screenshot("model-as-of.png");

        browser.findElement(By.id("asof-now")).click();
        waiting.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid='price-input'] dd"), "$2.00"));
        assertThat(browser.getCurrentUrl()).doesNotContain("as_of");
        browser.navigate().back();
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("asof-note"), "As it was on 2025-06-01"));
        assertThat(text("[data-testid='price-input'] dd")).as("Back returns to the as-of view").isEqualTo("$2.50");
    }

    @Test
    @Order(4)
    void theCostPageRecomputesAPastBillWithThePriceValidThen() throws Exception {
        browser.get(base + "/#/cost");
        browser.findElement(By.id("cost-model")).sendKeys("openai/gpt-3.5-turbo");
        WebElement input = browser.findElement(By.id("cost-input"));
        input.clear();
        input.sendKeys("1000000");
        browser.findElement(By.id("cost-at")).sendKeys("06012025");
        browser.findElement(By.id("cost-run")).click();
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='cost-then'] .total")));
        assertThat(text("[data-testid='cost-then'] .total")).isEqualTo("$1.50");
        assertThat(text("[data-testid='cost-now'] .total")).isEqualTo("$0.50");
        assertThat(browser.getCurrentUrl()).contains("model=openai%2Fgpt-3.5-turbo").contains("at=2025-06-01");
        screenshot("cost.png");

        // the other counts of a bill come from the URL too, and each line names the rule that priced it
        browser.get(base + "/#/cost?model=openai/o3&input=1000&output=500&reasoning=3000");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid='cost-now'] .total"), "$0.03"));
        assertThat(browser.findElement(By.id("cost-reasoning")).getAttribute("value")).isEqualTo("3000");
        assertThat(browser.findElements(By.cssSelector("[data-testid='cost-now'] [data-testid='cost-line']"))).hasSize(3);
        assertThat(text("[data-testid='cost-now']")).contains("3,000 reasoning × $8.00/M = $0.024 (reasoning-as-output)");

        // an unknown model gets the API's own message, not a blank page
        browser.get(base + "/#/cost?model=openai/no-such-model&input=10&output=0");
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#cost-result [role='alert']")));
        assertThat(text("#cost-result [role='alert']")).contains("no-such-model");
    }

    @Test
    @Order(5)
    void theDeprecationsPageSaysWhatGoesAwayWhen() throws Exception {
        browser.get(base + "/#/deprecations?provider=openai");
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#deprecated tbody tr")));
        List<String> dates = browser.findElements(By.cssSelector("#deprecated tbody tr td:nth-child(2)")).stream().map(WebElement::getText).toList();
        assertThat(dates).isNotEmpty().allMatch(d -> d.matches("\\d{4}-\\d{2}-\\d{2}") || d.equals("unknown"));
        assertThat(browser.findElements(By.cssSelector("#deprecated tbody tr")).stream().map(r -> r.getDomAttribute("data-id")))
                .allMatch(id -> id.startsWith("openai/"));
        screenshot("deprecations.png");
    }

    @Test
    @Order(6)
    void aPhoneSizedWindowNeedsNoSidewaysScrollingAndEveryControlHasALabel() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            browser.get(base + "/#/models?provider=openai&q=gpt-4o");
            waitForRowsTo(ids -> !ids.isEmpty());
            Object overflow = ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(((Number) overflow).intValue()).as("the page is no wider than the phone; wide tables scroll in their box").isLessThanOrEqualTo(0);
            screenshot("models-phone.png");
            for (String page : List.of("#/models", "#/model/openai/gpt-4o", "#/changes", "#/deprecations", "#/cost")) {
                browser.get(base + "/" + page);
                waiting.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main h1")));
                waiting.until(d -> !d.findElements(By.cssSelector("main input, main select")).isEmpty());
                Object unlabelled = ((JavascriptExecutor) browser).executeScript(
                        "return [...document.querySelectorAll('main input, main select')]"
                                + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id || e.name)");
                assertThat((List<?>) unlabelled).as("controls without a label on %s", page).isEmpty();
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
        // keyboard: the first Tab reaches the skip link, which moves focus to the content
        browser.get(base + "/#/models");
        browser.navigate().refresh(); // a fresh load: the same document otherwise keeps the focus it had
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("result-count")));
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(Keys.TAB).perform();
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).as(browser.switchTo().activeElement().getTagName()).isEqualTo("skip");
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Skip to content");
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("main");
    }

    // ------------------------------------------------------------------ helpers

    private static void openModel(String id, String asOf) {
        browser.get(base + "/#/model/" + id + (asOf == null ? "" : "?as_of=" + asOf));
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#timeline > li")));
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='price-input'] dd")));
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#price-chart")));
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().strip();
    }

    private static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#models tbody tr"));
    }

    private static List<String> ids() {
        return rows().stream().map(r -> r.getDomAttribute("data-id")).toList();
    }

    private static void waitForRowsTo(java.util.function.Predicate<List<String>> condition) {
        waiting.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> condition.test(ids()));
    }

    private static JsonNode api(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The whole page (up to 3000 px tall), not only what the window shows. */
    private static void screenshot(String name) throws Exception {
        Dimension window = browser.manage().window().getSize();
        long height = ((Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight")).longValue();
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(3000, Math.max(window.getHeight(), height))));
        try {
            Files.write(SHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.manage().window().setSize(window);
        }
    }
}
