package io.gatehouse.e2e.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven by Selenium with the system's chromedriver (no driver or browser download), a fresh
 * profile under target/, and helpers for forms, waits and screenshots under {@code target/screenshots/}.
 *
 * <p>Where they are: the system properties (or environment variables) {@code gatehouse.chromium}
 * ({@code GATEHOUSE_CHROMIUM}) and {@code gatehouse.chromedriver} ({@code GATEHOUSE_CHROMEDRIVER}), else
 * {@code chromium}, {@code chromium-browser} or {@code google-chrome} and {@code chromedriver} on the PATH. Where
 * they are absent the browser tests are skipped with a message saying how to install them — except in CI
 * ({@code CI=true}), which installs them and must run these tests, so there their absence fails.
 */
final class Browser implements AutoCloseable {
    static final Path TARGET = Paths.get(System.getProperty("user.dir"), "target");
    static final Path SCREENSHOTS = TARGET.resolve("screenshots");
    static final Duration WAIT = Duration.ofSeconds(45);

    final WebDriver driver;
    final WebDriverWait wait;

    /** The browser and driver executables, or empty where either is missing. */
    record Executables(Path chromium, Path chromedriver) {
        static java.util.Optional<Executables> find() {
            Path chromium = configured(
                    "gatehouse.chromium", "GATEHOUSE_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
            Path driver = configured("gatehouse.chromedriver", "GATEHOUSE_CHROMEDRIVER", "chromedriver");
            return chromium == null || driver == null
                    ? java.util.Optional.empty()
                    : java.util.Optional.of(new Executables(chromium, driver));
        }

        private static Path configured(String property, String variable, String... names) {
            String value = System.getProperty(property, System.getenv(variable));
            if (value != null && !value.isBlank()) {
                Path path = Paths.get(value);
                return Files.isExecutable(path) ? path : null;
            }
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                for (String name : names) {
                    Path path = Paths.get(dir, name);
                    if (Files.isExecutable(path)) {
                        return path;
                    }
                }
            }
            return null;
        }
    }

