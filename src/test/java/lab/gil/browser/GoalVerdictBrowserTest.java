package lab.gil.browser;

import io.javalin.testtools.JavalinTest;
import lab.gil.support.Browser;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** The verdict under an exercise's goal follows the runs: "not met" as shipped, "met" once the code is fixed. */
class GoalVerdictBrowserTest {
    private final TestApp app = TestApp.withLessons(Map.of("race.md", lesson("Races", 1, """
            ```python experiment
            # id: race
            # title: Fix the race
            # chart: table
            # goal: lost_updates == 0 -- Not one update lost
            import gillab as lab
            lab.metric("lost_updates", 3)
            ```
            """)));

    private static WebElement verdict(ChromeDriver browser) {
        return browser.findElement(By.id("goal-race"));
    }

    @Test
    void runningTheExerciseSaysNotMetAndFixingTheCodeTurnsItToMet() {
        JavalinTest.test(app.create(), (server, client) -> {
            ChromeDriver browser = Browser.open("1280x900");
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get(client.getOrigin() + "/lessons/race");
                assertThat(verdict(browser).getText()).isEqualTo("Edit the code until a run meets it.");

                browser.findElement(By.cssSelector("#experiment-race .run-button")).click();
                wait.until(ExpectedConditions.attributeContains(verdict(browser), "class", "not-met"));
                assertThat(verdict(browser).getText()).isEqualTo("Goal not met yet: lost_updates = 3, needs == 0.");

                browser.findElement(By.cssSelector("#experiment-race .CodeMirror")).click();
                new Actions(browser).keyDown(Keys.CONTROL).sendKeys(Keys.END).keyUp(Keys.CONTROL)
                        .sendKeys(Keys.ENTER, "lab.metric('lost_updates', 0)")
                        .keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
                wait.until(ExpectedConditions.attributeToBe(verdict(browser), "class", "goal-verdict met"));
                assertThat(verdict(browser).getText()).isEqualTo("Goal met: lost_updates = 0 == 0.");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#history-race .goal-badge.met"), "goal met"));

                browser.navigate().refresh();
                wait.until(ExpectedConditions.textToBePresentInElement(verdict(browser), "lost_updates = 0"));
                assertThat(verdict(browser).getAttribute("class")).isEqualTo("goal-verdict met");
            } finally {
                browser.quit();
            }
        });
    }
}
