package lab.gil;

import com.fasterxml.jackson.databind.JsonNode;
import lab.gil.run.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real server process with SIGKILL while one run is running and another waits, then starts it again
 * on the same data: finished runs are intact, unfinished ones are marked interrupted, no sandbox survives.
 */
class CrashSafetyTest {
    @TempDir
    Path lessons;
    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> servers = new ArrayList<>();
    private final String marker = "4" + ThreadLocalRandom.current().nextInt(100_000, 999_999) + ".5";

    @AfterEach
    void stopServers() {
        servers.forEach(Process::destroyForcibly);
    }

    @Test
    void aKilledServerLosesNoFinishedRunAndLeavesNoSandboxBehind() throws Exception {
        Files.writeString(lessons.resolve("lab.md"), lesson("Lab", 1, """
                ```python experiment
                # id: quick
                # title: Quick
                # chart: table
                import gillab as lab
                lab.metric("answer", 42)
                ```

                ```python experiment
                # id: sleepy
                # title: Sleepy
                # chart: table
                # param: n = 1 in 1..9 -- N
                import subprocess, time
                child = subprocess.Popen(["/bin/sleep", "%s"])
                time.sleep(120)
                ```
                """.formatted(marker)));
        int port = freePort();
        Process server = startServer(port);

        String quick = submit(port, "{\"lesson\":\"lab\",\"experiment\":\"quick\"}");
        JsonNode done = awaitStatus(port, quick, "done");
        String running = submit(port, "{\"lesson\":\"lab\",\"experiment\":\"sleepy\",\"params\":{\"n\":1}}");
        String waiting = submit(port, "{\"lesson\":\"lab\",\"experiment\":\"sleepy\",\"params\":{\"n\":2}}");
        awaitStatus(port, running, "running");
        awaitSandboxChild(true);

        server.destroyForcibly().waitFor();
        awaitSandboxChild(false);

        startServer(port);
        JsonNode afterQuick = get(port, "/api/runs/" + quick);
        assertThat(afterQuick.path("status").asText()).isEqualTo("done");
        assertThat(afterQuick.path("result")).isEqualTo(done.path("result"));
        for (String id : List.of(running, waiting)) {
            JsonNode run = get(port, "/api/runs/" + id);
            assertThat(run.path("status").asText()).as(id).isEqualTo("interrupted");
            assertThat(run.path("error").asText()).contains("server stopped");
        }
    }

    private Process startServer(int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "lab.gil.Main", "serve")
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("server-" + servers.size() + ".log").toFile());
        builder.environment().putAll(Map.of("PORT", Integer.toString(port), "GILLAB_LESSONS", lessons.toString(),
                "GILLAB_DATA", data.toString(), "GILLAB_WARM_INTERPRETERS", "1"));
        Process process = builder.start();
        servers.add(process);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("server started; see " + data).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("server did not answer /health within 60 s");
    }

    private String submit(int port, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/runs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.MAPPER.readTree(response.body()).path("id").asText();
    }

    private JsonNode get(int port, String path) throws Exception {
        return Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode awaitStatus(int port, String id, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = get(port, "/api/runs/" + id);
            if (run.path("status").asText().equals(status)) {
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + id + " never became " + status);
    }

    /** Waits until a process carrying this test's marker exists (or no longer does). */
    private void awaitSandboxChild(boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            boolean found = ProcessHandle.allProcesses()
                    .anyMatch(p -> p.info().arguments().map(args -> List.of(args).contains(marker)).orElse(false)
                            || p.info().commandLine().map(line -> line.contains(marker)).orElse(false));
            if (found == present) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(present ? "the sandboxed child never started" : "a sandboxed process survived the server");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
