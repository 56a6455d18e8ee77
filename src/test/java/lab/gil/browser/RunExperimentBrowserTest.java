package lab.gil.browser;

import io.javalin.testtools.JavalinTest;
import lab.gil.support.Browser;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

class RunExperimentBrowserTest {
    private static final String EXPERIMENT = """
            ```python experiment
            # id: two-variants
            # title: Two variants
            # chart: bar
            # repetitions: 3
            # predict: Which is faster?
            # options: short | long
            # param: n = 20000 in 1000..100000 -- Iterations
            import gillab as lab
            p = lab.params()
            def short():
                sum(range(p.n))
            def long():
                sum(range(p.n * 4))
            print("hello from the experiment")
            lab.compare({"short": short, "long": long})
            ```
            """;

    private final TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1, EXPERIMENT)));

    @Test
    void pressingRunDrawsAChartWithItsDataTable() {
        JavalinTest.test(app.create(), (server, client) -> {
            ChromeDriver browser = Browser.open("1280x900");
            try {
                browser.get(client.getOrigin() + "/lessons/lab");
                WebElement section = browser.findElement(By.id("experiment-two-variants"));
                section.findElement(By.cssSelector(".prediction input[value=short]")).click();
                section.findElement(By.cssSelector("button.run-button")).click();

                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(section, By.cssSelector(".run-result canvas")));

                Object drawnPoints = browser.executeScript(
                        "const c = Chart.getChart(arguments[0].querySelector('.run-result canvas'));"
                                + "return c ? c.data.datasets.reduce((n, d) => n + d.data.length, 0) : 0;", section);
                assertThat(((Number) drawnPoints).intValue()).isGreaterThanOrEqualTo(2);
                List<String> cells = section.findElements(By.cssSelector(".run-result table td, .run-result table th"))
                        .stream().map(e -> e.getAttribute("textContent")).toList();
                assertThat(cells).anySatisfy(text -> assertThat(text).contains("short"));
                assertThat(cells).anySatisfy(text -> assertThat(text).contains("long"));
                assertThat(section.findElement(By.cssSelector(".run-result")).getAttribute("textContent"))
                        .contains("hello from the experiment");
            } finally {
                browser.quit();
            }
        });
    }
}
