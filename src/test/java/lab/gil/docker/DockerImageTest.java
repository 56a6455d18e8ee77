package lab.gil.docker;

import com.fasterxml.jackson.databind.JsonNode;
import lab.gil.run.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docker image (GILLAB_TEST_DOCKER_IMAGE, built and set by .ci/docker-tests) started both ways the README
 * shows: plain, where edited code is refused, and with the seccomp profile, where bubblewrap contains it. Hostile
 * code must reach neither the data, the lessons nor the server in either. Skipped loudly without an image, except
 * in CI where that is a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerImageTest {
    private static final String LESSON = "sync-vs-async";
    private static final String EXPERIMENT = "one-thread-sync";
    private static final Map<String, Object> QUICK = Map.of("steps", 1, "work", 10_000, "wait", 0.0);
    private static final String PROBES = """
            import os, socket
            def probe(name, action):
                try:
                    action()
                    print('REACHED', name)
                except Exception as e:
                    print('BLOCKED', name, type(e).__name__)
            probe('data', lambda: open('/app/data/gillab.mv.db', 'rb').read(16))
            probe('lessons', lambda: open('/app/lessons/the-gil.md', 'a').write('changed'))
            probe('new-lesson', lambda: open('/app/lessons/evil.md', 'w').write('evil'))
            probe('server', lambda: socket.create_connection(('127.0.0.1', 7070), timeout=3))
            print('UID', os.getuid())
            """;
    private static final String FORK_BOMB = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass";
    private static final String MEMORY_BOMB = "blocks = []\nwhile True:\n    blocks.append(bytearray(50_000_000))";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Container> started = new ArrayList<>();
    private Container plain;
    private Container secure;

    /** One started container: its name and the loopback port its 7070 is published on. */
    record Container(String name, int port) {
        String origin() {
            return "http://127.0.0.1:" + port;
        }
    }

    @BeforeAll
    void startTheImageBothWays() throws Exception {
        String image = System.getenv("GILLAB_TEST_DOCKER_IMAGE");
        if (image == null || image.isBlank()) {
            String message = "GILLAB_TEST_DOCKER_IMAGE is not set: the Docker image is not tested (.ci/docker-tests builds it).";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            System.err.println("\n*** SKIPPING DOCKER IMAGE TEST *** " + message + "\n");
            Assumptions.abort(message);
        }
        plain = start(image, List.of());
        secure = start(image, List.of("--security-opt", "seccomp=docker/seccomp-bwrap.json",
                "--security-opt", "systempaths=unconfined"));
        for (Container container : started) {
            await("GET /health answers on " + container.name(), Duration.ofSeconds(240), () -> {
                try {
                    return get(container, "/health").statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    /** The README's line, on a loopback port of its own, with lower wall-clock and memory limits so bombs end sooner. */
    private Container start(String image, List<String> securityOptions) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Container container = new Container("gillab-test-" + UUID.randomUUID().toString().substring(0, 8), port);
        List<String> command = new ArrayList<>(List.of("docker", "run", "-d", "--name", container.name(),
                "-p", "127.0.0.1:" + port + ":7070", "-e", "GILLAB_LIMIT_WALL_S=20", "-e", "GILLAB_LIMIT_MEM_MB=256", "--health-interval", "2s"));
        command.addAll(securityOptions);
        command.add(image);
        docker(command);
        started.add(container);
        return container;
    }

    @AfterAll
    void removeTheContainers() throws Exception {
        for (Container container : started) {
            docker(List.of("docker", "rm", "-f", "-v", container.name()));
        }
    }

    @Test
    void theHealthCheckOfBothContainersReportsHealthy() {
        for (Container container : started) {
            await(container.name() + " healthy", Duration.ofSeconds(90),
                    () -> inspect(container, "{{.State.Health.Status}}").equals("healthy"));
        }
    }

    @Test
    void healthSaysHowEachContainerContainsRuns() throws Exception {
        JsonNode plainHealth = Json.MAPPER.readTree(get(plain, "/health").body());
        assertThat(plainHealth.path("status").asText()).isEqualTo("ok");
        assertThat(plainHealth.path("sandbox").asText()).doesNotContain("bubblewrap").contains("uid 65534");
        assertThat(plainHealth.path("editedCode").path("allowed").asBoolean()).isFalse();
        assertThat(plainHealth.path("editedCode").path("reason").asText()).contains("GILLAB_REQUIRE_NAMESPACES");

        JsonNode secureHealth = Json.MAPPER.readTree(get(secure, "/health").body());
        assertThat(secureHealth.path("status").asText()).isEqualTo("ok");
        assertThat(secureHealth.path("sandbox").asText()).contains("bubblewrap").contains("uid 65534");
        assertThat(secureHealth.path("editedCode").path("allowed").asBoolean()).isTrue();
    }

    @Test
    void anImageBuiltWithFreeThreadedCPythonOffersTheGilOnAndOff() throws Exception {
        String label = docker(List.of("docker", "image", "inspect", "--format",
                "{{index .Config.Labels \"lab.gil.free-threaded\"}}", System.getenv("GILLAB_TEST_DOCKER_IMAGE"))).strip();
        Assumptions.assumeTrue("1".equals(label), "the image was built with FREE_THREADED=" + label);
        Map<String, Boolean> gil = new java.util.TreeMap<>();
        for (JsonNode interpreter : Json.MAPPER.readTree(get(secure, "/health").body()).path("interpreters")) {
            gil.put(interpreter.path("name").asText(), interpreter.path("gilEnabled").asBoolean());
        }
        assertThat(gil).containsEntry("python3.13", true).containsEntry("python3.13t", false);

        JsonNode run = runToTheEnd(secure, null, "python3.13t");
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("done");
        assertThat(run.path("result").path("fingerprint").path("gilEnabled").asBoolean(true)).as(run.toString()).isFalse();
    }

    @Test
    void theLessonsOwnExperimentFinishesInBothContainers() throws Exception {
        for (Container container : started) {
            JsonNode run = runToTheEnd(container, null);
            assertThat(run.path("status").asText()).as(container.name() + ": " + run).isEqualTo("done");
        }
    }

    @Test
    void thePlainContainerRefusesEditedCodeAndSaysSoOnTheLessonPage() throws Exception {
        for (String code : List.of(PROBES, FORK_BOMB, MEMORY_BOMB)) {
            HttpResponse<String> response = post(plain, code);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            assertThat(response.body()).contains("does not run edited code");
        }
        assertThat(get(plain, "/lessons/" + LESSON).body()).contains("This server does not run edited code");
    }

    @Test
    void withoutBubblewrapTheRunsUidCanNeitherReadTheDataNorChangeTheLessons() throws Exception {
        String asNobody = "cat /app/data/gillab.mv.db >/dev/null && echo READ-DATA; "
                + "touch /app/lessons/evil.md && echo WROTE-LESSONS; ls /app/lessons >/dev/null && echo LISTED-LESSONS; echo checked";
        String output = docker(List.of("docker", "exec", "-u", "65534:65534", plain.name(), "sh", "-c", asNobody + " 2>&1"));
        assertThat(output).contains("checked").doesNotContain("READ-DATA", "WROTE-LESSONS", "LISTED-LESSONS");
        assertThat(docker(List.of("docker", "exec", plain.name(), "sh", "-c", "stat -c '%u %a' /proc/1"))).startsWith("0 ");
    }

    @Test
    void withBubblewrapHostileCodeReachesNeitherTheDataTheLessonsNorTheServer() throws Exception {
        JsonNode run = runToTheEnd(secure, PROBES);
        String stdout = run.path("result").path("stdout").asText();
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("done");
        assertThat(stdout).contains("BLOCKED data", "BLOCKED lessons", "BLOCKED new-lesson", "BLOCKED server", "UID 65534")
                .doesNotContain("REACHED");
        assertThat(docker(List.of("docker", "exec", secure.name(), "ls", "/app/lessons"))).doesNotContain("evil.md");
    }

    @Test
    void withBubblewrapForkAndMemoryBombsEndWithASentenceAndTheServerStaysHealthy() throws Exception {
        JsonNode forkBomb = runToTheEnd(secure, FORK_BOMB);
        assertThat(forkBomb.path("status").asText()).as(forkBomb.toString()).isIn("timeout", "killed", "failed");
        assertThat(forkBomb.path("error").asText()).isNotBlank();
        JsonNode memoryBomb = runToTheEnd(secure, MEMORY_BOMB);
        // On a loaded machine filling memory can take longer than the wall-clock limit: both are containment.
        assertThat(memoryBomb.path("status").asText()).as(memoryBomb.toString()).isIn("timeout", "killed", "failed");
        assertThat(memoryBomb.path("error").asText()).containsAnyOf("emory", "wall-clock");
        assertThat(get(secure, "/health").statusCode()).isEqualTo(200);
    }

    private JsonNode runToTheEnd(Container container, String code) throws Exception {
        return runToTheEnd(container, code, null);
    }

    private JsonNode runToTheEnd(Container container, String code, String interpreter) throws Exception {
        HttpResponse<String> response = post(container, code, interpreter);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = Json.MAPPER.readTree(response.body()).path("id").asText();
        JsonNode[] last = new JsonNode[1];
        await("run " + id + " on " + container.name() + " ends", Duration.ofSeconds(120), () -> {
            try {
                last[0] = Json.MAPPER.readTree(get(container, "/api/runs/" + id).body());
            } catch (IOException e) {
                return false;
            }
            return !last[0].path("status").asText().matches("queued|running");
        });
        return last[0];
    }

    private HttpResponse<String> post(Container container, String code) throws Exception {
        return post(container, code, null);
    }

    private HttpResponse<String> post(Container container, String code, String interpreter) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("lesson", LESSON, "experiment", EXPERIMENT, "params", QUICK));
        if (code != null) {
            body.put("code", code);
        }
        if (interpreter != null) {
            body.put("interpreter", interpreter);
        }
        return http.send(HttpRequest.newBuilder(URI.create(container.origin() + "/api/runs"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(Container container, String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(container.origin() + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private String inspect(Container container, String format) {
        try {
            return docker(List.of("docker", "inspect", "--format", format, container.name())).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs a docker command from the repository root (where docker/ is) and returns its output; fails on exit != 0. */
    private static String docker(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Polls {@code condition} until it holds, failing with {@code what} and the containers' logs after {@code limit}. */
    private void await(String what, Duration limit, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        StringBuilder logs = new StringBuilder();
        for (Container container : started) {
            try {
                logs.append("\n--- ").append(container.name()).append(" ---\n")
                        .append(docker(List.of("docker", "logs", "--tail", "40", container.name())));
            } catch (IOException e) {
                logs.append(e.getMessage());
            }
        }
        throw new AssertionError("not within " + limit.toSeconds() + " s: " + what + logs);
    }
}
