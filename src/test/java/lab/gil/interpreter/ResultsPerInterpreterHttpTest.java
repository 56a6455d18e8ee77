package lab.gil.interpreter;

import io.javalin.testtools.JavalinTest;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** The course results table gives an experiment run on several interpreters one row per interpreter. */
class ResultsPerInterpreterHttpTest {
    private static final String COOKIE = "gillab_student=0123456789abcdef0123456789abcdec";

    @Test
    void anExperimentRunOnTwoInterpretersHasARowForEachNamingItAndItsGil() {
        RealPypy.require(Path.of("/usr/bin/pypy3"));
        TestApp app = TestApp.withLessons(Map.of(
                "lab.md", lesson("Lab", 1, "```python experiment\n# id: quick\n# title: Quick\n# chart: table\n"
                        + "import gillab as lab\nlab.metric('x', 1)\nlab.summary('Measured.')\n```\n\n"
                        + "```python experiment\n# id: once\n# title: Once\n# chart: table\nimport gillab as lab\nlab.summary('Once.')\n```\n"),
                "end.md", lesson("End", 2, "```results\n```\n")),
                Map.of("GILLAB_INTERPRETERS", "python3=/usr/bin/python3,pypy3=/usr/bin/pypy3"));
        JavalinTest.test(app.create(), (server, client) -> {
            for (String body : new String[]{"{\"lesson\":\"lab\",\"experiment\":\"quick\",\"interpreter\":\"pypy3\"}",
                    "{\"lesson\":\"lab\",\"experiment\":\"quick\"}", "{\"lesson\":\"lab\",\"experiment\":\"once\"}"}) {
                assertThat(Runs.awaitFinished(client, Runs.submit(client.getOrigin(), body, COOKIE)).path("status").asText()).isEqualTo("done");
            }

            Document page = Jsoup.parse(Runs.page(client.getOrigin(), "/lessons/end", COOKIE));
            assertThat(page.select(".course-results tbody tr th").eachText())
                    .containsExactly("Quick Lab on pypy3, GIL on", "Quick Lab on python3, GIL on", "Once Lab");
            assertThat(page.select(".course-results tbody tr td:nth-of-type(2)").eachText())
                    .allSatisfy(text -> assertThat(text).contains("open run"));
        });
    }
}
