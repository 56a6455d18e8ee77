package lab.gil.support;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.logging.Level;

/**
 * Headless Chromium for browser tests. Where Chromium is missing the tests are skipped with a loud
 * message, except in CI (CI=true) or with -Dgillab.browser.required=true, where that is a failure.
 */
public final class Browser {
    private static final File CHROMIUM = new File(System.getProperty("gillab.chromium", "/usr/bin/chromium"));
    private static final File DRIVER = new File(System.getProperty("gillab.chromedriver", "/usr/bin/chromedriver"));

    private Browser() {
    }

    public static ChromeDriver open(String size) {
        boolean present = CHROMIUM.canExecute() && DRIVER.canExecute();
        boolean required = "true".equals(System.getenv("CI")) || Boolean.getBoolean("gillab.browser.required");
        if (!present) {
            String message = "Chromium or chromedriver not found at " + CHROMIUM + " / " + DRIVER
                    + ": install Debian's chromium and chromium-driver to run the browser tests.";
            if (required) {
                throw new IllegalStateException(message);
            }
            System.err.println("\n*** SKIPPING BROWSER TEST *** " + message + "\n");
            Assumptions.abort(message);
        }
        try {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=" + size.replace('x', ','),
                    "--user-data-dir=" + Files.createTempDirectory("gillab-chromium"));
            // Keeps the page's console, so a test can assert it stayed free of errors.
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            int width = Integer.parseInt(size.split("x")[0]);
            if (width < 600) {
                // Headless Chromium keeps a window wider than a phone; emulate the phone's screen instead.
                driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", width,
                        "height", Integer.parseInt(size.split("x")[1]), "deviceScaleFactor", 2, "mobile", true));
            }
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