    /** Skips the calling test class (fails in CI) unless Chromium and chromedriver are found. */
    static Executables required() {
        java.util.Optional<Executables> found = Executables.find();
        String message = "Chromium and chromedriver not found: install Debian's chromium and chromium-driver, or set "
                + "-Dgatehouse.chromium=/path/to/chromium -Dgatehouse.chromedriver=/path/to/chromedriver "
                + "(GATEHOUSE_CHROMIUM / GATEHOUSE_CHROMEDRIVER); the browser tests are skipped";
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message.replace("are skipped", "must run in CI"));
        }
        if (found.isEmpty()) {
            System.err.println("[WARNING] " + message);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(found.isPresent(), message);
        return found.get();
    }

    Browser(Executables executables) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path profile = Files.createTempDirectory(Files.createDirectories(TARGET.resolve("chromium")), "profile-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(executables.chromium().toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1280,900",
                    "--user-data-dir=" + profile.toAbsolutePath());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(executables.chromedriver().toFile())
                    .usingAnyFreePort()
                    .build();
            driver = new ChromeDriver(service, options);
            wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
            wait.ignoring(StaleElementReferenceException.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until the element exists and is displayed. */
    WebElement visible(String css) {
        return wait.withMessage("element " + css + " on " + driver.getCurrentUrl())
                .until(d -> {
                    List<WebElement> found = d.findElements(By.cssSelector(css));
                    return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
                });
    }

    /** Waits until the element's text contains the text. */
    String textContains(String css, String text) {
        return wait.withMessage("\"" + text + "\" in " + css + " on " + driver.getCurrentUrl())
                .until(d -> {
                    List<WebElement> found = d.findElements(By.cssSelector(css));
                    if (found.isEmpty()) {
                        return null;
                    }
                    String t = found.get(0).getText();
                    return t.contains(text) ? t : null;
                });
    }

    /**
     * Waits until the element exists and reads its attribute, finding it again if the page redrew it in between (a
     * list drawn from a server answer is replaced whole, so an element read a moment after it was found may be gone).
     */
    String attribute(String css, String name) {
        return wait.withMessage("attribute " + name + " of " + css + " on " + driver.getCurrentUrl())
                .until(d -> {
                    List<WebElement> found = d.findElements(By.cssSelector(css));
                    return found.isEmpty() ? null : found.get(0).getAttribute(name);
                });
    }

    /**
     * From the next page load on, the page's first {@code GET} whose URL ends with {@code pathSuffix} reaches the
     * server at once ({@code window.gatehouseAnswered} is true when its answer is in) but the answer is held back
     * until {@code window.gatehouseRelease()} is called; after that answer
     * has been handed to the page and the page's own handlers have run, {@code window.gatehouseReleased} is true. How
     * a test makes an early request answer after a later one. Returns the script's id for {@link #forget(String)}.
     */
    String holdFirstAnswer(String pathSuffix) {
        String script = "(function () {"
                + "  var original = window.fetch, held = false, release, gate = new Promise(function (r) { release = r; });"
                + "  window.gatehouseRelease = function () { release(); };"
                + "  window.fetch = function (url, options) {"
                + "    var get = !options || !options.method || options.method === 'GET';"
                + "    var path = String(url).split('?')[0];"
                + "    if (held || !get || !path.endsWith(" + jsString(pathSuffix)
                + ")) { return original.apply(this, arguments); }"
                + "    held = true;"
                + "    return original.apply(this, arguments).then(function (answer) {"
                + "      window.gatehouseAnswered = true;"
                + "      return gate.then(function () {"
                + "        setTimeout(function () { window.gatehouseReleased = true; }, 0);"
                + "        return answer;"
                + "      });"
                + "    });"
                + "  };"
                + "})();";
        Map<String, Object> added =
                ((HasCdp) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
        return String.valueOf(added.get("identifier"));
    }

    /** Waits until the held answer of {@link #holdFirstAnswer(String)} has come in from the server. */
    void awaitHeldAnswer() {
        until("the held request answered", d -> flag("gatehouseAnswered"));
    }

    /** Hands the held answer to the page and waits until the page's handlers of it have run. */
    void releaseHeldAnswer() {
        ((JavascriptExecutor) driver).executeScript("window.gatehouseRelease()");
        until("the held answer handed to the page", d -> flag("gatehouseReleased"));
    }

    private Boolean flag(String name) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript("return window." + name + " === true"))
                ? Boolean.TRUE
                : null;
    }

    /** Page loads from now on run without the script {@link #holdFirstAnswer(String)} added. */
    void forget(String scriptId) {
        ((HasCdp) driver).executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", scriptId));
    }

    private static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    <T> T until(String what, ExpectedCondition<T> condition) {
        return wait.withMessage(what).until(condition);
    }

    void type(String css, String value) {
        WebElement input = visible(css);
        input.clear();
        input.sendKeys(value);
    }

    void click(String css) {
        visible(css).click();
    }

    void select(String css, String value) {
        new Select(visible(css)).selectByValue(value);
    }

    void upload(String css, Path file) {
        driver.findElement(By.cssSelector(css)).sendKeys(file.toAbsolutePath().toString());
    }

    void setChecked(String css, boolean checked) {
        WebElement box = visible(css);
        if (box.isSelected() != checked) {
            box.click();
        }
    }

    /** The whole page as a PNG (the window grows to the page height for the shot, then goes back). */
    Path screenshot(String name) {
        Dimension before = driver.manage().window().getSize();
        try {
            Object height = ((JavascriptExecutor) driver)
                    .executeScript(
                            "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
            int h = Math.min(5000, Math.max(before.getHeight(), ((Number) height).intValue() + 120));
            driver.manage().window().setSize(new Dimension(before.getWidth(), h));
            ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
