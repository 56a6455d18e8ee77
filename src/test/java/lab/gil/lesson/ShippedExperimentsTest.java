package lab.gil.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every experiment of every shipped lesson, with its default parameters, through the real app and
 * sandbox, as a student pressing Run would: each must finish and leave the data its chart draws.
 * Slow (a few seconds per experiment), hence its own tag.
 */
@Tag("lessons")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShippedExperimentsTest {
    private static final Duration RUN_DEADLINE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestApp app = TestApp.withShippedLessons();
    private final HttpClient http = HttpClient.newHttpClient();
    private Javalin server;

    @BeforeAll
    void start() {
        server = app.create().start(0);
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    @TestFactory
    Stream<DynamicTest> everyShippedExperimentFinishesWithDataForItsChart() {
        assertThat(app.catalog.lessons()).isNotEmpty();
        return app.catalog.lessons().stream().flatMap(lesson -> lesson.experiments().stream()
                .map(spec -> DynamicTest.dynamicTest(lesson.slug() + "/" + spec.id(), () -> runAndCheck(lesson.slug(), spec))));
    }

    private void runAndCheck(String lesson, ExperimentSpec spec) throws Exception {
        JsonNode run = awaitFinished(submit(lesson, spec.id()));
        JsonNode result = run.path("result");
        assertThat(run.path("status").asText())
                .as("%s/%s: %s%nstderr: %s", lesson, spec.id(), run.path("error").asText(), result.path("stderr").asText())
                .isEqualTo("done");
        assertThat(result.path("chart").asText()).isEqualTo(spec.chart().id());
        switch (spec.chart()) {
            case BAR, STRIP -> assertThat(result.path("repetitions")).as("repetitions").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.path("values")).as(r.path("variant").asText()).isNotEmpty());
            case LINE -> assertThat(result.path("series")).as("series").isNotEmpty()
                    .allSatisfy(s -> assertThat(s.path("points")).as(s.path("name").asText()).isNotEmpty());
            case TIMELINE -> assertThat(result.path("spans")).as("spans").isNotEmpty();
            case TABLE -> assertThat(result.path("metrics")).as("metrics").isNotEmpty();
        }
        assertThat(result.path("summary").asText()).as("summary").isNotBlank();
    }

    /** Starts the run, waiting politely when the server asks us to come back later. */
    private String submit(String lesson, String experiment) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("lesson", lesson, "experiment", experiment));
        Instant deadline = Instant.now().plus(RUN_DEADLINE);
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/runs"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429 && Instant.now().isBefore(deadline)) {
                long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(1);
                Thread.sleep(Duration.ofSeconds(Math.max(1, retryAfter)).toMillis());
                continue;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            return JSON.readTree(response.body()).path("id").asText();
        }
    }

    private JsonNode awaitFinished(String id) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(RUN_DEADLINE);
        while (true) {
            JsonNode run = JSON.readTree(http.send(HttpRequest.newBuilder(uri("/api/runs/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String status = run.path("status").asText();
            if (!status.equals("queued") && !status.equals("running")) {
                return run;
            }
            assertThat(Instant.now()).as("run %s still %s", id, status).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }
}
