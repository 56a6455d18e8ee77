package lab.gil.browser;

import io.javalin.testtools.JavalinTest;
import lab.gil.lesson.Lesson;
import lab.gil.support.Browser;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleBrowserTest {
    private final TestApp app = TestApp.withShippedLessons();

    @Test
    void noPageOfTheCourseLogsAnErrorToTheConsole() {
        JavalinTest.test(app.create(), (server, client) -> {
            ChromeDriver browser = Browser.open("1280x900");
            try {
                List<String> pages = new ArrayList<>(List.of("/", "/me"));
                app.catalog.lessons().stream().map(Lesson::slug).forEach(slug -> pages.add("/lessons/" + slug));
                assertThat(pages).hasSizeGreaterThan(3);
                List<String> errors = new ArrayList<>();
                for (String page : pages) {
                    browser.get(client.getOrigin() + page);
                    // Lets the scripts that run on load finish before the log is read.
                    browser.executeAsyncScript("requestAnimationFrame(() => setTimeout(arguments[arguments.length - 1], 100))");
                    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
                        if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                            errors.add(page + ": " + entry.getMessage());
                        }
                    }
                }
                assertThat(errors).isEmpty();
            } finally {
                browser.quit();
            }
        });
    }
}
