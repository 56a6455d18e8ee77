package lab.gil.web.runs;

import lab.gil.run.Json;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile programs sent through the real API, runner and sandbox (the sandbox's own suite covers many more at
 * the process level): each ends with a clear sentence, and the server answers /health while they run.
 */
class HostileRunsHttpTest {
    private static final Map<String, String> PROGRAMS = new LinkedHashMap<>();

    static {
        PROGRAMS.put("forkbomb", "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass");
        PROGRAMS.put("memory", "blocks = []\nwhile True:\n    blocks.append(bytearray(50_000_000))");
        PROGRAMS.put("flood", "while True:\n    print('x' * 10_000)");
        PROGRAMS.put("forever", "import time\ntime.sleep(1e9)");
        PROGRAMS.put("parent", "import os\nos.kill(os.getppid(), 9)\nimport time\ntime.sleep(30)");
        PROGRAMS.put("markup", "print('<script>alert(1)</script>\\x1b[31m\\u202e\\x00done')");
        PROGRAMS.put("secrets", "import os\nprint(sorted(os.environ))\nprint(os.path.exists('/etc/shadow'))");
    }

    private final TestApp app = TestApp.withLessons(Map.of("bad.md", lesson("Bad", 1, blocks())),
            Map.of("GILLAB_LIMIT_WALL_S", "12", "GILLAB_LIMIT_MEM_MB", "256", "GILLAB_LIMIT_PROCS", "32",
                    "GILLAB_LIMIT_OUTPUT_KB", "64", "GILLAB_RUNS_PER_MINUTE", "100"));

    private static String blocks() {
        StringBuilder text = new StringBuilder();
        PROGRAMS.forEach((id, code) -> text.append("```python experiment\n# id: ").append(id).append("\n# title: ").append(id)
                .append("\n# chart: table\n").append(code).append("\n```\n\n"));
        return text.toString();
    }

    private static JsonNode run(HttpClient client, String id) throws Exception {
        var response = client.post("/api/runs", "{\"lesson\":\"bad\",\"experiment\":\"" + id + "\"}",
                request -> request.header("Content-Type", "application/json"));
        assertThat(response.code()).as(response.body().string()).isEqualTo(202);
        String runId = Json.MAPPER.readTree(response.body().string()).path("id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(client.get("/health").code()).as("the server answers while '" + id + "' runs").isEqualTo(200);
            JsonNode run = Json.MAPPER.readTree(client.get("/api/runs/" + runId).body().string());
            if (!run.path("status").asText().matches("queued|running")) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(id + " did not end");
    }

    @Test
    void everyHostileProgramEndsWithAClearSentenceWhileTheServerKeepsServing() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode forkbomb = run(client, "forkbomb");
            assertThat(forkbomb.path("status").asText()).isIn("timeout", "killed", "failed");
            assertThat(forkbomb.path("error").asText()).isNotBlank();

            JsonNode memory = run(client, "memory");
            assertThat(memory.path("status").asText()).isIn("killed", "failed");
            assertThat(memory.path("error").asText()).containsIgnoringCase("memory");

            JsonNode flood = run(client, "flood");
            assertThat(flood.path("status").asText()).isEqualTo("killed");
            assertThat(flood.path("error").asText()).containsIgnoringCase("output");
            assertThat(flood.path("result").path("stdout").asText().length()).isLessThanOrEqualTo(64 * 1024);

            JsonNode forever = run(client, "forever");
            assertThat(forever.path("status").asText()).isEqualTo("timeout");
            assertThat(forever.path("error").asText()).contains("12 s");

            JsonNode parent = run(client, "parent");
            assertThat(parent.path("status").asText()).isNotEqualTo("running");

            JsonNode markup = run(client, "markup");
            assertThat(markup.path("status").asText()).isEqualTo("done");
            assertThat(markup.path("result").path("stdout").asText()).contains("<script>").doesNotContain("\u0000");

            // The run sees only the variables the runner gives it: nothing of the server's environment.
            JsonNode secrets = run(client, "secrets");
            assertThat(secrets.path("result").path("stdout").asText()).isEqualTo(
                    "['GILLAB_CHANNEL', 'GILLAB_CONFIG', 'GILLAB_T0_NS', 'HOME', 'LANG', 'MKL_NUM_THREADS', 'OMP_NUM_THREADS', "
                            + "'OPENBLAS_NUM_THREADS', 'PATH', 'PYTHONDONTWRITEBYTECODE', 'PYTHONUNBUFFERED']\nFalse\n");
        });
    }
}
