package lab.gil.run.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import lab.gil.support.Runs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runner nodes on PostgreSQL as an operator runs them: a web node that runs nothing and two runner processes. Runs
 * spread over both, their progress reaches the page through the web node, and a runner killed mid-run leaves its run
 * interrupted while the next runs finish on the other, and a cancel on the web node stops the run on its runner. Skipped loudly without GILLAB_TEST_POSTGRES_URL.
 */
class RunnerNodesHttpTest {
    private static final String LESSON = lesson("Lab", 1, """
            ```python experiment
            # id: steps
            # title: Steps
            # chart: bar
            # repetitions: 4
            # param: n = 1 in 1..100 -- N
            import time
            import gillab as lab
            lab.compare({'a': lambda: time.sleep(0.3)})
            ```

            ```python experiment
            # id: stuck
            # title: Stuck
            # chart: bar
            # param: n = 1 in 1..100 -- N
            import time
            time.sleep(600)
            ```
            """);

    private RunnerNodes nodes;

    @AfterEach
    void stopTheNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void runsSpreadOverTwoRunnerNodesAndTheirProgressStreamsThroughAWebNodeThatRunsNothing() throws Exception {
        nodes = new RunnerNodes("nodes", Map.of("lab.md", LESSON));
        assertThat(nodes.health().path("runs").path("workers").asInt()).as("the web node runs nothing itself").isZero();
        nodes.startRunner("runner-a");
        nodes.startRunner("runner-b");
        assertThat(nodes.liveRunners()).containsExactly("runner-a", "runner-b");

        List<String> ids = new ArrayList<>();
        LinkedBlockingQueue<String> frames = null;
        for (int i = 1; i <= 6; i++) {
            ids.add(Runs.submit(nodes.origin, "{\"lesson\":\"lab\",\"experiment\":\"steps\",\"params\":{\"n\":" + i + "}}", cookie(i)));
            if (frames == null) {
                frames = follow(ids.get(0));
            }
        }

        Set<String> ranOn = new HashSet<>();
        for (String id : ids) {
            JsonNode run = nodes.awaitEnded(id);
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("done");
            ranOn.add(run.path("result").path("fingerprint").path("node").asText());
        }
        assertThat(ranOn).containsExactlyInAnyOrder("runner-a", "runner-b");

        List<String> received = new ArrayList<>();
        LinkedBlockingQueue<String> stream = frames;
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            stream.drainTo(received);
            return received.stream().anyMatch(line -> line.startsWith("event: end"));
        });
        assertThat(received).anyMatch(line -> line.contains("\"status\":\"running\"") && line.matches(".*\"fraction\":0\\.\\d+.*"));
        assertThat(received).anyMatch(line -> line.contains("\"status\":\"done\""));
    }

    @Test
    void aCancelReachesTheRunnerRunningItAndARunnerKilledMidRunLeavesItsRunInterruptedWhileTheNextRunsFinish() throws Exception {
        nodes = new RunnerNodes("killed", Map.of("lab.md", LESSON));
        nodes.startRunner("runner-a");
        nodes.startRunner("runner-b");

        String stuck = Runs.submit(nodes.origin, "{\"lesson\":\"lab\",\"experiment\":\"stuck\"}", cookie(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> nodes.run(stuck).path("status").asText().equals("running"));
        String node = claimedBy(stuck);
        assertThat(node).isIn("runner-a", "runner-b");
        String other = node.equals("runner-a") ? "runner-b" : "runner-a";

        // The other runner takes a second stuck run; its student cancels it on the web node, and the runner stops it
        // (else it would be busy for ten minutes and the runs below could not finish on it).
        String cancelled = Runs.submit(nodes.origin, "{\"lesson\":\"lab\",\"experiment\":\"stuck\",\"params\":{\"n\":2}}", cookie(2));
        await().atMost(Duration.ofSeconds(60)).until(() -> nodes.run(cancelled).path("status").asText().equals("running"));
        assertThat(claimedBy(cancelled)).isEqualTo(other);
        assertThat(nodes.cancel(cancelled, cookie(2))).isEqualTo(200);
        assertThat(nodes.run(cancelled).path("status").asText()).isEqualTo("killed");

        nodes.runners.get(node).destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        JsonNode interrupted = nodes.awaitEnded(stuck);
        assertThat(interrupted.path("status").asText()).isEqualTo("interrupted");
        assertThat(interrupted.path("error").asText()).contains("runner node running it stopped");
        await().atMost(Duration.ofSeconds(30)).until(() -> !nodes.liveRunners().contains(node));
        assertThat(nodes.liveRunners()).containsExactly(other);

        for (int i = 1; i <= 2; i++) {
            String next = Runs.submit(nodes.origin, "{\"lesson\":\"lab\",\"experiment\":\"steps\",\"params\":{\"n\":" + i + "}}", cookie(i + 2));
            JsonNode done = nodes.awaitEnded(next);
            assertThat(done.path("status").asText()).isEqualTo("done");
            assertThat(done.path("result").path("fingerprint").path("node").asText()).isEqualTo(other);
        }
        // The killed run was never handed to another node: it ran once, and stays interrupted.
        assertThat(nodes.run(stuck).path("status").asText()).isEqualTo("interrupted");
    }

    private static String cookie(int student) {
        return "gillab_student=" + String.format("%032x", student);
    }

    /** The node that claimed the run's execution, as the shared queue has it. */
    private String claimedBy(String run) throws Exception {
        try (Connection connection = nodes.schema.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT e.node FROM runs r JOIN run_executions e ON e.id = r.execution_id WHERE r.id = ?")) {
            statement.setString(1, run);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).as("the run's execution is in the shared queue").isTrue();
                return row.getString(1);
            }
        }
    }

    /** Opens the run's event stream on the web node, as the lesson page does, and collects its lines. */
    private LinkedBlockingQueue<String> follow(String id) {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(nodes.origin + "/api/runs/" + id + "/events"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(lines::add));
        return lines;
    }
}
