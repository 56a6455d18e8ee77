package lab.gil.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** An exercise's goal travels from its header to /api/lessons, the lesson page and every run's result. */
class GoalHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXERCISE = """
            ```python experiment
            # id: race
            # title: Fix the race
            # chart: table
            # goal: lost_updates == 0 and speedup >= 1.5 -- Right and fast
            # hint: Read the update closely.
            # hint: A Lock makes it one step.
            import gillab as lab
            lab.metric("lost_updates", 0)
            lab.metric("speedup", 2.5, "×")
            ```
            """;

    private final TestApp app = TestApp.withLessons(Map.of("ex.md", lesson("Exercises", 1, EXERCISE)));

    private static JsonNode run(HttpClient client, String experimentCode) throws Exception {
        String body = JSON.writeValueAsString(experimentCode == null ? Map.of("lesson", "ex", "experiment", "race")
                : Map.of("lesson", "ex", "experiment", "race", "code", experimentCode));
        Response response = client.post("/api/runs", body, request -> request.header("Content-Type", "application/json"));
        assertThat(response.code()).isEqualTo(202);
        return Runs.awaitFinished(client, JSON.readTree(response.body().string()).path("id").asText());
    }

    @Test
    void aRunThatMeetsTheGoalCarriesItsVerdictAndTheValuesUsed() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode goal = run(client, null).path("result").path("goal");

            assertThat(goal.path("expression").asText()).isEqualTo("lost_updates == 0 and speedup >= 1.5");
            assertThat(goal.path("description").asText()).isEqualTo("Right and fast");
            assertThat(goal.path("passed").isBoolean()).isTrue();
            assertThat(goal.path("passed").asBoolean()).isTrue();
            assertThat(goal.path("values").path("lost_updates").asDouble()).isZero();
            assertThat(goal.path("values").path("speedup").asDouble()).isEqualTo(2.5);
            assertThat(goal.path("message").asText()).isEqualTo("Goal met: lost_updates = 0 == 0; speedup = 2.5 >= 1.5.");
        });
    }

    @Test
    void editedCodeIsJudgedAgainstTheLessonsGoalEvenIfItRewritesTheGoalLine() {
        JavalinTest.test(app.create(), (server, client) -> {
            String edited = "# goal: lost_updates > 1000\nimport gillab as lab\nlab.metric('lost_updates', 12345)\nlab.metric('speedup', 3)\n";
            JsonNode goal = run(client, edited).path("result").path("goal");

            assertThat(goal.path("expression").asText()).isEqualTo("lost_updates == 0 and speedup >= 1.5");
            assertThat(goal.path("passed").asBoolean(true)).isFalse();
            assertThat(goal.path("values").path("lost_updates").asDouble()).isEqualTo(12345);
            assertThat(goal.path("message").asText()).startsWith("Goal not met yet: lost_updates = 12345, needs == 0");
        });
    }

    @Test
    void aGoalWhoseMetricWasNotRecordedIsUndecidedWithASentence() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode goal = run(client, "import gillab as lab\nlab.metric('lost_updates', 0)\n").path("result").path("goal");

            assertThat(goal.path("passed").isNull()).isTrue();
            assertThat(goal.path("values").path("lost_updates").asDouble()).isZero();
            assertThat(goal.path("message").asText()).contains("did not record the metric 'speedup'");
        });
    }

    @Test
    void theLessonsApiListsTheGoalAndTheHints() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode experiment = JSON.readTree(client.get("/api/lessons").body().string()).get(0).path("experiments").get(0);

            assertThat(experiment.path("goal").path("expression").asText()).isEqualTo("lost_updates == 0 and speedup >= 1.5");
            assertThat(experiment.path("goal").path("metrics").toString()).isEqualTo("[\"lost_updates\",\"speedup\"]");
            assertThat(experiment.path("hints").toString()).isEqualTo("[\"Read the update closely.\",\"A Lock makes it one step.\"]");
        });
    }

    @Test
    void theLessonPageShowsTheGoalInTheExperimentsHeaderAndNestsTheHints() {
        JavalinTest.test(app.create(), (server, client) -> {
            String page = client.get("/lessons/ex").body().string();
            String header = page.substring(page.indexOf("<header class=\"experiment-header\">"), page.indexOf("</header>", page.indexOf("experiment-header")));

            assertThat(header).contains(">Exercise<").contains("Right and fast")
                    .contains("<code>lost_updates == 0 and speedup &gt;= 1.5</code>").contains("id=\"goal-race\"");
            assertThat(header.indexOf("Read the update closely.")).isPositive()
                    .isLessThan(header.indexOf("A Lock makes it one step."));
            String firstHint = header.substring(header.indexOf("<details class=\"hint\">"));
            assertThat(firstHint.indexOf("<details class=\"hint\">", 1)).as("the second hint sits inside the first")
                    .isLessThan(firstHint.indexOf("</details>"));
        });
    }
}
