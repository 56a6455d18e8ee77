package lab.gil.interpreter;

import io.javalin.testtools.JavalinTest;
import lab.gil.support.TestApp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** A lesson's ```interpreters block: what the server runs experiments on, or how an operator adds a GIL-free build. */
class InterpreterListHttpTest {
    private static final Map<String, String> LESSON = Map.of("lab.md", lesson("Lab", 1, "Before.\n\n```interpreters\n```\n\nAfter.\n"));

    private static Document page(String interpreters) {
        TestApp app = TestApp.withLessons(LESSON, Map.of("GILLAB_INTERPRETERS", interpreters));
        Document[] page = new Document[1];
        JavalinTest.test(app.create(), (server, client) -> page[0] = Jsoup.parse(client.get("/lessons/lab").body().string()));
        return page[0];
    }

    @Test
    void withoutAFreeThreadedBuildThePageSaysHowAnOperatorAddsOne() {
        Document page = page("python3=/usr/bin/python3");

        String list = page.select(".server-interpreters").text();
        assertThat(list).contains("This server has no free-threaded build", "sudo bin/install-free-threaded");
        assertThat(page.select(".server-interpreters li").eachText()).containsExactly("python3 CPython 3.11.2, GIL on");
        assertThat(page.select(".prose").eachText()).containsExactly("Before.", "After.");
    }

    @Test
    void withAFreeThreadedBuildThePageListsTheGilOnAndOff() {
        Document page = page("python3=/usr/bin/python3,ft=" + InterpreterDiscoveryTest.FAKES.resolve("free-threaded"));

        String list = page.select(".server-interpreters").text();
        assertThat(list).contains("with the GIL on and off").doesNotContain("install-free-threaded");
        assertThat(page.select(".server-interpreters li").eachText()).containsExactly("python3 CPython 3.11.2, GIL on",
                "ft CPython 3.13.1, GIL off (free-threaded build)", "ft+gil CPython 3.13.1, GIL on (free-threaded build)");
    }
}
