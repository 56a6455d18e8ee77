package lab.gil.run.nodes;

import lab.gil.support.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A student's lesson page served by a web node that runs nothing, the run executed by a runner process: the page shows
 * the run's live progress and then its result. Skipped loudly without GILLAB_TEST_POSTGRES_URL.
 */
class RunnerNodesBrowserTest {
    private static final String LESSON = lesson("Lab", 1, """
            ```python experiment
            # id: stepwise
            # title: Stepwise
            # chart: bar
            # repetitions: 1
            import time
            import gillab as lab
            for i in range(1, 9):
                lab.progress(i / 8, "step %d of 8" % i)
                time.sleep(0.5)
            lab.compare({"a": lambda: 1, "b": lambda: 2})
            ```
            """);

    private RunnerNodes nodes;

    @AfterEach
    void stopTheNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void aRunExecutedOnARunnerNodeShowsLiveProgressOnThePageOfAWebNodeThatRunsNothing() throws Exception {
        nodes = new RunnerNodes("browser", Map.of("lab.md", LESSON));
        nodes.startRunner("runner-a");
        ChromeDriver browser = Browser.open("1280x900");
        try {
            browser.get(nodes.origin + "/lessons/lab");
            WebElement section = browser.findElement(By.id("experiment-stepwise"));
            section.findElement(By.cssSelector("button.run-button")).click();

            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
            // Each progress frame replaces the status fragment: its text is read in the page, in one go.
            String running = wait.until(driver -> (String) browser.executeScript("const note = [...arguments[0]"
                    + ".querySelectorAll('.run-progress[data-status=running] .run-note')].find(p => p.textContent.includes('step '));"
                    + "return note ? note.textContent : null;", section));
            assertThat(running).containsPattern("Running: [\\s\\S]* — step [1-8] of 8");
            wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(section, By.cssSelector(".run-result canvas")));
            assertThat(section.findElement(By.cssSelector(".run-finished")).getAttribute("class")).contains("ok");
        } finally {
            browser.quit();
        }
    }
}
