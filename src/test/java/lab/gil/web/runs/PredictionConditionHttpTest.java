package lab.gil.web.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import lab.gil.run.Json;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** predictionCheck over HTTP for experiments without a verdict: conditions on a metric and on the lanes. */
class PredictionConditionHttpTest {
    private static final String COUNTER = """
            ```python experiment
            # id: counter
            # title: Counter
            # chart: table
            # predict: How many updates are lost?
            # options: none | some
            # check: none = "updates lost" == 0 | some = "updates lost" > 0
            # param: threads = 4 in 1..8 -- Threads
            import gillab as lab
            p = lab.params()
            made = []
            for _ in range(3):  # the code, not the parameter, decides how many threads there are
                made.append(1000)
            counted = sum(made) - 7
            lab.metric("expected", sum(made))
            lab.metric("updates lost", sum(made) - counted)
            ```

            """;
    private static final String SLEEPERS = """
            ```python experiment
            # id: sleepers
            # title: Sleepers
            # chart: timeline
            # predict: What do the two threads do?
            # options: sleep side by side | compute
            # check: sleep side by side = lanes_syscall_share >= 0.4 | compute = lanes_syscall_share < 0.1
            import threading, time
            threads = [threading.Thread(target=time.sleep, args=(0.5,), name=f"sleeper {i}") for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            ```
            """;
    private final TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1, COUNTER + SLEEPERS)));

    private static JsonNode run(HttpClient client, String body) throws Exception {
        Response response = client.post("/api/runs", body, request -> request.header("Content-Type", "application/json"));
        assertThat(response.code()).as(response.body().string()).isEqualTo(202);
        return Runs.awaitFinished(client, Json.MAPPER.readTree(response.body().string()).path("id").asText());
    }

    @Test
    void aTableExperimentsPredictionIsCheckedAgainstTheMetricTheCodeReported() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode wrong = run(client, "{\"lesson\":\"lab\",\"experiment\":\"counter\",\"prediction\":\"none\"}");
            assertThat(wrong.path("predictionCheck").path("correct").asBoolean(true)).isFalse();
            assertThat(wrong.path("predictionCheck").path("measured").asText()).isEqualTo("expected 3,000; updates lost 7.");
            JsonNode right = run(client, "{\"lesson\":\"lab\",\"experiment\":\"counter\",\"prediction\":\"some\"}");
            assertThat(right.path("predictionCheck").path("correct").asBoolean(false)).isTrue();
        });
    }

    @Test
    void aTimelinesPredictionIsCheckedAgainstWhatItsLanesShow() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode run = run(client, "{\"lesson\":\"lab\",\"experiment\":\"sleepers\",\"prediction\":\"compute\"}");
            assertThat(run.path("result").path("lanes").size()).as("the kernel's view of the threads").isGreaterThanOrEqualTo(3);
            assertThat(run.path("predictionCheck").path("correct").asBoolean(true)).isFalse();
            assertThat(run.path("predictionCheck").path("measured").asText())
                    .matches(".*On the lanes: \\d+% of the threads' time in system calls\\.");
        });
    }
}
