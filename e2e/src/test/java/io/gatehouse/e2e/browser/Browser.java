package io.gatehouse.e2e.browser;

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
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * A headless Chromium driven by Selenium with the system's chromedriver (no driver or browser download), a fresh
 * profile under target/, and helpers for forms, waits and screenshots under {@code target/screenshots/}.
 */
final class Browser implements AutoCloseable {
    static final Path TARGET = Paths.get(System.getProperty("user.dir"), "target");
    static final Path SCREENSHOTS = TARGET.resolve("screenshots");
    static final Duration WAIT = Duration.ofSeconds(45);

    final WebDriver driver;
    final WebDriverWait wait;

    Browser() {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path profile = Files.createTempDirectory(Files.createDirectories(TARGET.resolve("chromium")), "profile-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
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
        return wait.withMessage("element " + css + " on " + driver.getCurrentUrl()).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** Waits until the element's text contains the text. */
    String textContains(String css, String text) {
        return wait.withMessage("\"" + text + "\" in " + css + " on " + driver.getCurrentUrl()).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            if (found.isEmpty()) {
                return null;
            }
            String t = found.get(0).getText();
            return t.contains(text) ? t : null;
        });
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
            Object height = ((JavascriptExecutor) driver).executeScript(
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
