package lab.gil.db;

import io.javalin.testtools.JavalinTest;
import lab.gil.run.Json;
import lab.gil.support.Runs;
import lab.gil.support.PostgresSchema;
import lab.gil.support.TestApp;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same migrations and queries on a real PostgreSQL server (GILLAB_TEST_POSTGRES_URL, set by CI), each
 * test in a schema of its own. Skipped loudly without a server, except in CI where that is a failure.
 */
class PostgresHttpTest {
    private static final String COOKIE = "gillab_student=0123456789abcdef0123456789abcdef";
    private TestApp app;

    @BeforeEach
    void onAFreshSchema() {
        app = TestApp.withLessonsOn(PostgresSchema.fresh("test").dataSource(), Map.of(
                "lab.md", lesson("Lab", 1, "```python experiment\n# id: quick\n# title: Quick\n# chart: bar\n# repetitions: 2\n"
                        + "# predict: Which?\n# options: a | b\nimport gillab as lab\nlab.compare({'a': lambda: 1, 'b': lambda: 2})\n```\n"),
                "end.md", lesson("End", 2, "```results\n```\n")),
                Map.of("GILLAB_INSTRUCTOR_TOKEN", "postgres-test-token"));
    }

    @Test
    void runsHistoryResultsAndTheDashboardWorkOnPostgres() {
        JavalinTest.test(app.create(), (server, client) -> {
            String id = Runs.submit(client.getOrigin(), "{\"lesson\":\"lab\",\"experiment\":\"quick\",\"prediction\":\"b\"}", COOKIE);
            assertThat(Runs.awaitFinished(client, id).path("status").asText()).isEqualTo("done");
            assertThat(Json.MAPPER.readTree(client.get("/api/runs/" + id).body().string()).path("result").path("repetitions"))
                    .hasSize(2);

            String results = Runs.page(client.getOrigin(), "/lessons/end", COOKIE);
            assertThat(Jsoup.parse(results).select(".course-results tbody tr td").first().text()).isEqualTo("b");

            String history = Runs.page(client.getOrigin(), "/lessons/lab/experiments/quick/history", COOKIE);
            assertThat(history).contains(id);

            var csv = client.get("/instructor/runs.csv", request -> request.header("Authorization", "Bearer postgres-test-token"));
            assertThat(csv.code()).isEqualTo(200);
            assertThat(csv.body().string()).contains(id).contains("quick");
            var dashboard = client.get("/instructor", request -> request.header("Authorization", "Bearer postgres-test-token"));
            assertThat(dashboard.code()).isEqualTo(200);

            assertThat(client.get("/health").body().string()).contains("\"database\":\"ok\"");
        });
    }
}
