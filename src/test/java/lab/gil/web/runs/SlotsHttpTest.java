package lab.gil.web.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import lab.gil.run.Json;
import lab.gil.sandbox.CpuSlots;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Two slots of one core on a two-core machine: two runs at once, each on its own core, and results that say so. */
class SlotsHttpTest {
    private static final String LESSONS = lesson("Lab", 1,
            "```python experiment\n# id: where\n# title: Where\n# chart: table\n# param: n = 1 in 1..100 -- N\n"
                    + "import os, time, gillab as lab\nlab.metric('cores', len(os.sched_getaffinity(0)))\n"
                    + "print(','.join(str(c) for c in sorted(os.sched_getaffinity(0))))\ntime.sleep(5)\n```\n");

    @Test
    void twoRunsRunAtOnceEachPinnedToItsOwnCoreAndTheFingerprintNamesNodeSlotAndCores() {
        CpuSlots probe = CpuSlots.detect(2, 1);
        assumeTrue(probe.pinned() && probe.slots().size() == 2, "no writable cpuset with two cores here: " + probe.reason());
        TestApp app = TestApp.withLessons(Map.of("lab.md", LESSONS),
                Map.of("GILLAB_SLOTS", "2", "GILLAB_SLOT_CORES", "1", "GILLAB_INSTANCE", "node-a"));
        JavalinTest.test(app.create(), (server, client) -> {
            JsonNode health = Json.MAPPER.readTree(client.get("/health").body().string());
            assertThat(health.path("slots").path("pinned").asBoolean()).isTrue();
            assertThat(health.path("slots").path("runsAtOnce").asInt()).isEqualTo(2);
            assertThat(health.path("runs").path("workers").asInt()).isEqualTo(2);

            String cookie = "gillab_student=" + "5".repeat(32);
            String first = Runs.submit(client.getOrigin(), "{\"lesson\":\"lab\",\"experiment\":\"where\",\"params\":{\"n\":1}}", cookie);
            String second = Runs.submit(client.getOrigin(), "{\"lesson\":\"lab\",\"experiment\":\"where\",\"params\":{\"n\":2}}", cookie);
            // Each run sleeps long enough that the second starts while the first still runs, calibration included.
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> status(client, first).equals("running")
                    && status(client, second).equals("running"));

            JsonNode a = Runs.awaitFinished(client, first).path("result");
            JsonNode b = Runs.awaitFinished(client, second).path("result");
            assertThat(List.of(a.path("fingerprint").path("slot").asInt(), b.path("fingerprint").path("slot").asInt()))
                    .containsExactlyInAnyOrder(1, 2);
            for (JsonNode result : List.of(a, b)) {
                JsonNode fingerprint = result.path("fingerprint");
                assertThat(fingerprint.path("node").asText()).isEqualTo("node-a");
                assertThat(fingerprint.path("usableCores").asInt()).isEqualTo(1);
                assertThat(result.path("stdout").asText().strip()).isEqualTo(fingerprint.path("slotCores").asText());
            }
            assertThat(a.path("fingerprint").path("slotCores").asText()).isNotEqualTo(b.path("fingerprint").path("slotCores").asText());
        });
    }

    private static String status(io.javalin.testtools.HttpClient client, String id) throws Exception {
        return Json.MAPPER.readTree(client.get("/api/runs/" + id).body().string()).path("status").asText();
    }
}
