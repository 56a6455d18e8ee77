package lab.gil.interpreter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import lab.gil.App;
import lab.gil.Config;
import lab.gil.run.RunPipeline;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

class InterpretersHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FAKES = InterpreterDiscoveryTest.FAKES;
    private static final String CSRF = "0123456789abcdef0123456789abcdef";
    private static final String STUDENT_COOKIES = "gillab_student=s-interpreters; gillab_csrf=" + CSRF;

    private final TestApp lessons = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1,
            "```python experiment\n# id: answer\n# title: Answer\n# chart: table\n"
                    + "import gillab as lab\nlab.metric('answer', 42)\n```\n\n"
                    + "```python experiment\n# id: other\n# title: Other\n# chart: table\nprint('other')\n```\n")));

    @TempDir
    Path dir;

    /** The real app over the test lessons, with exactly these interpreters (GILLAB_INTERPRETERS). */
    private Javalin app(String interpreters) {
        Config config = Config.fromEnv(Map.of("GILLAB_LESSONS", lessons.lessons.toString(), "GILLAB_WARM_INTERPRETERS", "0",
                "GILLAB_INTERPRETERS", interpreters));
        return App.create(new App.Deps(config, lessons.dataSource, lessons.catalog,
                RunPipeline.start(config, lessons.dataSource, lessons.catalog)));
    }

    private static JsonNode json(Response response) throws IOException {
        return JSON.readTree(response.body().string());
    }

    private static Response post(HttpClient client, String path, String body) {
        return client.post(path, body, request -> request.header("Content-Type", "application/json"));
    }


    private static List<JsonNode> compare(HttpClient client) throws Exception {
        Response response = post(client, "/api/runs/compare", "{\"lesson\":\"lab\",\"experiment\":\"answer\"}");
        JsonNode answer = json(response);
        assertThat(response.code()).as(answer.toString()).isEqualTo(202);
        List<JsonNode> runs = new ArrayList<>();
        for (JsonNode started : answer.path("runs")) {
            JsonNode run = Runs.awaitFinished(client, started.path("id").asText());
            assertThat(run.path("interpreter").asText()).isEqualTo(started.path("interpreter").asText());
            runs.add(run);
        }
        return runs;
    }

    @Test
    void healthListsEveryInterpreterWithItsGilOrWhyItCannotBeUsed() {
        JavalinTest.test(app("python3=/usr/bin/python3,ft=" + FAKES.resolve("free-threaded") + ",broken=" + FAKES.resolve("broken")),
                (server, client) -> {
                    JsonNode interpreters = json(client.get("/health")).path("interpreters");
                    assertThat(interpreters.findValuesAsText("name")).containsExactly("python3", "ft", "ft+gil", "broken");
                    assertThat(interpreters.get(0).path("implementation").asText()).isEqualTo("CPython");
                    assertThat(interpreters.get(0).path("gilEnabled").asBoolean()).isTrue();
                    assertThat(interpreters.get(1).path("gilEnabled").asBoolean()).isFalse();
                    assertThat(interpreters.get(1).path("freeThreaded").asBoolean()).isTrue();
                    assertThat(interpreters.get(2).path("gilEnabled").asBoolean()).isTrue();
                    assertThat(interpreters.get(2).path("options").toString()).isEqualTo("[\"-X\",\"gil=1\"]");
                    assertThat(interpreters.get(3).path("available").asBoolean()).isFalse();
                    assertThat(interpreters.get(3).path("reason").asText()).contains("exited with code 127");
                });
    }

    @Test
    void aRunOnTheChosenInterpreterCarriesItsFingerprint() {
        RealPypy.require(Path.of("/usr/bin/pypy3"));
        JavalinTest.test(app("python3=/usr/bin/python3,pypy3=/usr/bin/pypy3"), (server, client) -> {
            Response response = post(client, "/api/runs", "{\"lesson\":\"lab\",\"experiment\":\"answer\",\"interpreter\":\"pypy3\"}");
            assertThat(response.code()).isEqualTo(202);
            JsonNode run = Runs.awaitFinished(client, json(response).path("id").asText());

            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("done");
            assertThat(run.path("interpreter").asText()).isEqualTo("pypy3");
            assertThat(run.path("result").path("fingerprint").path("implementation").asText()).isEqualTo("PyPy");
            assertThat(run.path("result").path("fingerprint").path("executable").asText()).contains("pypy");
            assertThat(run.path("result").path("metrics").get(0).path("value").asInt()).isEqualTo(42);
        });
    }

    @Test
    void comparingRunsTheExperimentOnceOnEveryInterpreter() {
        RealPypy.require(Path.of("/usr/bin/pypy3"));
        JavalinTest.test(app("python3=/usr/bin/python3,pypy3=/usr/bin/pypy3"), (server, client) -> {
            List<JsonNode> runs = compare(client);

            assertThat(runs).extracting(r -> r.path("interpreter").asText()).containsExactly("python3", "pypy3");
            assertThat(runs).allSatisfy(r -> assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("done"));
            assertThat(runs).extracting(r -> r.path("result").path("fingerprint").path("implementation").asText())
                    .containsExactly("CPython", "PyPy");
        });
    }

    @Test
    void anInterpreterThatCannotStartOrDoesNotExistIsRefusedWithTheReason() {
        JavalinTest.test(app("python3=/usr/bin/python3,broken=" + FAKES.resolve("broken")), (server, client) -> {
            Response broken = post(client, "/api/runs", "{\"lesson\":\"lab\",\"experiment\":\"answer\",\"interpreter\":\"broken\"}");
            assertThat(broken.code()).isEqualTo(400);
            assertThat(json(broken).path("error").asText())
                    .startsWith("The interpreter broken does not work on this server: it exited with code 127");

            Response unknown = post(client, "/api/runs", "{\"lesson\":\"lab\",\"experiment\":\"answer\",\"interpreter\":\"jython\"}");
            assertThat(unknown.code()).isEqualTo(400);
            assertThat(json(unknown).path("error").asText()).isEqualTo("This server has no interpreter 'jython'.");
        });
    }

    @Test
    void anInterpreterRemovedWhileTheServerRunsFailsItsRunsClearlyAndTheOthersStillWork() throws IOException {
        Path vanishing = Files.createSymbolicLink(dir.resolve("python3-vanishing"), Path.of("/usr/bin/python3"));
        JavalinTest.test(app("python3=/usr/bin/python3,vanishing=" + vanishing), (server, client) -> {
            Files.delete(vanishing);

            List<JsonNode> runs = compare(client);

            assertThat(runs.get(0).path("status").asText()).isEqualTo("done");
            assertThat(runs.get(1).path("status").asText()).isEqualTo("failed");
            assertThat(runs.get(1).path("error").asText()).isEqualTo("The interpreter vanishing is not available on this server any more.");
        });
    }

    @Test
    void theLessonPageOffersEveryInterpreterAndItsFormRunsTheChosenOne() throws IOException {
        // Runs start as an unprivileged user, who may enter an operator's install folder but not a private temp folder.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path second = Files.createSymbolicLink(dir.resolve("python3-second"), Path.of("/usr/bin/python3"));
        JavalinTest.test(app("python3=/usr/bin/python3,second=" + second + ",ft=" + FAKES.resolve("free-threaded")
                + ",broken=" + FAKES.resolve("broken")), (server, client) -> {
            Document page = Jsoup.parse(client.get("/lessons/lab").body().string());
            assertThat(page.select("#interpreter-answer option").eachText()).containsExactly(
                    "python3 — CPython 3.11.2, GIL on", "second — CPython 3.11.2, GIL on", "ft — CPython 3.13.1, GIL off",
                    "ft+gil — CPython 3.13.1, GIL on", "broken — not available");
            assertThat(page.select("#interpreter-answer option[disabled]").eachText()).containsExactly("broken — not available");
            assertThat(page.select("#experiment-answer .interpreter-picker").text()).contains("broken cannot be used on this server: it exited with code 127");
            assertThat(page.select("#experiment-other .compare-interpreters").text()).isEqualTo("Run on all 4 interpreters");
            assertThat(page.select("script[src=/static/js/interpreters.js]")).as("the picker's script, once per page").hasSize(1);
            assertThat(client.get("/static/js/interpreters.js").code()).isEqualTo(200);

            String form = "_csrf=" + CSRF + "&interpreter=" + URLEncoder.encode("second", StandardCharsets.UTF_8);
            HttpResponse<String> started = java.net.http.HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(client.getOrigin() + "/lessons/lab/experiments/answer/runs"))
                            .header("Cookie", STUDENT_COOKIES).header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            String id = Jsoup.parse(started.body()).select(".run-status").attr("data-run-id");
            JsonNode run = Runs.awaitFinished(client, id);
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("done");
            assertThat(run.path("interpreter").asText()).isEqualTo("second");
        });
    }
}
