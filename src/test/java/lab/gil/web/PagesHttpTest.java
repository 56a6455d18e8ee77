package lab.gil.web;

import io.javalin.testtools.JavalinTest;
import lab.gil.support.TestApp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

class PagesHttpTest {
    private final TestApp app = TestApp.withLessons(Map.of(
            "first.md", lesson("First steps", 1, "Intro.\n\n## Part one\n\n```python\nprint('hi')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
            "second.md", lesson("Second steps", 2, "More."),
            "broken.md", "---\ntitle: Broken\norder: 3\nsummary: s\n---\n\n```python experiment\n# id: x\n# chart: pie\npass\n```\n"));

    @Test
    void indexListsLessonsInOrderAndFlagsBrokenOnes() {
        JavalinTest.test(app.create(), (server, client) -> {
            var response = client.get("/");
            assertThat(response.code()).isEqualTo(200);
            Document page = Jsoup.parse(response.body().string());
            assertThat(page.select(".lesson-title").eachText()).containsExactly("First steps", "Second steps", "Broken");
            assertThat(page.select(".lesson-card.broken .lesson-title").text()).isEqualTo("Broken");
        });
    }

    @Test
    void lessonPageRendersMarkdownWithTocAndNeighbours() {
        JavalinTest.test(app.create(), (server, client) -> {
            Document page = Jsoup.parse(client.get("/lessons/first").body().string());
            assertThat(page.select("h1").text()).isEqualTo("First steps");
            assertThat(page.select(".prose h2#part-one").text()).isEqualTo("Part one");
            assertThat(page.select(".toc a[href=#part-one]")).hasSize(1);
            assertThat(page.select(".prose table td").eachText()).containsExactly("1", "2");
            assertThat(page.select(".prose pre code.language-python").text()).isEqualTo("print('hi')");
            assertThat(page.select(".pager-next").attr("href")).isEqualTo("/lessons/second");
            assertThat(page.select(".pager-prev")).isEmpty();
        });
    }

    @Test
    void lessonPageLoadsHtmxAndChartJsFromWebJars() {
        JavalinTest.test(app.create(), (server, client) -> {
            Document page = Jsoup.parse(client.get("/lessons/first").body().string());
            var scripts = page.select("script[src]").eachAttr("src");
            assertThat(scripts).anySatisfy(src -> assertThat(src).matches("/webjars/htmx\\.org/[\\d.]+/dist/htmx\\.min\\.js"));
            assertThat(scripts).anySatisfy(src -> assertThat(src).matches("/webjars/chart\\.js/[\\d.]+/dist/chart\\.umd\\.min\\.js"));
            for (String src : scripts) {
                assertThat(client.get(src).code()).as(src).isEqualTo(200);
            }
            for (String href : page.select("link[rel=stylesheet]").eachAttr("href")) {
                assertThat(client.get(href).code()).as(href).isEqualTo(200);
            }
        });
    }

    @Test
    void brokenLessonShowsAnErrorCardWithFileAndLine() {
        JavalinTest.test(app.create(), (server, client) -> {
            var response = client.get("/lessons/broken");
            assertThat(response.code()).isEqualTo(200);
            Document page = Jsoup.parse(response.body().string());
            assertThat(page.select(".error-card code").eachText())
                    .anySatisfy(text -> assertThat(text).endsWith("broken.md:9: unknown chart 'pie' (one of bar, strip, line, timeline, table)"))
                    .anySatisfy(text -> assertThat(text).endsWith("broken.md:7: experiment has no '# title:' line"));
        });
    }

    @Test
    void unknownLessonIsAProper404Page() {
        JavalinTest.test(app.create(), (server, client) -> {
            var response = client.get("/lessons/no-such-lesson");
            assertThat(response.code()).isEqualTo(404);
            Document page = Jsoup.parse(response.body().string());
            assertThat(page.select("h1").text()).isEqualTo("Page not found");
            assertThat(page.select("a[href=/]")).isNotEmpty();
        });
    }

    @Test
    void pathTraversalNeverServesAFile() {
        JavalinTest.test(app.create(), (server, client) -> {
            for (String path : new String[]{"/lessons/..%2F..%2Fpom.xml", "/lessons/..%2Ffirst", "/static/..%2F..%2Fpom.xml",
                    "/static/../../pom.xml", "/webjars/..%2F..%2Fpom.xml", "/lessons/first.md"}) {
                var response = client.get(path);
                assertThat(response.code()).as(path).isIn(400, 404);
                assertThat(response.body().string()).as(path).doesNotContain("<artifactId>").doesNotContain("title: First");
            }
        });
    }

    @Test
    void everyResponseCarriesAStrictContentSecurityPolicy() {
        JavalinTest.test(app.create(), (server, client) -> {
            String csp = String.join(" ", client.get("/").headers().get("Content-Security-Policy"));
            assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline");
        });
    }

    @Test
    void healthReportsDatabaseAndLessons() {
        JavalinTest.test(app.create(), (server, client) -> {
            var response = client.get("/health");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).contains("\"status\":\"ok\"").contains("\"lessons\":3").contains("\"brokenLessons\":1");
        });
    }

    @Test
    void apiListsLessonsWithTheirExperiments() {
        JavalinTest.test(app.create(), (server, client) -> {
            String body = client.get("/api/lessons").body().string();
            assertThat(body).contains("\"slug\":\"first\"").contains("\"title\":\"Second steps\"").contains("broken.md:9");
        });
    }
}
