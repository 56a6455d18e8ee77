package lab.gil.interpreter;

import io.javalin.testtools.JavalinTest;
import lab.gil.App;
import lab.gil.Config;
import lab.gil.run.RunPipeline;
import lab.gil.support.Browser;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

class CompareInterpretersBrowserTest {
    private static final String EXPERIMENT = """
            ```python experiment
            # id: loop
            # title: A loop
            # chart: bar
            # repetitions: 2
            # param: n = 20000 in 1000..100000 -- Iterations
            import gillab as lab
            p = lab.params()
            lab.compare({"short": lambda: sum(range(p.n)), "long": lambda: sum(range(p.n * 4))})
            ```
            """;

    private final TestApp lessons = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1, EXPERIMENT)));

    @TempDir
    Path dir;

    @Test
    void runningOnEveryInterpreterDrawsOneChartAndNamesTheOneThatIsGone() throws Exception {
        RealPypy.require(Path.of("/usr/bin/pypy3"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path vanishing = Files.createSymbolicLink(dir.resolve("python3-vanishing"), Path.of("/usr/bin/python3"));
        Config config = Config.fromEnv(Map.of("GILLAB_LESSONS", lessons.lessons.toString(), "GILLAB_WARM_INTERPRETERS", "0",
                "GILLAB_INTERPRETERS", "python3=/usr/bin/python3,pypy3=/usr/bin/pypy3,vanishing=" + vanishing));
        var app = App.create(new App.Deps(config, lessons.dataSource, lessons.catalog, RunPipeline.start(config, lessons.dataSource, lessons.catalog)));
        Files.delete(vanishing);

        JavalinTest.test(app, (server, client) -> {
            ChromeDriver browser = Browser.open("1280x900");
            try {
                browser.get(client.getOrigin() + "/lessons/lab");
                WebElement section = browser.findElement(By.id("experiment-loop"));
                WebElement button = section.findElement(By.cssSelector(".compare-interpreters"));
                assertThat(button.getText()).isEqualTo("Run on all 3 interpreters");
                button.click();

                new WebDriverWait(browser, Duration.ofSeconds(120))
                        .until(ExpectedConditions.presenceOfNestedElementLocatedBy(section, By.cssSelector(".run-result canvas")));

                Object datasets = browser.executeScript("const c = Chart.getChart(arguments[0].querySelector('.run-result canvas'));"
                        + "return c.data.datasets.map(d => d.label).join('|');", section);
                assertThat((String) datasets).contains("python3").contains("pypy3").doesNotContain("vanishing");
                String result = section.findElement(By.cssSelector(".run-result")).getAttribute("textContent");
                assertThat(result).contains("CPython").contains("PyPy");
                List<String> notes = section.findElements(By.cssSelector(".run-area .run-note")).stream().map(WebElement::getText).toList();
                assertThat(notes).as("the finished runs in one line, so the chart stays near the top").containsExactly(
                        "Finished on 2 of 3 interpreters: python3, pypy3.",
                        "vanishing: The interpreter vanishing is not available on this server any more.");
                assertThat(button.isEnabled()).isTrue();
                @SuppressWarnings("unchecked")
                List<String> reads = (List<String>) browser.executeScript("return performance.getEntriesByType('resource')"
                        + ".map(e => new URL(e.name).pathname).filter(p => /^\\/api\\/runs\\/[^/]+$/.test(p) && p !== '/api/runs/compare')");
                assertThat(reads).as("each run is read once, when its event stream says it ended, not polled").hasSize(3).doesNotHaveDuplicates();
                new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage("the runs are listed in the history without a reload")
                        .until(d -> section.findElements(By.cssSelector(".history-item")).size() >= 2);
                assertThat(browser.findElement(By.cssSelector(".toc-experiments li[data-experiment=loop]")).getAttribute("class")).contains("ran");
                List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
                assertThat(errors).isEmpty();
            } finally {
                browser.quit();
            }
        });
    }
}
