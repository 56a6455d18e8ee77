package lab.gil.browser;

import io.javalin.testtools.JavalinTest;
import lab.gil.support.Browser;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** "Run all": says it uses the values on the page, resets them in one click, walks the page and names changed values. */
class RunAllBrowserTest {
    private static String experiment(String id, String title) {
        return """
                ```python experiment
                # id: %s
                # title: %s
                # chart: table
                # param: n = 2000 in 1000..100000 -- Iterations
                # param: kind = sum in sum|max -- Kind
                import gillab as lab
                p = lab.params()
                lab.metric("n", p.n)
                ```

                Some prose between the experiments, long enough to push the next one down the page.

                """.formatted(id, title) + "Filler line.\n\n".repeat(40);
    }

    private final TestApp app = TestApp.withLessons(Map.of("lab.md",
            lesson("Lab", 1, experiment("first", "First") + experiment("second", "Second"))));

    private static WebDriverWait waiting(ChromeDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(90));
    }

    @Test
    void runAllSaysItUsesThePageValuesOffersAResetAndNamesTheValuesEachRunChanged() {
        JavalinTest.test(app.create(), (server, client) -> {
            ChromeDriver browser = Browser.open("1280x900");
            try {
                browser.executeCdpCommand("Emulation.setEmulatedMedia",
                        Map.of("features", List.of(Map.of("name", "prefers-reduced-motion", "value", "reduce"))));
                browser.get(client.getOrigin() + "/lessons/lab");
                WebElement note = browser.findElement(By.cssSelector(".run-all-values"));
                WebElement reset = browser.findElement(By.cssSelector(".reset-all-params"));
                assertThat(note.getText()).isEqualTo("Run all uses the values shown on the page.");
                assertThat(reset.isDisplayed()).isFalse();

                WebElement n = browser.findElement(By.id("second-n"));
                n.sendKeys(Keys.chord(Keys.CONTROL, "a"), "3000");
                assertThat(note.getText()).isEqualTo("Run all uses the values shown on the page: 1 differs from the lesson's (in Second).");
                assertThat(reset.isDisplayed()).isTrue();
                browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", reset);  // back up to the page's tools
                reset.click();
                assertThat(n.getAttribute("value")).isEqualTo("2000");
                assertThat(browser.findElement(By.id("second-n-slider")).getAttribute("value")).isEqualTo("2000");
                assertThat(reset.isDisplayed()).isFalse();

                n.sendKeys(Keys.chord(Keys.CONTROL, "a"), "30000");
                new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("second-kind"))).selectByValue("max");
                browser.executeScript("window.finished = [];"
                        + "document.addEventListener('gillab:finished', (e) => window.finished.push(e.detail.experiment));");
                WebElement all = browser.findElement(By.cssSelector(".run-all"));
                browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", all);
                all.click();
                waiting(browser).until(d -> browser.findElement(By.cssSelector(".run-all-status")).getText().equals("Ran all 2 experiments."));
                waiting(browser).until(d -> ((List<?>) browser.executeScript("return window.finished")).size() == 2);

                assertThat(browser.executeScript("return window.finished")).as("page order").isEqualTo(List.of("first", "second"));
                assertThat(browser.findElement(By.cssSelector("#experiment-first .run-params")).isDisplayed()).isFalse();
                WebElement said = browser.findElement(By.cssSelector("#experiment-second .run-params"));
                assertThat(said.getText()).isEqualTo("Ran with n=30,000 (changed from 2000), kind=max (changed from sum).");
                Object inView = browser.executeScript("const r = document.querySelector('#experiment-second .run-result')"
                        + ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;");
                assertThat(inView).as("the last result was scrolled into view").isEqualTo(true);
            } finally {
                browser.quit();
            }
        });
    }
}
