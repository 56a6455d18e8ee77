package lab.gil.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import lab.gil.App;
import lab.gil.run.RunPipeline;
import lab.gil.run.Json;
import lab.gil.sandbox.EditedCodePolicy;
import lab.gil.sandbox.Sandbox;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server whose runs cannot be isolated in namespaces (bubblewrap forbidden here, and namespaces required as the
 * Docker image requires them) refuses students' edited code with one sentence, everywhere a run can be asked
 * for, while the lesson's own code still runs with the student's parameters.
 */
class EditedCodeRefusalHttpTest {
    /** The whole block, header included, is the lesson's code as the page shows it. */
    private static final String CODE = "# id: echo\n# title: Echo\n# chart: table\n# param: n = 3 in 1..10 -- N\n"
            + "import gillab as lab\nprint('lesson code', lab.params().n)\n";
    private static final String CSRF = "0123456789abcdef0123456789abcdef";

    private final TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1,
                    "```python experiment\n" + CODE + "```\n")),
            Map.of("GILLAB_REQUIRE_NAMESPACES", "true"));

    private io.javalin.Javalin server() {
        Sandbox withoutNamespaces = Sandbox.builder(app.config.limits()).bubblewrap(false).cgroups(false).build();
        return App.create(new App.Deps(app.config, app.dataSource, app.catalog,
                RunPipeline.start(app.config, app.dataSource, app.catalog, withoutNamespaces)));
    }

    private static Response postJson(HttpClient client, String path, String body) {
        return client.post(path, body, request -> request.header("Content-Type", "application/json"));
    }

    private static String edited() throws Exception {
        return Json.MAPPER.writeValueAsString(Map.of("lesson", "lab", "experiment", "echo", "code", "import os\nprint(os.listdir('/'))"));
    }

    @Test
    void editedCodeIsRefusedWithASentenceByTheApiAndTheComparison() {
        JavalinTest.test(server(), (server, client) -> {
            for (String path : new String[]{"/api/runs", "/api/runs/compare"}) {
                Response refused = postJson(client, path, edited());
                assertThat(refused.code()).isEqualTo(403);
                assertThat(refused.body().string()).contains("does not run edited code");
            }
        });
    }

    @Test
    void theLessonPageFormAnswersWithTheSentenceInsteadOfARun() {
        JavalinTest.test(server(), (server, client) -> {
            HttpResponse<String> form = java.net.http.HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(client.getOrigin() + "/lessons/lab/experiments/echo/runs"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Cookie", "gillab_csrf=" + CSRF).header("X-CSRF-Token", CSRF)
                            .POST(HttpRequest.BodyPublishers.ofString("param.n=4&code=print(%27mine%27)")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).contains("does not run edited code").doesNotContain("run-status");
        });
    }

    @Test
    void theLessonsOwnCodeStillRunsWithTheStudentsParameters() {
        JavalinTest.test(server(), (server, client) -> {
            String withoutCode = Json.MAPPER.writeValueAsString(Map.of("lesson", "lab", "experiment", "echo", "params", Map.of("n", 7)));
            Response accepted = postJson(client, "/api/runs", withoutCode);
            assertThat(accepted.code()).isEqualTo(202);
            JsonNode run = Runs.awaitFinished(client, Json.MAPPER.readTree(accepted.body().string()).path("id").asText());
            assertThat(run.path("status").asText()).isEqualTo("done");
            assertThat(run.path("result").path("stdout").asText()).isEqualTo("lesson code 7\n");

            String sameCode = Json.MAPPER.writeValueAsString(Map.of("lesson", "lab", "experiment", "echo", "code", CODE));
            assertThat(postJson(client, "/api/runs", sameCode).code()).isEqualTo(202);
        });
    }

    @Test
    void healthAndTheLessonPageSayWhy() {
        JavalinTest.test(server(), (server, client) -> {
            JsonNode health = Json.MAPPER.readTree(client.get("/health").body().string());
            assertThat(health.path("editedCode").path("allowed").asBoolean()).isFalse();
            assertThat(health.path("editedCode").path("reason").asText()).contains("GILLAB_REQUIRE_NAMESPACES=true", "bubblewrap");
            assertThat(client.get("/lessons/lab").body().string()).contains("This server does not run edited code");
        });
    }

    @Test
    void theOperatorCanAcceptTheRisk() {
        TestApp anyway = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1,
                        "```python experiment\n# id: echo\n# title: Echo\n# chart: table\nprint('lesson')\n```\n")),
                Map.of("GILLAB_REQUIRE_NAMESPACES", "true", EditedCodePolicy.ALLOW_UNISOLATED, "true"));
        Sandbox withoutNamespaces = Sandbox.builder(anyway.config.limits()).bubblewrap(false).cgroups(false).build();
        JavalinTest.test(App.create(new App.Deps(anyway.config, anyway.dataSource, anyway.catalog,
                RunPipeline.start(anyway.config, anyway.dataSource, anyway.catalog, withoutNamespaces))), (server, client) -> {
            Response accepted = postJson(client, "/api/runs", "{\"lesson\":\"lab\",\"experiment\":\"echo\",\"code\":\"print('mine')\"}");
            assertThat(accepted.code()).isEqualTo(202);
            JsonNode run = Runs.awaitFinished(client, Json.MAPPER.readTree(accepted.body().string()).path("id").asText());
            assertThat(run.path("result").path("stdout").asText()).isEqualTo("mine\n");
        });
    }
}
