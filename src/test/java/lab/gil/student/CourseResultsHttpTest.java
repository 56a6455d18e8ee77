package lab.gil.student;

import io.javalin.testtools.JavalinTest;
import lab.gil.experiment.Json;
import lab.gil.support.TestApp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private static String page(HttpClient http, String origin, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(origin + "/lessons/end")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theResultsBlockListsEveryExperimentWithTheStudentsPredictionAndMeasurement() {
        JavalinTest.test(app.create(), (server, client) -> {
            // A plain client: each request carries exactly the student cookie it is given.
            HttpClient http = HttpClient.newHttpClient();
            String submitted = http.send(HttpRequest.newBuilder(URI.create(client.getOrigin() + "/api/runs"))
                    .header("Content-Type", "application/json").header("Cookie", COOKIE)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"lesson\":\"lab\",\"experiment\":\"quick\",\"prediction\":\"lots\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String id = Json.MAPPER.readTree(submitted).path("id").asText();
            for (int i = 0; i < 900 && !Json.MAPPER.readTree(client.get("/api/runs/" + id).body().string()).path("status").asText().equals("done"); i++) {
                Thread.sleep(100);
            }

            Document mine = Jsoup.parse(page(http, client.getOrigin(), COOKIE));
            var rows = mine.select(".course-results tbody tr");
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).select("th a").attr("href")).isEqualTo("/lessons/lab#experiment-quick");
            assertThat(rows.get(0).select("td").get(0).text()).isEqualTo("lots");
            assertThat(rows.get(0).select("td").get(1).text()).contains("Measured little.").contains("open run");
            assertThat(rows.get(1).select("td").get(1).text()).isEqualTo("not run yet");

            Document someoneElse = Jsoup.parse(page(http, client.getOrigin(), "gillab_student=ffffffffffffffffffffffffffffffff"));
            assertThat(someoneElse.select(".course-results td").eachText()).doesNotContain("lots");
            assertThat(someoneElse.select(".course-results .run-note").text()).contains("not run any experiment yet");
        });
    }
}
