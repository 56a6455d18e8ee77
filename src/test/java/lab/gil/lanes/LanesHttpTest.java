package lab.gil.lanes;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import lab.gil.run.Json;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain Python, with no harness import, run through the real sandbox: the kernel's view of its threads comes back
 * as lanes. Fractions of each thread's life, never durations, since the machine is shared.
 */
class LanesHttpTest {
    private static String block(String id, String code) {
        return "```python experiment\n# id: " + id + "\n# title: " + id + "\n# chart: table\n" + code + "\n```\n\n";
    }

    private static final String GIL = """
            import threading

            def work():
                n = 0
                for i in range(8_000_000):
                    n += i

            threads = [threading.Thread(target=work, name="worker-%d" % k) for k in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()""";

    private static final String HASHING = """
            import hashlib, threading

            data = b"x" * (8 << 20)

            def work():
                for _ in range(25):
                    hashlib.sha256(data).digest()

            threads = [threading.Thread(target=work, name="hasher-%d" % k) for k in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()""";

    private static final String SLEEPING = """
            import threading, time

            sleeper = threading.Thread(target=time.sleep, args=(0.6,), name="sleeper")
            sleeper.start()
            sleeper.join()""";

    private static final String PROCESSES = """
            import multiprocessing

            def work():
                n = 0
                for i in range(8_000_000):
                    n += i

            if __name__ == "__main__":
                processes = [multiprocessing.Process(target=work) for _ in range(2)]
                for p in processes:
                    p.start()
                for p in processes:
                    p.join()""";

    private final TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1,
            block("gil", GIL) + block("hashing", HASHING) + block("sleeping", SLEEPING) + block("processes", PROCESSES))));

    private static List<LaneView> lanes(HttpClient client, String experiment) throws Exception {
        String id = Json.MAPPER.readTree(client.post("/api/runs", "{\"lesson\":\"lab\",\"experiment\":\"" + experiment + "\"}",
                r -> r.header("Content-Type", "application/json")).body().string()).path("id").asText();
        JsonNode run = Runs.awaitFinished(client, id);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("done");
        JsonNode result = run.path("result");
        assertThat(result.path("lanesUnavailable").isNull()).as(result.path("lanesUnavailable").asText()).isTrue();
        List<LaneView> lanes = new ArrayList<>();
        result.path("lanes").forEach(lane -> lanes.add(LaneView.of(lane)));
        System.out.println(experiment + ": " + lanes);
        return lanes;
    }

    private static LaneView named(List<LaneView> lanes, String name) {
        return lanes.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no lane " + name + " in " + lanes));
    }

    @Test
    void twoPythonThreadsWithoutTheHarnessTakeTurnsBetweenRunningAndTheLock() {
        JavalinTest.test(app.create(), (server, client) -> {
            List<LaneView> lanes = lanes(client, "gil");
            LaneView first = named(lanes, "worker-0");
            LaneView second = named(lanes, "worker-1");
            for (LaneView worker : List.of(first, second)) {
                assertThat(worker.count("running")).as("running stretches of " + worker).isGreaterThanOrEqualTo(5);
                assertThat(worker.count("lock")).as("lock stretches of " + worker).isGreaterThanOrEqualTo(5);
                assertThat(worker.alternates()).as(worker + " alternates").isTrue();
            }
            assertThat(named(lanes, "MainThread").fraction("lock")).as("the main thread waits in join").isGreaterThan(0.8);
        });
    }

    @Test
    void hashingThreadsRunSideBySide() {
        JavalinTest.test(app.create(), (server, client) -> {
            List<LaneView> lanes = lanes(client, "hashing");
            LaneView first = named(lanes, "hasher-0");
            LaneView second = named(lanes, "hasher-1");
            assertThat(first.fraction("running")).isGreaterThan(0.7);
            assertThat(second.fraction("running")).isGreaterThan(0.7);
            assertThat(first.overlapFraction(second)).as("share of their common life both ran").isGreaterThan(0.6);
        });
    }

    @Test
    void aSleepingThreadIsInASystemCall() {
        JavalinTest.test(app.create(), (server, client) -> {
            LaneView sleeper = named(lanes(client, "sleeping"), "sleeper");
            assertThat(sleeper.fraction("syscall")).isGreaterThan(0.8);
        });
    }

    @Test
    void twoProcessesRunAtTheSameTimeInLanesOfTheirOwn() {
        JavalinTest.test(app.create(), (server, client) -> {
            List<LaneView> lanes = lanes(client, "processes");
            LaneView first = named(lanes, "Process-1");
            LaneView second = named(lanes, "Process-2");
            assertThat(first.pid()).isNotEqualTo(second.pid()).isNotEqualTo(named(lanes, "MainThread").pid());
            assertThat(first.fraction("running")).isGreaterThan(0.7);
            assertThat(second.fraction("running")).isGreaterThan(0.7);
            assertThat(first.overlapFraction(second)).as("share of their common life both ran").isGreaterThan(0.5);
        });
    }

    @Test
    void withLanesTurnedOffTheResultSaysSoAndHasNoLanes() {
        TestApp off = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1, block("sleeping", SLEEPING))), Map.of("GILLAB_LANES_HZ", "0"));
        JavalinTest.test(off.create(), (server, client) -> {
            String id = Json.MAPPER.readTree(client.post("/api/runs", "{\"lesson\":\"lab\",\"experiment\":\"sleeping\"}",
                    r -> r.header("Content-Type", "application/json")).body().string()).path("id").asText();
            JsonNode result = Runs.awaitFinished(client, id).path("result");
            assertThat(result.path("lanes").isArray()).isTrue();
            assertThat(result.path("lanes")).isEmpty();
            assertThat(result.path("lanesUnavailable").asText()).isEqualTo("Thread lanes are turned off on this server (GILLAB_LANES_HZ=0).");
            assertThat(result.path("fingerprint").path("lanesHz").asInt()).isZero();
        });
    }
}
