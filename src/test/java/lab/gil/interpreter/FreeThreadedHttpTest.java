package lab.gil.interpreter;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import lab.gil.run.Json;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static lab.gil.interpreter.RealFreeThreaded.DEFAULT_BUILD;
import static lab.gil.interpreter.RealFreeThreaded.FREE_THREADED;
import static lab.gil.interpreter.RealFreeThreaded.PYTHON;
import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs through the HTTP API, in the server's sandbox, on the real CPython 3.13 builds, GIL on and off. */
class FreeThreadedHttpTest {
    private static final String COOKIE = "gillab_student=0123456789abcdef0123456789abcdee";
    private static final String INTERPRETERS = "python3=" + PYTHON + ",python3.13=" + DEFAULT_BUILD + ",python3.13t=" + FREE_THREADED;

    /** The GIL of the run's process and of a child it spawns (which must inherit -X gil=1), and where its stdlib is. */
    private static final String GIL_STATE = """
            ```python experiment
            # id: gil-state
            # title: GIL state
            # chart: table
            import multiprocessing as mp
            import sys
            import sysconfig

            import gillab as lab

            def gil():
                return getattr(sys, "_is_gil_enabled", lambda: True)()

            def report(queue):
                queue.put(gil())

            if __name__ == "__main__":
                ctx = mp.get_context("spawn")
                queue = ctx.Queue()
                child = ctx.Process(target=report, args=(queue,))
                child.start()
                child_gil = queue.get(timeout=60)
                child.join()
                lab.metric("gil", int(gil()))
                lab.metric("gil in a spawned child", int(child_gil))
                print(sysconfig.get_path("stdlib"))
            ```
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void requireTheBuilds() {
        RealFreeThreaded.require();
    }

    @Test
    void comparingRunsOnEachBuildAndTheGilVariantEachWithTheGilItReallyHadAndTheSummaryShowsThemSideBySide() throws Exception {
        TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1, GIL_STATE),
                "end.md", lesson("End", 2, "```results\n```\n")), Map.of("GILLAB_INTERPRETERS", INTERPRETERS));
        JavalinTest.test(app.create(), (server, client) -> {
            List<JsonNode> runs = compare(client, "gil-state");

            assertThat(runs).extracting(r -> r.path("interpreter").asText())
                    .containsExactly("python3", "python3.13", "python3.13t", "python3.13t+gil");
            assertThat(runs).allSatisfy(r -> assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("done"));
            assertThat(runs).extracting(r -> fingerprint(r).path("gilEnabled").asBoolean()).containsExactly(true, true, false, true);
            assertThat(runs).extracting(r -> fingerprint(r).path("freeThreadedBuild").asBoolean()).containsExactly(false, false, true, true);
            assertThat(runs).extracting(r -> metric(r, "gil")).containsExactly(1, 1, 0, 1);
            assertThat(runs).extracting(r -> metric(r, "gil in a spawned child")).containsExactly(1, 1, 0, 1);
            assertThat(runs.subList(1, 4)).extracting(r -> fingerprint(r).path("version").asText()).containsOnly("3.13.5");
            assertThat(runs.get(2).path("result").path("stdout").asText().strip()).isEqualTo("/opt/python3.13t/lib/python3.13t");
            assertThat(runs.get(1).path("result").path("stdout").asText().strip()).isEqualTo("/opt/python3.13/lib/python3.13");

            Document summary = Jsoup.parse(Runs.page(client.getOrigin(), "/lessons/end", COOKIE));
            assertThat(summary.select(".course-results tbody tr th").eachText()).containsExactly(
                    "GIL state Lab on python3, GIL on", "GIL state Lab on python3.13, GIL on",
                    "GIL state Lab on python3.13t, GIL off", "GIL state Lab on python3.13t+gil, GIL on");
        });
    }

    @Test
    void aRunThatImportsAnExtensionNeedingTheGilReportsThatTheGilCameBackOn() throws Exception {
        // The module travels inside the experiment, as base64, and is written to the run's own folder.
        String module = Base64.getEncoder().encodeToString(Files.readAllBytes(RealFreeThreaded.extensionNeedingTheGil(dir)));
        String experiment = """
                ```python experiment
                # id: reenable
                # title: An extension that needs the GIL
                # chart: table
                import base64
                import importlib.machinery
                import os
                import sys

                import gillab as lab

                lab.metric("gil before the import", int(sys._is_gil_enabled()))
                with open("needs_gil" + importlib.machinery.EXTENSION_SUFFIXES[0], "wb") as f:
                    f.write(base64.b64decode("%s"))
                sys.path.insert(0, os.getcwd())
                import needs_gil
                lab.metric("gil after the import", int(sys._is_gil_enabled()))
                ```
                """.formatted(module);
        TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1, experiment)), Map.of("GILLAB_INTERPRETERS", INTERPRETERS));
        JavalinTest.test(app.create(), (server, client) -> {
            Response response = client.post("/api/runs", "{\"lesson\":\"lab\",\"experiment\":\"reenable\",\"interpreter\":\"python3.13t\"}",
                    request -> request.header("Content-Type", "application/json"));
            assertThat(response.code()).isEqualTo(202);
            JsonNode run = Runs.awaitFinished(client, Json.MAPPER.readTree(response.body().string()).path("id").asText());

            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("done");
            assertThat(metric(run, "gil before the import")).isZero();
            assertThat(metric(run, "gil after the import")).isOne();
            assertThat(fingerprint(run).path("gilEnabled").asBoolean()).isTrue();
            assertThat(fingerprint(run).path("gilChangedDuringRun").asBoolean()).isTrue();
            assertThat(fingerprint(run).path("freeThreadedBuild").asBoolean()).isTrue();
            assertThat(run.path("result").path("stderr").asText()).contains("GIL", "needs_gil");
        });
    }

    /**
     * Compares as the student of {@link #COOKIE}. Not through the test tool's client: its cookie jar, shared by the
     * tests of this JVM, would send a student cookie another test's server set on 127.0.0.1 in place of ours.
     */
    private static List<JsonNode> compare(HttpClient client, String experiment) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.getOrigin() + "/api/runs/compare"))
                        .header("Content-Type", "application/json").header("Cookie", COOKIE)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"lesson\":\"lab\",\"experiment\":\"" + experiment + "\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode answer = Json.MAPPER.readTree(response.body());
        assertThat(response.statusCode()).as(answer.toString()).isEqualTo(202);
        List<JsonNode> runs = new ArrayList<>();
        for (JsonNode started : answer.path("runs")) {
            runs.add(Runs.awaitFinished(client, started.path("id").asText()));
        }
        return runs;
    }

    private static JsonNode fingerprint(JsonNode run) {
        return run.path("result").path("fingerprint");
    }

    private static int metric(JsonNode run, String name) {
        for (JsonNode metric : run.path("result").path("metrics")) {
            if (metric.path("name").asText().equals(name)) {
                return metric.path("value").asInt();
            }
        }
        throw new AssertionError("no metric '" + name + "' in " + run.path("result"));
    }
}
