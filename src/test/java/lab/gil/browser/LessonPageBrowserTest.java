package lab.gil.browser;

import io.javalin.testtools.JavalinTest;
import lab.gil.support.Browser;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.assertj.core.api.Assertions.assertThat;

class LessonPageBrowserTest {
    private final TestApp app = TestApp.withShippedLessons();

    @Test
    void lessonPageLoadsHtmxAndChartJsInARealBrowser() {
        JavalinTest.test(app.create(), (server, client) -> {
            ChromeDriver browser = Browser.open("1280x900");
            try {
                browser.get(client.getOrigin() + "/lessons/the-gil");
                assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("The global interpreter lock");
                assertThat(browser.executeScript("return typeof window.htmx === 'object' && typeof window.htmx.ajax === 'function'")).isEqualTo(true);
                assertThat(browser.executeScript("return typeof window.Chart === 'function' && typeof window.Chart.version === 'string'")).isEqualTo(true);
            } finally {
                browser.quit();
            }
        });
    }

    @Test
    void phoneWidthHasNoHorizontalScrolling() {
        JavalinTest.test(app.create(), (server, client) -> {
            ChromeDriver browser = Browser.open("390x844");
            try {
                for (String path : new String[]{"/", "/me", "/lessons/the-gil", "/lessons/sync-vs-async", "/lessons/concurrent-vs-parallel",
                        "/lessons/threads-vs-processes", "/lessons/event-loop", "/lessons/summary", "/lessons/no-such-page"}) {
                    browser.get(client.getOrigin() + path);
                    assertThat(browser.executeScript("return window.innerWidth")).as(path).isEqualTo(390L);
                    Object overflow = browser.executeScript(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                    assertThat(((Number) overflow).intValue()).as(path).isLessThanOrEqualTo(0);
                }
            } finally {
                browser.quit();
            }
        });
    }
}
