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
import java.util.List;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** A student working through a lesson page: editing, parameters, history, comparing, reloading, keyboard only. */
class NotebookBrowserTest {
    private static final String EXPERIMENT = """
            ```python experiment
            # id: tiny
            # title: Two sums
            # chart: bar
            # repetitions: 1
            # predict: Which is faster?
            # options: short | long
            # param: n = 2000 in 1000..100000 -- Iterations
            import gillab as lab
            p = lab.params()
            print("n is", p.n)
            lab.compare({"short": lambda: sum(range(p.n)), "long": lambda: sum(range(p.n * 2))})
            ```
            """;

    private final TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1, EXPERIMENT)));

    private interface Scenario {
        void run(ChromeDriver browser, String origin) throws Exception;
    }

    private void withBrowser(String size, Scenario scenario) {
        JavalinTest.test(app.create(), (server, client) -> {
            ChromeDriver browser = Browser.open(size);
            try {
                scenario.run(browser, client.getOrigin());
            } finally {
                browser.quit();
            }
        });
    }

    private static WebDriverWait waiting(ChromeDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(90));
    }

    /** Waits until the experiment's result shows the given stdout line (a run with exactly that input ended). */
    private static void waitForOutput(ChromeDriver browser, WebElement section, String line) {
        waiting(browser).until(d -> {
            List<WebElement> canvas = section.findElements(By.cssSelector(".run-result canvas"));
            return !canvas.isEmpty() && section.findElement(By.cssSelector(".run-result")).getAttribute("textContent").contains(line);
        });
    }

    private static WebElement experiment(ChromeDriver browser) {
        return browser.findElement(By.id("experiment-tiny"));
    }

    private static void setNumber(WebElement input, String value) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), value);
    }

    @Test
    void editingTheCodeAndPressingShiftEnterDrawsANewChartAndAResetSurvivesAReload() {
        withBrowser("1280x900", (browser, origin) -> {
            browser.get(origin + "/lessons/lab");
            WebElement section = experiment(browser);
            section.findElement(By.cssSelector(".prediction input[value=short]")).click();
            section.findElement(By.cssSelector(".CodeMirror")).click();
            new Actions(browser).keyDown(Keys.CONTROL).sendKeys(Keys.END).keyUp(Keys.CONTROL)
                    .sendKeys(Keys.ENTER, "print('edited in the browser')")
                    .keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();

            waitForOutput(browser, section, "edited in the browser");
            assertThat(section.findElement(By.cssSelector(".code-edited")).isDisplayed()).isTrue();
            waiting(browser).until(ExpectedConditions.textToBePresentInElement(section.findElement(By.cssSelector(".history")), "edited code"));

            // The run scrolled its result into view; the editor's toolbar is scrolled back to, as a student would.
            WebElement reset = section.findElement(By.cssSelector(".reset-code"));
            browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", reset);
            reset.click();
            assertThat(browser.executeScript("return document.getElementById('code-tiny').value"))
                    .isEqualTo(browser.executeScript("return document.getElementById('code-tiny').dataset.lessonCode"));
            assertThat(section.findElement(By.cssSelector(".code-edited")).isDisplayed()).isFalse();

            browser.navigate().refresh();
            WebElement reloaded = experiment(browser);
            assertThat(browser.executeScript("return document.getElementById('code-tiny').gilEditor.getValue()"))
                    .as("the reset survives a reload").isEqualTo(browser.executeScript("return document.getElementById('code-tiny').dataset.lessonCode"));
            assertThat(reloaded.findElement(By.cssSelector(".code-edited")).isDisplayed()).isFalse();
        });
    }

    @Test
    void aSyntaxErrorIsSaidOnceAndItsLineIsMarkedInTheEditorUntilTheNextEdit() {
        withBrowser("1280x900", (browser, origin) -> {
            browser.get(origin + "/lessons/lab");
            WebElement section = experiment(browser);
            section.findElement(By.cssSelector(".prediction input[value=short]")).click();
            browser.executeScript("document.getElementById('code-tiny').gilEditor.setValue('import gillab as lab\\nx = (1,\\nprint(x')");
            section.findElement(By.cssSelector(".run-button")).click();

            waiting(browser).until(d -> !section.findElements(By.cssSelector(".run-result .gr-callout.gr-error")).isEmpty());
            String message = "SyntaxError: '(' was never closed (line 3)";
            assertThat(section.findElement(By.cssSelector(".run-result .gr-callout.gr-error")).getText()).contains(message);
            assertThat(section.findElement(By.cssSelector(".run-finished")).isDisplayed()).as("the status line").isFalse();
            assertThat(section.findElement(By.cssSelector(".run-result details.gr-output")).getAttribute("open"))
                    .as("the traceback is folded").isNull();
            assertThat(section.getText().split("was never closed", -1)).as("the message is on the page once").hasSize(2);
            assertThat(browser.executeScript("const lines = [...document.querySelectorAll('#experiment-tiny .CodeMirror-code > div')];"
                    + "return lines.findIndex(l => l.querySelector('.code-error-line')) + 1")).isEqualTo(3L);

            browser.executeScript("document.getElementById('code-tiny').gilEditor.replaceRange(')', {line: 2, ch: 7})");
            assertThat(section.findElements(By.cssSelector(".code-error-line"))).isEmpty();
        });
    }

    @Test
    void aBadParameterIsExplainedInlineAndAGoodOneRunsWithThatValue() {
        withBrowser("1280x900", (browser, origin) -> {
            browser.get(origin + "/lessons/lab");
            WebElement section = experiment(browser);
            section.findElement(By.cssSelector(".prediction input[value=long]")).click();
            WebElement n = section.findElement(By.id("tiny-n"));

            setNumber(n, "5");
            section.findElement(By.cssSelector(".run-button")).click();
            WebElement error = section.findElement(By.id("tiny-n-error"));
            assertThat(error.getText()).isEqualTo("Iterations must be between 1000 and 100000.");
            assertThat(n.getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(section.findElement(By.cssSelector(".run-area")).getAttribute("childElementCount")).isEqualTo("0");

            setNumber(n, "3456");
            assertThat(error.isDisplayed()).isFalse();
            assertThat(section.findElement(By.id("tiny-n-slider")).getAttribute("value")).isEqualTo("3456");
            section.findElement(By.cssSelector(".run-button")).click();
            waitForOutput(browser, section, "n is 3456");
        });
    }

    @Test
    void twoRunsOfTheHistoryCanBeOverlaidOnOneChart() {
        withBrowser("1280x900", (browser, origin) -> {
            browser.get(origin + "/lessons/lab");
            WebElement section = experiment(browser);
            section.findElement(By.cssSelector(".prediction input[value=short]")).click();
            for (String value : new String[]{"2000", "4000"}) {
                setNumber(section.findElement(By.id("tiny-n")), value);
                section.findElement(By.cssSelector(".run-button")).click();
                waitForOutput(browser, section, "n is " + value);
            }
            waiting(browser).until(d -> section.findElements(By.cssSelector(".history-item .compare-pick:enabled")).size() == 2);
            section.findElements(By.cssSelector(".history-item .compare-pick")).forEach(WebElement::click);
            section.findElement(By.cssSelector(".compare-button")).click();

            waiting(browser).until(d -> section.findElement(By.cssSelector(".run-area")).getText().startsWith("Comparing 2 runs"));
            Object labels = browser.executeScript("const c = Chart.getChart(arguments[0].querySelector('.run-result canvas'));"
                    + "return JSON.stringify(c.data.datasets.map(d => d.label).concat(c.data.labels));", section);
            assertThat((String) labels).contains("n=2000").contains("n=4000");
        });
    }

    @Test
    void afterAReloadTheLatestResultHistoryAndProgressAreStillThere() {
        withBrowser("1280x900", (browser, origin) -> {
            browser.get(origin + "/lessons/lab");
            WebElement section = experiment(browser);
            section.findElement(By.cssSelector(".run-button")).click();
            assertThat(section.findElement(By.cssSelector(".prediction-nudge")).isDisplayed())
                    .as("the first run asks for a prediction once").isTrue();
            section.findElement(By.cssSelector(".prediction input[value=long]")).click();
            section.findElement(By.cssSelector(".run-button")).click();
            waitForOutput(browser, section, "n is 2000");

            browser.navigate().refresh();
            WebElement again = experiment(browser);
            waitForOutput(browser, again, "n is 2000");
            assertThat(again.findElement(By.cssSelector(".history summary")).getText()).isEqualTo("Your run");
            assertThat(again.findElement(By.cssSelector(".prediction input[value=long]")).isSelected()).isTrue();
            assertThat(browser.findElement(By.cssSelector(".toc-experiments li[data-experiment=tiny]")).getAttribute("class"))
                    .contains("ran").contains("predicted");

            browser.get(origin + "/");
            assertThat(browser.findElement(By.cssSelector(".lesson-progress-text")).getText()).isEqualTo("1 of 1 run, 1 prediction");
        });
    }

    @Test
    void aStudentCanRunAnExperimentWithTheKeyboardAlone() {
        withBrowser("1280x900", (browser, origin) -> {
            browser.get(origin + "/lessons/lab");
            tabUntil(browser, "document.activeElement.matches('.prediction input[type=radio]')");
            new Actions(browser).sendKeys(Keys.SPACE).perform();
            tabUntil(browser, "document.activeElement.closest('.CodeMirror') !== null");
            new Actions(browser).keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
            waitForOutput(browser, experiment(browser), "n is 2000");

            new Actions(browser).sendKeys(Keys.ESCAPE).perform();
            assertThat(browser.executeScript("return document.activeElement.className")).isEqualTo("run-button");
            // The new run is listed, and the list opened, once it has ended.
            waiting(browser).until(d -> !d.findElements(By.cssSelector(".history details[open] .show-run")).isEmpty());
            tabUntil(browser, "document.activeElement.matches('.show-run')");
            assertThat(browser.executeScript("const s = getComputedStyle(document.activeElement); return s.outlineStyle"))
                    .as("focus is visible").isEqualTo("solid");
            new Actions(browser).sendKeys(Keys.ENTER).perform();
            waiting(browser).until(d -> experiment(browser).findElement(By.cssSelector(".run-area")).getText().startsWith("Showing your run of"));
        });
    }

    /** Presses Tab until the condition holds; fails when it never does within a page's worth of stops. */
    private static void tabUntil(ChromeDriver browser, String condition) {
        for (int i = 0; i < 60; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            if (Boolean.TRUE.equals(browser.executeScript("return " + condition))) {
                return;
            }
        }
        throw new AssertionError("Tab never reached: " + condition);
    }

    @Test
    void darkModeFollowsTheSystemAndTheToggleOverridesIt() {
        withBrowser("1280x900", (browser, origin) -> {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                    List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            browser.get(origin + "/lessons/lab");
            assertThat(brightness(browser, "body")).as("page in dark mode").isLessThan(60);
            assertThat(brightness(browser, ".CodeMirror")).as("editor in dark mode").isLessThan(60);

            browser.findElement(By.id("theme-toggle")).click();
            assertThat(browser.findElement(By.tagName("html")).getAttribute("data-theme")).isEqualTo("light");
            assertThat(brightness(browser, "body")).isGreaterThan(200);
            assertThat(brightness(browser, ".CodeMirror")).isGreaterThan(200);
        });
    }

    /** The mean of the red, green and blue of an element's background. */
    private static int brightness(ChromeDriver browser, String selector) {
        Object value = browser.executeScript("const rgb = getComputedStyle(document.querySelector(arguments[0])).backgroundColor"
                + ".match(/\\d+/g).map(Number); return Math.round((rgb[0] + rgb[1] + rgb[2]) / 3);", selector);
        return ((Number) value).intValue();
    }

    @Test
    void aPhoneShowsTheEditorAndAResultWithoutHorizontalScrolling() {
        withBrowser("390x844", (browser, origin) -> {
            browser.get(origin + "/lessons/lab");
            assertThat(browser.executeScript("return window.innerWidth")).isEqualTo(390L);
            WebElement section = experiment(browser);
            section.findElement(By.cssSelector(".prediction input[value=short]")).click();
            section.findElement(By.cssSelector(".run-button")).click();
            waitForOutput(browser, section, "n is 2000");
            for (String path : new String[]{"/lessons/lab", "/", "/me"}) {
                browser.get(origin + path);
                Object overflow = browser.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(((Number) overflow).intValue()).as(path).isLessThanOrEqualTo(0);
            }
        });
    }
}
