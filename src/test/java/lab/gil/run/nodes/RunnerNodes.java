package lab.gil.run.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import lab.gil.run.Json;
import lab.gil.support.PostgresSchema;
import lab.gil.support.TestApp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A web node in this process that runs nothing itself (GILLAB_LOCAL_RUNNER=false) and runner nodes as real processes
 * ({@code java -cp <test classpath> lab.gil.Main runner}), all on one fresh PostgreSQL schema.
 */
final class RunnerNodes implements AutoCloseable {
    static final String INTERPRETERS = "python3=/usr/bin/python3";

    final PostgresSchema schema;
    final TestApp app;
    final Javalin web;
    final String origin;
    final Map<String, Process> runners = new HashMap<>();
    private final Path logs;
    private final HttpClient http = HttpClient.newHttpClient();

    RunnerNodes(String prefix, Map<String, String> lessons) throws IOException {
        schema = PostgresSchema.fresh(prefix);
        logs = Files.createTempDirectory("gillab-runner-logs");
        Map<String, String> env = new HashMap<>(nodeEnv());
        env.put("GILLAB_LOCAL_RUNNER", "false");
        env.put("GILLAB_INSTANCE", "web");
        app = TestApp.withLessonsOn(schema.dataSource(), lessons, env);
        web = app.create().start(0);
        origin = "http://127.0.0.1:" + web.port();
    }

    private Map<String, String> nodeEnv() {
        // A long wall limit: a stuck run ends only when cancelled or when its node dies.
        return Map.of("GILLAB_DB_URL", schema.jdbcUrl(), "GILLAB_INTERPRETERS", INTERPRETERS,
                "GILLAB_RUNNER_HEARTBEAT_S", "1", "GILLAB_RUNNER_TIMEOUT_S", "4", "GILLAB_LIMIT_WALL_S", "900");
    }

    /** Starts a runner process named {@code name} and waits until the web node lists it as alive. */
    Process startRunner(String name) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "lab.gil.Main", "runner")
                .redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().putAll(nodeEnv());
        builder.environment().putAll(Map.of("GILLAB_INSTANCE", name, "GILLAB_LESSONS", app.lessons.toString(),
                "GILLAB_DATA", Files.createTempDirectory("gillab-runner-data").toString(), "GILLAB_WARM_INTERPRETERS", "1"));
        Process process = builder.start();
        runners.put(name, process);
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("runner " + name + " exited: " + Files.readString(logs.resolve(name + ".log")));
            }
            return liveRunners().contains(name);
        });
        return process;
    }

    List<String> liveRunners() throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        health().path("runners").forEach(runner -> names.add(runner.path("name").asText()));
        return names;
    }

    JsonNode health() throws IOException, InterruptedException {
        return Json.MAPPER.readTree(get("/health"));
    }

    JsonNode run(String id) throws IOException, InterruptedException {
        return Json.MAPPER.readTree(get("/api/runs/" + id));
    }

    /** Cancels a run as its student, through the web node. */
    int cancel(String id, String cookie) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(origin + "/api/runs/" + id + "/cancel")).header("Cookie", cookie)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(origin + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Waits until the run has ended and returns it as the web node answers. */
    JsonNode awaitEnded(String id) {
        return await().atMost(Duration.ofSeconds(120)).until(() -> run(id), run -> {
            String status = run.path("status").asText();
            return !status.equals("queued") && !status.equals("running");
        });
    }

    String log(String name) throws IOException {
        return Files.readString(logs.resolve(name + ".log"));
    }

    @Override
    public void close() {
        runners.values().forEach(Process::destroy);
        for (Process process : runners.values()) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        web.stop();
    }
}
