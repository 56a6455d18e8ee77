package lab.gil.student;

import io.javalin.testtools.JavalinTest;
import lab.gil.run.Json;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run whose end has not reached the database yet already reads "done" through the API; the course results
 * must count it too. The end is held back for real: another transaction locks the run's row, so the server's
 * write waits, fails and is kept for a later try.
 */
class UnrecordedEndsHttpTest {
    private static final String COOKIE = "gillab_student=0123456789abcdef0123456789abcde1";

    @Test
    void theCourseResultsCountARunWhoseEndTheDatabaseDoesNotHaveYet() {
        TestApp app = TestApp.withLessons(Map.of(
                "lab.md", lesson("Lab", 1, "```python experiment\n# id: quick\n# title: Quick\n# chart: table\n"
                        + "import gillab as lab\nlab.summary('Measured.')\n```\n"),
                "end.md", lesson("End", 2, "```results\n```\n")));
        JavalinTest.test(app.create(), (server, client) -> {
            String id = Runs.submit(client.getOrigin(), "{\"lesson\":\"lab\",\"experiment\":\"quick\"}", COOKIE);
            try (Connection lock = app.dataSource.getConnection()) {
                lock.setAutoCommit(false);
                try (PreparedStatement statement = lock.prepareStatement("SELECT status FROM runs WHERE id = ? FOR UPDATE")) {
                    statement.setString(1, id);
                    statement.executeQuery().close();
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> Json.MAPPER.readTree(client.get("/health").body().string())
                        .path("runs").path("unwrittenEnds").asInt() == 1);
                assertThat(Json.MAPPER.readTree(client.get("/api/runs/" + id).body().string()).path("status").asText()).isEqualTo("done");
                assertThat(recorded(app, id)).isIn("queued", "running");

                var page = Jsoup.parse(Runs.page(client.getOrigin(), "/lessons/end", COOKIE));
                assertThat(page.select(".course-results tbody tr th").eachText()).containsExactly("Quick Lab");
                assertThat(page.select(".course-results tbody tr").text()).contains("Measured.");
                assertThat(page.text()).doesNotContain("You have not run any experiment yet");
                lock.commit();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> recorded(app, id).equals("done"));
        });
    }

    private static String recorded(TestApp app, String id) throws Exception {
        try (Connection connection = app.dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT status FROM runs WHERE id = ?")) {
            statement.setString(1, id);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : "missing";
            }
        }
    }
}
