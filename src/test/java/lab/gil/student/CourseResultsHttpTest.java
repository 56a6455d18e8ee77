package lab.gil.student;

import io.javalin.testtools.JavalinTest;
import lab.gil.support.ComparedExperiments;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

class CourseResultsHttpTest {
    private static final String COOKIE = "gillab_student=0123456789abcdef0123456789abcdef";

    private final TestApp app = TestApp.withLessons(Map.of(
            "lab.md", lesson("Lab", 1, """
                    ```python experiment
                    # id: quick
                    # title: A quick one
                    # chart: table
                    # predict: How much?
                    # options: little | lots
                    import gillab as lab
                    lab.metric("x", 1)
                    lab.summary("Measured little.")
                    ```

                    ```python experiment
                    # id: untried
                    # title: Never run
                    # chart: table
                    pass
                    ```
                    """),
            "end.md", lesson("End", 2, "Your table:\n\n```results\n```\n")));


    @Test
    void theResultsBlockListsEveryExperimentWithTheStudentsPredictionAndMeasurement() {
        JavalinTest.test(app.create(), (server, client) -> {
            String id = Runs.submit(client.getOrigin(), "{\"lesson\":\"lab\",\"experiment\":\"quick\",\"prediction\":\"lots\"}", COOKIE);
            assertThat(Runs.awaitFinished(client, id).path("status").asText()).isEqualTo("done");

            Document mine = Jsoup.parse(Runs.page(client.getOrigin(), "/lessons/end", COOKIE));
            var rows = mine.select(".course-results tbody tr");
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).select("th a").attr("href")).isEqualTo("/lessons/lab#experiment-quick");
            assertThat(rows.get(0).select("td").get(0).text()).isEqualTo("lots");
            assertThat(rows.get(0).select("td").get(1).text()).contains("Measured little.").contains("open run");
            assertThat(rows.get(1).select("td").get(1).text()).isEqualTo("not run yet");

            Document someoneElse = Jsoup.parse(Runs.page(client.getOrigin(), "/lessons/end", "gillab_student=ffffffffffffffffffffffffffffffff"));
            assertThat(someoneElse.select(".course-results td").eachText()).doesNotContain("lots");
            assertThat(someoneElse.select(".course-results .run-note").text()).contains("not run any experiment yet");
        });
    }

    @Test
    void theTableScoresTheFirstRunAtTheLessonsDefaultsNotTheLatest() {
        TestApp compared = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1, ComparedExperiments.PREDICTED),
                "end.md", lesson("End", 2, "Your table:\n\n```results\n```\n")));
        JavalinTest.test(compared.create(), (server, client) -> {
            String first = Runs.submit(client.getOrigin(), "{\"lesson\":\"lab\",\"experiment\":\"predicted\",\"prediction\":\"slower\"}", COOKIE);
            assertThat(Runs.awaitFinished(client, first).path("status").asText()).isEqualTo("done");
            String later = Runs.submit(client.getOrigin(), "{\"lesson\":\"lab\",\"experiment\":\"predicted\",\"prediction\":\"faster\"}", COOKIE);
            assertThat(Runs.awaitFinished(client, later).path("status").asText()).isEqualTo("done");

            var row = Jsoup.parse(Runs.page(client.getOrigin(), "/lessons/end", COOKIE)).select(".course-results tbody tr").get(0);
            assertThat(row.select("td").get(0).text()).isEqualTo("slower ✗");
            assertThat(row.select("td").get(1).text()).matches("short: [0-9.]+× faster( [0-9]+ warnings?)? open run");
            assertThat(row.select("td a.row-link").attr("href")).isEqualTo("/runs/" + first);
        });
    }
}
