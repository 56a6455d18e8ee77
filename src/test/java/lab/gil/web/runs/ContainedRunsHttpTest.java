package lab.gil.web.runs;

import com.fasterxml.jackson.databind.JsonNode;
import lab.gil.run.Json;
import lab.gil.run.channel.Recording;
import lab.gil.run.result.ResultJson;
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
 * Runs that attack the server through what it reads back from them: over-large harness records and a side channel
 * swapped for a FIFO. Each is contained in its own run, and the queue keeps serving the others.
 */
class ContainedRunsHttpTest {
    private static final Map<String, String> PROGRAMS = new LinkedHashMap<>();

    static {
        PROGRAMS.put("huge-env", """
                from gillab import _channel
                _channel.emit({"t": "env", "usableCores": 2, "padding": "x" * 1_500_000,
                               **{"k%d" % i: i for i in range(5000)}})
                print("sent")""");
        PROGRAMS.put("many-variants", """
                from gillab import _channel
                _channel.emit({"t": "variants", "names": ["variant number %d" % i for i in range(12_000)]})
                for i in range(12_000):
                    _channel.emit({"t": "rep", "variant": "variant number %d" % i, "index": 0, "value": 0.001 * i})
                print("sent")""");
        PROGRAMS.put("fifo", """
                import os, time
                channel = os.environ["GILLAB_CHANNEL"]
                try:
                    os.rename(channel, channel + ".moved")
                    os.mkfifo(channel)
                    print("swapped", flush=True)
                except OSError as e:
                    print("refused", e.errno, flush=True)
                time.sleep(1e9)""");
        PROGRAMS.put("sleeper", "import time\nprint('asleep', flush=True)\ntime.sleep(1e9)");
        PROGRAMS.put("hello", "print('still serving')");
    }

    private final TestApp app = TestApp.withLessons(Map.of("edge.md", lesson("Edge", 1, blocks())),
            Map.of("GILLAB_LIMIT_WALL_S", "120", "GILLAB_PARALLEL_RUNS", "2", "GILLAB_RUNS_PER_MINUTE", "100"));

    private static String blocks() {
        StringBuilder text = new StringBuilder();
        PROGRAMS.forEach((id, code) -> text.append("```python experiment\n# id: ").append(id).append("\n# title: ").append(id)
                .append("\n# chart: table\n").append(code).append("\n```\n\n"));
        return text.toString();
    }

    private static String start(HttpClient client, String id) throws Exception {
        var response = client.post("/api/runs", "{\"lesson\":\"edge\",\"experiment\":\"" + id + "\"}",
                request -> request.header("Content-Type", "application/json"));
        assertThat(response.code()).as(response.body().string()).isEqualTo(202);
        return Json.MAPPER.readTree(response.body().string()).path("id").asText();
    }

    private static JsonNode await(HttpClient client, String runId, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = Json.MAPPER.readTree(client.get("/api/runs/" + runId).body().string());
            if (run.path("status").asText().matches(state)) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " never reached " + state);
    }

    private static JsonNode run(HttpClient client, String id) throws Exception {
        return await(client, start(client, id), "(?!queued|running).*");
    }

    @Test
    void overLargeRecordsAreStoredShortenedWithASentenceAndTheQueueKeepsServing() {
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode env = run(client, "huge-env");
            assertThat(env.path("status").asText()).as(env.toString()).isEqualTo("done");
            assertThat(env.path("result").toString().length()).isLessThan(ResultJson.MAX_RESULT_CHARS);
            assertThat(env.path("result").path("warnings").toString()).contains("environment record was cut");
            assertThat(env.path("result").path("fingerprint").path("usableCores").asInt()).isEqualTo(2);

            JsonNode variants = run(client, "many-variants");
            assertThat(variants.path("status").asText()).as(variants.path("error").asText()).isEqualTo("done");
            assertThat(variants.path("result").toString().length()).isLessThan(ResultJson.MAX_RESULT_CHARS);
            assertThat(variants.path("result").path("repetitions").size()).isEqualTo(Recording.MAX_VARIANTS);
            assertThat(variants.path("result").path("warnings").toString()).contains("Only the first 100 variants");

            assertThat(run(client, "hello").path("result").path("stdout").asText()).isEqualTo("still serving\n");
        });
    }

    @Test
    void aRunThatSwapsItsChannelForAFifoCannotStallCancelForAnotherRun() {
        JavalinTest.test(app.create(), (server, client) -> {
            String fifo = start(client, "fifo");
            await(client, fifo, "running");
            String sleeper = start(client, "sleeper");
            await(client, sleeper, "running");
            // Give the polling thread a few rounds in which it would have met the FIFO.
            Thread.sleep(1000);
            assertThat(client.post("/api/runs/" + sleeper + "/cancel", "").code()).isLessThan(400);
            JsonNode cancelled = await(client, sleeper, "(?!queued|running).*");
            assertThat(cancelled.path("status").asText()).isEqualTo("killed");
            assertThat(cancelled.path("error").asText()).isEqualTo("You cancelled this run.");
            assertThat(client.post("/api/runs/" + fifo + "/cancel", "").code()).isLessThan(400);
            JsonNode attacker = await(client, fifo, "(?!queued|running).*");
            assertThat(attacker.path("status").asText()).isEqualTo("killed");
            assertThat(run(client, "hello").path("result").path("stdout").asText()).isEqualTo("still serving\n");
        });
    }
}
