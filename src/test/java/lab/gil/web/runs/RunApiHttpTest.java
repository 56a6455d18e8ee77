package lab.gil.web.runs;

import lab.gil.run.Json;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

class RunApiHttpTest {
    private static String block(String id, String chart, String header, String code) {
        return "```python experiment\n# id: " + id + "\n# title: " + id + "\n# chart: " + chart + "\n" + header + code + "\n```\n\n";
    }

    private final TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1,
            block("typed", "table", "# param: n = 3 in 1..10 -- N\n# param: rate = 0.5 in 0..1 -- Rate\n# param: method = fork in fork|spawn -- Method\n# param: flag = false -- Flag\n",
                    "import gillab as lab\np = lab.params()\nfor k in ('n', 'rate', 'method', 'flag'):\n    lab.metric(k + ':' + type(p[k]).__name__, 1)\nprint('out', p.n)\nimport sys\nprint('err', file=sys.stderr)")
                    + block("broken", "table", "", "import gillab as lab\n\ndef f():\n    return 1 / 0\n\nf()")
                    + block("exits", "table", "", "import sys\nsys.exit(3)")
                    + block("child", "table", "# param: method = spawn in fork|spawn|forkserver -- Method\n",
                            "import multiprocessing\nimport gillab as lab\nif __name__ == '__main__':\n"
                                    + "    child = multiprocessing.get_context(lab.params().method).Process(target=print)\n    child.start()\n    child.join()")
                    + block("slow", "table", "# timeout: 2\n", "import time\ntime.sleep(60)")
                    + block("compare", "bar", "# repetitions: 2\n", "import gillab as lab\nlab.compare({'a': lambda: sum(range(1000)), 'b': lambda: sum(range(2000))})"))));

    private static JsonNode json(Response response) throws Exception {
        return Json.MAPPER.readTree(response.body().string());
    }

    private static Response post(HttpClient client, String body) {
        return client.post("/api/runs", body, request -> request.header("Content-Type", "application/json"));
    }


    private static JsonNode run(HttpClient client, String body) throws Exception {
        Response response = post(client, body);
        assertThat(response.code()).as(response.body().string()).isEqualTo(202);
        return Runs.awaitFinished(client, json(response).path("id").asText());
    }

    @Test
    void parametersReachTheCodeTypedAndOutputIsKeptApart() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode run = run(client, "{\"lesson\":\"lab\",\"experiment\":\"typed\",\"params\":{\"n\":\"7\",\"method\":\"spawn\"}}");
            assertThat(run.path("status").asText()).isEqualTo("done");
            assertThat(run.path("params").path("n").asInt()).isEqualTo(7);
            JsonNode result = run.path("result");
            assertThat(result.path("metrics").findValuesAsText("name")).containsExactly("n:int", "rate:float", "method:str", "flag:bool");
            assertThat(result.path("stdout").asText()).isEqualTo("out 7\n");
            assertThat(result.path("stderr").asText()).isEqualTo("err\n");
            assertThat(result.path("exitCode").asInt()).isZero();
            assertThat(result.path("fingerprint").path("implementation").asText()).isEqualTo("CPython");
            assertThat(result.path("fingerprint").path("sandbox").asText()).isNotBlank();
            assertThat(result.path("fingerprint").path("usableCores").asInt()).isPositive();
        });
    }

    @Test
    void anExceptionFailsTheRunWithTheStudentsLineAndATrimmedTraceback() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode run = run(client, "{\"lesson\":\"lab\",\"experiment\":\"broken\"}");
            assertThat(run.path("status").asText()).isEqualTo("failed");
            assertThat(run.path("error").asText()).isEqualTo("Your code stopped with an error: ZeroDivisionError: division by zero (line 7).");
            String stderr = run.path("result").path("stderr").asText();
            assertThat(stderr).startsWith("Traceback").contains("main.py\", line 9").contains("main.py\", line 7").doesNotContain("runpy").doesNotContain("gillab_boot");
        });
    }

    @Test
    void aNonZeroExitIsAFailureWithItsCode() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode run = run(client, "{\"lesson\":\"lab\",\"experiment\":\"exits\"}");
            assertThat(run.path("status").asText()).isEqualTo("failed");
            assertThat(run.path("result").path("exitCode").asInt()).isEqualTo(3);
            assertThat(run.path("error").asText()).isEqualTo("The experiment exited with code 3.");
        });
    }

    @Test
    void theExperimentsOwnTimeoutStopsIt() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode run = run(client, "{\"lesson\":\"lab\",\"experiment\":\"slow\"}");
            assertThat(run.path("status").asText()).isEqualTo("timeout");
            assertThat(run.path("error").asText()).contains("2 s");
        });
    }

    @Test
    void compareGivesStatisticsPerVariantInDeclaredOrder() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode run = run(client, "{\"lesson\":\"lab\",\"experiment\":\"compare\"}");
            assertThat(run.path("status").asText()).isEqualTo("done");
            JsonNode reps = run.path("result").path("repetitions");
            assertThat(reps.findValuesAsText("variant")).containsExactly("a", "b");
            assertThat(reps.get(0).path("values")).hasSize(2);
            assertThat(reps.get(0).path("median").asDouble()).isPositive();
            assertThat(run.path("result").path("summary").asText()).startsWith("Fastest: ");
        });
    }

    @Test
    void theFingerprintNamesTheStartMethodTheRunUsedAndNoneWhenItStartedNoProcess() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode spawned = run(client, "{\"lesson\":\"lab\",\"experiment\":\"child\",\"params\":{\"method\":\"spawn\"}}");
            assertThat(spawned.path("status").asText()).as(spawned.toString()).isEqualTo("done");
            assertThat(spawned.path("result").path("fingerprint").path("startMethod").asText()).isEqualTo("spawn");
            JsonNode forkserver = run(client, "{\"lesson\":\"lab\",\"experiment\":\"child\",\"params\":{\"method\":\"forkserver\"}}");
            assertThat(forkserver.path("result").path("fingerprint").path("startMethod").asText()).isEqualTo("forkserver");
            JsonNode none = run(client, "{\"lesson\":\"lab\",\"experiment\":\"compare\"}");
            assertThat(none.path("result").path("fingerprint").has("startMethod")).isFalse();
        });
    }

    @Test
    void studentCodeReplacesTheLessonsCode() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode run = run(client, "{\"lesson\":\"lab\",\"experiment\":\"exits\",\"code\":\"print('edited')\"}");
            assertThat(run.path("status").asText()).isEqualTo("done");
            assertThat(run.path("code").asText()).isEqualTo("print('edited')");
            assertThat(run.path("result").path("stdout").asText()).isEqualTo("edited\n");
        });
    }

    @Test
    void badRequestsGetAClearSentence() {
        JavalinTest.test(app.create(), (server, client) -> {
            Response outOfRange = post(client, "{\"lesson\":\"lab\",\"experiment\":\"typed\",\"params\":{\"n\":\"99\"}}");
            assertThat(outOfRange.code()).isEqualTo(400);
            assertThat(json(outOfRange).path("error").asText()).isEqualTo("N must be between 1 and 10, not 99.");

            Response unknown = post(client, "{\"lesson\":\"lab\",\"experiment\":\"nope\"}");
            assertThat(unknown.code()).isEqualTo(404);
            assertThat(json(unknown).path("error").asText()).isEqualTo("There is no experiment 'nope' in lesson 'lab'.");

            Response notJson = post(client, "{oops");
            assertThat(notJson.code()).isEqualTo(400);
            assertThat(json(notJson).path("error").asText()).startsWith("The body must be JSON");

            assertThat(client.get("/api/runs/no-such-run").code()).isEqualTo(404);
        });
    }

    @Test
    void crossSiteAndTokenlessFormPostsAreRefused() {
        JavalinTest.test(app.create(), (server, client) -> {
            Response crossSite = client.post("/api/runs", "{\"lesson\":\"lab\",\"experiment\":\"exits\"}",
                    request -> request.header("Content-Type", "application/json").header("Origin", "https://evil.example"));
            assertThat(crossSite.code()).isEqualTo(403);

            HttpResponse<String> form = java.net.http.HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(client.getOrigin() + "/lessons/lab/experiments/exits/runs"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("prediction=x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(form.statusCode()).isEqualTo(403);
            assertThat(form.body()).contains("reload the page");
        });
    }

    @Test
    void eventsStreamProgressAndEndWithTheFinalStatus() {
        JavalinTest.test(app.create(), (server, client) -> {
            String id = json(post(client, "{\"lesson\":\"lab\",\"experiment\":\"compare\"}")).path("id").asText();
            HttpResponse<String> stream = java.net.http.HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(client.getOrigin() + "/api/runs/" + id + "/events"))
                            .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(90)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(stream.body()).contains("event: progress").contains("event: status").contains("event: end")
                    .contains("{\"status\":\"done\"}");
        });
    }
}
