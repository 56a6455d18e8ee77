package lab.gil.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import lab.gil.run.Json;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped counter experiments with the thread count edited in the code: the headline and the metrics count the
 * updates the threads really made, not the product of the parameters.
 */
class CounterHeadlineHttpTest {
    private final TestApp app = TestApp.withShippedLessons();

    private JsonNode run(HttpClient client, String experiment, String from, String to, Map<String, Object> params) throws Exception {
        ExperimentSpec spec = app.catalog.experiment("the-gil", experiment).orElseThrow();
        assertThat(spec.code()).contains(from);
        ObjectNode body = Json.MAPPER.createObjectNode().put("lesson", "the-gil").put("experiment", experiment)
                .put("code", spec.code().replace(from, to));
        body.set("params", Json.MAPPER.valueToTree(params));
        Response response = client.post("/api/runs", body.toString(), request -> request.header("Content-Type", "application/json"));
        assertThat(response.code()).as(response.body().string()).isEqualTo(202);
        return Runs.awaitFinished(client, Json.MAPPER.readTree(response.body().string()).path("id").asText());
    }

    private static Map<String, Double> metrics(JsonNode run) {
        Map<String, Double> values = new HashMap<>();
        run.path("result").path("metrics").forEach(m -> values.put(m.path("name").asText(), m.path("value").asDouble()));
        return values;
    }

    @Test
    void sixThreadsWrittenIntoTheCodeAreCountedAsSixWhateverTheThreadsParameterSays() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode run = run(client, "lost-updates", "for _ in range(p.threads)]", "for _ in range(6)]",
                    Map.of("threads", 2, "increments", 2000));
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("done");
            Map<String, Double> metrics = metrics(run);
            assertThat(metrics.get("expected count")).isEqualTo(12_000);
            assertThat(metrics.get("count with a Lock")).isEqualTo(12_000);
            assertThat(metrics.get("updates lost with a Lock")).isZero();
            assertThat(run.path("result").path("summary").asText()).endsWith("with a Lock, 0 of 12,000.");
        });
    }

    @Test
    void theExercisesLostUpdatesAreCountedFromTheThreadsTheCodeStarted() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode run = run(client, "fix-the-race", "for _ in range(p.threads)]", "for _ in range(3)]",
                    Map.of("threads", 8, "increments", 100_000));
            Map<String, Double> metrics = metrics(run);
            assertThat(metrics.get("expected")).isEqualTo(300_000);
            assertThat(metrics.get("lost_updates")).isEqualTo(300_000 - metrics.get("counted"));
            assertThat(run.path("result").path("summary").asText()).endsWith("of 300,000 updates were lost.");
        });
    }
}
