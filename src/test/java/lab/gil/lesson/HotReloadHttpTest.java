package lab.gil.lesson;

import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import lab.gil.App;
import lab.gil.run.RunPipeline;
import lab.gil.support.SteppedClock;
import lab.gil.support.TestApp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Editing the lessons folder of a running server: the production catalog looks at the folder at most once a
 * second, so each step moves a hand-driven clock past that second instead of sleeping.
 */
class HotReloadHttpTest {
    private static final String EXPERIMENT = "```python experiment\n# id: demo\n# title: A demo\n# chart: %s\nimport gillab as lab\nlab.metric('x', 1)\n```";

    private final TestApp app = TestApp.withLessons(Map.of("keep.md", lesson("Kept lesson", 1, "Stays put.")));
    private final SteppedClock clock = new SteppedClock();
    private final LessonCatalog catalog = new LessonCatalog(app.lessons, Duration.ofSeconds(1), clock);

    private Javalin server() {
        return App.create(new App.Deps(app.config, app.dataSource, catalog, RunPipeline.start(app.config, app.dataSource, catalog)));
    }

    @Test
    void addEditBreakFixAndDeleteShowOnTheNextPageLoadWithoutARestart() throws IOException {
        Path file = app.lessons.resolve("fresh.md");
        JavalinTest.test(server(), (server, client) -> {
            assertThat(titles(client)).containsExactly("Kept lesson");

            Files.writeString(file, lesson("Fresh lesson", 2, "Just added."));
            assertThat(titles(client)).as("the folder is looked at once a second, not on every request").containsExactly("Kept lesson");
            clock.pass(Duration.ofSeconds(1));
            assertThat(titles(client)).containsExactly("Kept lesson", "Fresh lesson");
            assertThat(page(client, "/lessons/fresh").select(".lesson .prose").text()).isEqualTo("Just added.");

            Files.writeString(file, lesson("Fresh lesson, edited", 2, "Edited text.\n\n" + EXPERIMENT.formatted("table")));
            clock.pass(Duration.ofSeconds(1));
            Document edited = page(client, "/lessons/fresh");
            assertThat(edited.select("h1").text()).isEqualTo("Fresh lesson, edited");
            assertThat(edited.select("#experiment-demo")).hasSize(1);

            Files.writeString(file, lesson("Fresh lesson, edited", 2, "Edited text.\n\n" + EXPERIMENT.formatted("pie")));
            clock.pass(Duration.ofSeconds(1));
            Document broken = page(client, "/lessons/fresh");
            assertThat(broken.select(".error-card code").eachText())
                    .anySatisfy(text -> assertThat(text).endsWith("fresh.md:12: unknown chart 'pie' (one of bar, strip, line, timeline, table)"));
            assertThat(broken.select("#experiment-demo")).isEmpty();
            assertThat(page(client, "/").select(".lesson-card.broken .lesson-title").eachText()).containsExactly("Fresh lesson, edited");
            assertThat(page(client, "/lessons/keep").select(".lesson .prose").text()).isEqualTo("Stays put.");

            Files.writeString(file, lesson("Fresh lesson, fixed", 2, "Edited text.\n\n" + EXPERIMENT.formatted("bar")));
            clock.pass(Duration.ofSeconds(1));
            Document fixed = page(client, "/lessons/fresh");
            assertThat(fixed.select(".error-card")).isEmpty();
            assertThat(fixed.select("#experiment-demo")).hasSize(1);

            Files.delete(file);
            clock.pass(Duration.ofSeconds(1));
            assertThat(client.get("/lessons/fresh").code()).isEqualTo(404);
            assertThat(titles(client)).containsExactly("Kept lesson");
        });
    }

    @Test
    void frontMatterThatIsNotYamlShowsAnErrorCardAtItsLine() throws IOException {
        Files.writeString(app.lessons.resolve("bad-yaml.md"), "---\ntitle: Bad YAML\norder: 2\nsummary: [unclosed\n---\n\nProse.\n");
        clock.pass(Duration.ofSeconds(1));
        JavalinTest.test(server(), (server, client) -> {
            Document broken = page(client, "/lessons/bad-yaml");
            assertThat(broken.select(".error-card code").eachText()).singleElement().asString()
                    .endsWith("bad-yaml.md:4: front matter is not valid YAML: while parsing a flow sequence, "
                            + "expected ',' or ']', but got the end of the front matter");
            assertThat(page(client, "/lessons/keep").select(".lesson .prose").text()).isEqualTo("Stays put.");
        });
    }

    private static Document page(HttpClient client, String path) {
        var response = client.get(path);
        assertThat(response.code()).as(path).isEqualTo(200);
        return Jsoup.parse(response.body().string());
    }

    private static List<String> titles(HttpClient client) {
        return page(client, "/").select(".lesson-title").eachText();
    }

}
