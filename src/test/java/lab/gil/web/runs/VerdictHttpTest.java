package lab.gil.web.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import lab.gil.run.Json;
import lab.gil.support.ComparedExperiments;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** result.verdict over HTTP: read from the repetitions the run recorded, against the experiment's band. */
class VerdictHttpTest {
    private final TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1, ComparedExperiments.CLEAR + ComparedExperiments.NOISY + ComparedExperiments.PREDICTED + """
            ```python experiment
            # id: single
            # title: Single
            # chart: table
            import gillab as lab
            lab.metric("n", 1)
            ```
            """)));

    private static JsonNode run(HttpClient client, String body) throws Exception {
        Response response = client.post("/api/runs", body, request -> request.header("Content-Type", "application/json"));
        assertThat(response.code()).as(response.body().string()).isEqualTo(202);
        return Runs.awaitFinished(client, Json.MAPPER.readTree(response.body().string()).path("id").asText());
    }

    @Test
    void aClearDifferenceReadsFasterWithItsIntervalAroundTheRatio() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode verdict = run(client, "{\"lesson\":\"lab\",\"experiment\":\"clear\"}").path("result").path("verdict");
            assertThat(verdict.path("words").asText()).endsWith("× faster");
            assertThat(verdict.path("conclusive").asBoolean()).isTrue();
            assertThat(verdict.path("problem").isNull()).isTrue();
            assertThat(verdict.path("ratio").asDouble()).isGreaterThan(2);
            assertThat(verdict.path("low").asDouble()).isLessThanOrEqualTo(verdict.path("ratio").asDouble());
            assertThat(verdict.path("high").asDouble()).isGreaterThanOrEqualTo(verdict.path("ratio").asDouble());
            assertThat(verdict.path("reference").asText()).isEqualTo("long");
            assertThat(verdict.path("compared").asText()).isEqualTo("short");
            assertThat(verdict.path("rounds").asInt()).isEqualTo(7);
        });
    }

    @Test
    void aForcedNoisyComparisonIsInconclusive() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode result = run(client, "{\"lesson\":\"lab\",\"experiment\":\"noisy\"}").path("result");
            assertThat(result.path("verdict").path("words").asText()).startsWith("inconclusive: ");
            assertThat(result.path("verdict").path("conclusive").asBoolean()).isFalse();
            assertThat(result.path("verdicts")).hasSize(1);
        });
    }

    @Test
    void moreRepetitionsMayBeAskedForWithinTheCap() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode result = run(client, "{\"lesson\":\"lab\",\"experiment\":\"clear\",\"repetitions\":6}").path("result");
            assertThat(result.path("repetitions").get(0).path("values")).hasSize(6);
            assertThat(result.path("verdict").path("rounds").asInt()).isEqualTo(6);
            Response tooMany = client.post("/api/runs", "{\"lesson\":\"lab\",\"experiment\":\"clear\",\"repetitions\":99}",
                    request -> request.header("Content-Type", "application/json"));
            assertThat(tooMany.code()).isEqualTo(400);
            assertThat(tooMany.body().string()).contains("Repetitions must be between 1 and 20, not 99.");
        });
    }

    @Test
    void theRunCarriesItsPredictionCheckedByTheExperimentsRule() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode wrong = run(client, "{\"lesson\":\"lab\",\"experiment\":\"predicted\",\"prediction\":\"slower\"}");
            assertThat(wrong.path("predictionCheck").path("predicted").asText()).isEqualTo("slower");
            assertThat(wrong.path("predictionCheck").path("measured").asText()).matches("short: [0-9.]+× faster");
            assertThat(wrong.path("predictionCheck").path("correct").asBoolean()).isFalse();
            JsonNode right = run(client, "{\"lesson\":\"lab\",\"experiment\":\"predicted\",\"prediction\":\"faster\"}");
            assertThat(right.path("predictionCheck").path("correct").asBoolean()).isTrue();
            JsonNode none = run(client, "{\"lesson\":\"lab\",\"experiment\":\"predicted\"}");
            assertThat(none.path("predictionCheck").isNull()).isTrue();
        });
    }

    @Test
    void anInconclusiveRunLeavesThePredictionUnmarked() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode run = run(client, "{\"lesson\":\"lab\",\"experiment\":\"noisy\",\"prediction\":\"anything\"}");
            assertThat(run.path("predictionCheck").path("measured").asText()).startsWith("jumpy: inconclusive: ");
            assertThat(run.path("predictionCheck").path("correct").isNull()).isTrue();
        });
    }

    @Test
    void aRunThatComparesNothingHasNoVerdict() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode result = run(client, "{\"lesson\":\"lab\",\"experiment\":\"single\"}").path("result");
            assertThat(result.path("verdict").isNull()).isTrue();
            assertThat(result.path("verdicts")).isEmpty();
        });
    }
}
