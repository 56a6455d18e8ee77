package lab.gil.browser;

import io.javalin.testtools.JavalinTest;
import lab.gil.support.Browser;
import lab.gil.support.ComparedExperiments;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** The headline of a comparison on the lesson page is the server's verdict, and an unsettled one offers a rerun. */
class VerdictBrowserTest {
    private final TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1,
            ComparedExperiments.CLEAR + ComparedExperiments.NOISY + ComparedExperiments.PREDICTED
            + "Sleeping less takes less time.\n\n## Next\n\nMore to read.\n")));

    @Test
    void aForcedNoisyRunReadsInconclusiveAndRunsAgainWithMoreRepetitionsInOneClick() {
        JavalinTest.test(app.create(), (server, client) -> {
            ChromeDriver browser = Browser.open("1280x900");
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get(client.getOrigin() + "/lessons/lab");
                browser.findElement(By.cssSelector("#experiment-noisy .run-button")).click();
                By words = By.cssSelector("#experiment-noisy .gr-verdict-words");
                wait.until(ExpectedConditions.visibilityOfElementLocated(words));
                assertThat(browser.findElement(words).getText()).startsWith("jumpy: inconclusive: ");
                assertThat(browser.findElement(By.cssSelector("#experiment-noisy .gr-verdict-range")).getText())
                        .endsWith("the speed of steady, 3 repetitions)");
                // The point estimate is no longer the bold headline: it follows the verdict as detail.
                assertThat(browser.findElement(By.cssSelector("#experiment-noisy .gr-summary")).getAttribute("class"))
                        .contains("gr-summary-detail");

                browser.findElement(By.cssSelector("#experiment-noisy .gr-rerun")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#experiment-noisy .gr-verdict-range"), "10 repetitions"));
            } finally {
                browser.quit();
            }
        });
    }

    @Test
    void aClearDifferenceLeadsWithItsWordsAsConclusive() {
        JavalinTest.test(app.create(), (server, client) -> {
            ChromeDriver browser = Browser.open("1280x900");
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get(client.getOrigin() + "/lessons/lab");
                browser.findElement(By.cssSelector("#experiment-clear .run-button")).click();
                By words = By.cssSelector("#experiment-clear .gr-verdict-words");
                wait.until(ExpectedConditions.visibilityOfElementLocated(words));
                assertThat(browser.findElement(words).getText()).matches("short: [0-9.]+× faster");
                // The result was below the fold when Run was pressed: it is scrolled into view, clear of the sticky header.
                wait.until(d -> (Boolean) browser.executeScript("const r = document.querySelector('#experiment-clear .gr-verdict')"
                        + ".getBoundingClientRect(); return r.top >= document.querySelector('.site-header').offsetHeight"
                        + " && r.bottom <= window.innerHeight;"));
                assertThat(browser.findElement(By.cssSelector("#experiment-clear .gr-verdict-list li")).getAttribute("class"))
                        .isEqualTo("gr-verdict-conclusive");
            } finally {
                browser.quit();
            }
        });
    }

    @Test
    void theFirstPredictionIsMarkedAfterTheRunAndStaysLockedButNotForAnotherStudentOpeningItsLink() {
        JavalinTest.test(app.create(), (server, client) -> {
            ChromeDriver browser = Browser.open("1280x900");
            ChromeDriver other = null;
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get(client.getOrigin() + "/lessons/lab");
                By explanation = By.cssSelector(".explanation[data-after=predicted]");
                assertThat(browser.findElement(explanation).getAttribute("open")).isNull();
                assertThat(browser.findElement(By.xpath("//p[text()='Sleeping less takes less time.']")).isDisplayed()).isFalse();
                assertThat(browser.findElement(By.xpath("//p[text()='More to read.']")).isDisplayed()).isTrue();
                browser.findElement(By.id("predicted-prediction-2")).click();
                browser.findElement(By.cssSelector("#experiment-predicted .run-button")).click();
                By check = By.id("check-predicted");
                wait.until(ExpectedConditions.visibilityOfElementLocated(check));
                assertThat(browser.findElement(check).getText()).matches("✗ You predicted “slower”; measured: short: [0-9.]+× faster\\.");
                assertThat(browser.findElement(check).getAttribute("class")).isEqualTo("prediction-check wrong");
                assertThat(browser.findElement(By.id("predicted-prediction-0")).isEnabled()).isFalse();
                assertThat(browser.findElement(explanation).getAttribute("open")).isNotNull();

                browser.navigate().refresh();
                assertThat(browser.findElements(explanation)).isEmpty();
                assertThat(browser.findElement(By.xpath("//p[text()='Sleeping less takes less time.']")).isDisplayed()).isTrue();
                wait.until(ExpectedConditions.visibilityOfElementLocated(check));
                assertThat(browser.findElement(By.id("predicted-prediction-2")).isSelected()).isTrue();
                assertThat(browser.findElement(By.id("predicted-prediction-0")).isEnabled()).isFalse();
                assertThat(browser.findElement(By.cssSelector("#experiment-predicted .prediction-locked")).getText())
                        .startsWith("Your first prediction is kept");
                String link = browser.findElement(By.cssSelector("#history-predicted .permalink")).getAttribute("href");

                other = Browser.open("1280x900");
                other.get(link);
                new WebDriverWait(other, Duration.ofSeconds(60)).until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#experiment-predicted .gr-verdict-words")));
                assertThat(other.findElements(By.cssSelector("#experiment-predicted input[name=prediction]:checked"))).isEmpty();
                assertThat(other.findElement(By.id("predicted-prediction-0")).isEnabled()).isTrue();
                assertThat(other.findElement(check).isDisplayed()).isFalse();
            } finally {
                browser.quit();
                if (other != null) {
                    other.quit();
                }
            }
        });
    }
}
