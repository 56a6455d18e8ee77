package lab.gil.student;

import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import lab.gil.run.Json;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** A run that meets an exercise's goal counts as solved: on the student's pages, the dashboard and the CSV. */
class SolvedExercisesHttpTest {
    private static final String TOKEN = "correct-horse-battery-staple-42";
    private static final String ADA = "gillab_student=" + "a".repeat(32);
    private static final String BOB = "gillab_student=" + "b".repeat(32);
    private static final String FIXED = "import gillab as lab\nlab.metric('lost_updates', 0)\n";

    private final TestApp app = TestApp.withLessons(Map.of("race.md", lesson("Races", 1, """
            ```python experiment
            # id: race
            # title: Fix the race
            # chart: table
            # goal: lost_updates == 0 -- Not one update lost
            import gillab as lab
            lab.metric("lost_updates", 3)
            ```

            ```python experiment
            # id: plain
            # title: Just look
            # chart: table
            import gillab as lab
            lab.metric("x", 1)
            ```
            """)), Map.of("GILLAB_INSTRUCTOR_TOKEN", TOKEN));

    private static String run(HttpClient client, String cookie, String experiment, String code) throws Exception {
        Map<String, String> body = code == null ? Map.of("lesson", "race", "experiment", experiment)
                : Map.of("lesson", "race", "experiment", experiment, "code", code);
        String id = Runs.submit(client.getOrigin(), Json.MAPPER.writeValueAsString(body), cookie);
        assertThat(Runs.awaitFinished(client, id).path("status").asText()).isEqualTo("done");
        return id;
    }

    private static Document page(HttpClient client, String path, String cookie) throws Exception {
        return Jsoup.parse(Runs.page(client.getOrigin(), path, cookie));
    }

    @Test
    void aRunThatMeetsTheGoalCountsAsSolvedOnTheStudentsPages() {
        JavalinTest.test(app.create(), (server, client) -> {
            String missed = run(client, ADA, "race", null);
            String met = run(client, ADA, "race", FIXED);
            run(client, BOB, "race", null);
            run(client, BOB, "plain", null);

            Document me = page(client, "/me", ADA);
            assertThat(me.select(".progress-table tbody td").eachText()).containsExactly("1 of 2", "0 of 2", "1 of 1");
            assertThat(me.select(".progress-total").text()).isEqualTo("Exercises solved: 1 of 1");
            assertThat(page(client, "/me", BOB).select(".progress-total").text()).isEqualTo("Exercises solved: 0 of 1");
            assertThat(page(client, "/", ADA).select(".lesson-solved").text()).isEqualTo("Exercises solved: 1 of 1");
            assertThat(page(client, "/", BOB).select(".lesson-solved").text()).isEqualTo("Exercises solved: 0 of 1");

            Document lesson = page(client, "/lessons/race", ADA);
            assertThat(lesson.select("#goal-race").hasClass("met")).isTrue();
            assertThat(lesson.select("#goal-race").text()).isEqualTo("Goal met by your latest run.");
            assertThat(lesson.select(".history-item[data-run-id=" + met + "] .goal-badge").text()).isEqualTo("goal met");
            assertThat(lesson.select(".history-item[data-run-id=" + missed + "] .goal-badge").text()).isEqualTo("goal not met");
            Document bobs = page(client, "/lessons/race", BOB);
            assertThat(bobs.select("#goal-race").hasClass("not-met")).isTrue();
            assertThat(bobs.select("#goal-race").text()).startsWith("Goal not met yet by your latest run.");
            assertThat(bobs.select("#history-plain .goal-badge")).as("an experiment without a goal has no verdict").isEmpty();

            Document history = page(client, "/lessons/race/experiments/race/history", ADA);
            assertThat(history.select(".goal-badge").eachText()).containsExactly("goal met", "goal not met");
        });
    }

    @Test
    void theDashboardAndTheCsvSayWhoMetTheGoal() {
        JavalinTest.test(app.create(), (server, client) -> {
            String met = run(client, ADA, "race", FIXED);
            String missed = run(client, BOB, "race", null);
            String plain = run(client, BOB, "plain", null);

            Document dashboard = Jsoup.parse(client.get("/instructor", r -> r.header("Authorization", "Bearer " + TOKEN)).body().string());
            assertThat(dashboard.select("tr[data-key=race/race] .goal-met").text()).isEqualTo("1 of 2");
            assertThat(dashboard.select("tr[data-key=race/plain] .goal-met").text()).isEqualTo("–");

            String csv = client.get("/instructor/runs.csv", r -> r.header("Authorization", "Bearer " + TOKEN)).body().string();
            List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(csv)).getRecords();
            Map<String, String> passed = new java.util.HashMap<>();
            rows.forEach(row -> passed.put(row.get("id"), row.get("goal_passed")));
            assertThat(passed).containsExactlyInAnyOrderEntriesOf(Map.of(met, "true", missed, "false", plain, ""));
        });
    }
}
