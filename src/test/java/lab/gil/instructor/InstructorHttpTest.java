package lab.gil.instructor;

import lab.gil.web.instructor.InstructorAccess;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import lab.gil.App;
import lab.gil.Config;
import lab.gil.run.RunPipeline;
import lab.gil.run.Json;
import lab.gil.support.TestApp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

class InstructorHttpTest {
    private static final String TOKEN = "correct-horse-battery-staple-42";
    private static final String LESSON = lesson("The GIL", 1, """
            ```python experiment
            # id: cpu
            # title: Threads that compute
            # chart: bar
            # predict: Four threads compared with one are…
            # options: faster | same | slower
            import gillab as lab
            lab.compare({"1 thread": lambda: None, "4 threads": lambda: None})
            ```""");

    private final TestApp app = TestApp.withLessons(Map.of("gil.md", LESSON));
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private Javalin server(boolean withToken) {
        Config config = Config.fromEnv(withToken
                ? Map.of("GILLAB_LESSONS", app.lessons.toString(), "GILLAB_WARM_INTERPRETERS", "0", "GILLAB_INSTRUCTOR_TOKEN", TOKEN)
                : Map.of("GILLAB_LESSONS", app.lessons.toString(), "GILLAB_WARM_INTERPRETERS", "0"));
        return App.create(new App.Deps(config, app.dataSource, app.catalog, RunPipeline.start(config, app.dataSource, app.catalog)));
    }

    @Test
    void withoutAConfiguredTokenThePagesAreOffAndSayHowToTurnThemOn() {
        JavalinTest.test(server(false), (server, client) -> {
            var page = client.get("/instructor");
            assertThat(page.code()).isEqualTo(404);
            Document html = Jsoup.parse(page.body().string());
            assertThat(html.select("h1").text()).isEqualTo("Instructor pages are off");
            assertThat(html.text()).contains("GILLAB_INSTRUCTOR_TOKEN");
            assertThat(html.select("form")).isEmpty();
            assertThat(client.get("/instructor/runs.csv", r -> r.header("Authorization", "Bearer " + TOKEN)).code()).isEqualTo(404);
            assertThat(client.get("/instructor/results.json").code()).isEqualTo(404);
        });
    }

    @Test
    void withoutTheTokenEveryInstructorAddressAnswers401() {
        JavalinTest.test(server(true), (server, client) -> {
            var page = client.get("/instructor");
            assertThat(page.code()).isEqualTo(401);
            assertThat(page.headers().get("WWW-Authenticate")).containsExactly("Bearer realm=\"GIL Lab instructor\"");
            Document login = Jsoup.parse(page.body().string());
            assertThat(login.select("form[action=/instructor/login] input[type=password][name=token]")).hasSize(1);
            assertThat(login.select("form input[type=hidden][name=_csrf]").attr("value")).hasSize(32);

            assertThat(client.get("/instructor/runs.csv").code()).isEqualTo(401);
            var json = client.get("/instructor/results.json", r -> r.header("Accept", "application/json"));
            assertThat(json.code()).isEqualTo(401);
            assertThat(json.body().string()).contains("Authorization: Bearer TOKEN");
            assertThat(client.get("/instructor/runs.csv", r -> r.header("Authorization", "Bearer wrong")).code()).isEqualTo(401);
            assertThat(client.get("/instructor", r -> r.header("Cookie", InstructorAccess.COOKIE + "=99999999999.forged")).code())
                    .isEqualTo(401);
        });
    }

    @Test
    void theBearerTokenOpensTheDashboard() {
        insertClassRuns();
        JavalinTest.test(server(true), (server, client) -> {
            var response = client.get("/instructor", r -> r.header("Authorization", "Bearer " + TOKEN));
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.headers().get("Cache-Control")).containsExactly("no-store");
            Document page = Jsoup.parse(response.body().string());

            assertThat(page.select(".total-runs").text()).isEqualTo("5");
            assertThat(page.select(".total-students").text()).isEqualTo("3");
            assertThat(page.select(".total-noisy").text()).isEqualTo("33 %");
            var cpu = page.select(".runs-table tr[data-key=gil/cpu]");
            assertThat(cpu.select("td").eachText()).containsExactly("4", "3", "3", "1", "50 %", "1.50×", "–");
            assertThat(page.select(".runs-table tr[data-key=gil/retired] th").text()).isEqualTo("retired (no longer in the lesson)");

            var predictions = page.select("#results-gil-cpu .prediction-table tbody tr");
            assertThat(predictions.eachText()).containsExactly("faster 2 1 2.00×", "same 1 1 0.95×", "slower 0 0 –", "no prediction 1");
            assertThat(page.select("#results-gil-cpu canvas.class-chart").eachAttr("data-chart")).containsExactly("speedups", "predictions");

            assertThat(page.select("script:not([src])")).as("no inline scripts").isEmpty();
            assertThat(page.select("script[src]").eachAttr("src")).contains("/static/js/instructor.js")
                    .anySatisfy(src -> assertThat(src).matches("/webjars/chart\\.js/[\\d.]+/dist/chart\\.umd\\.min\\.js"));
            for (String asset : List.of("/static/js/instructor.js", "/static/css/instructor.css")) {
                assertThat(client.get(asset).code()).as(asset).isEqualTo(200);
            }
        });
    }

    @Test
    void theChartDataComesAsJson() throws IOException {
        insertClassRuns();
        JavalinTest.test(server(true), (server, client) -> {
            var response = client.get("/instructor/results.json", r -> r.header("Authorization", "Bearer " + TOKEN));
            assertThat(response.code()).isEqualTo(200);
            JsonNode cpu = Json.MAPPER.readTree(response.body().string()).path("lessons").get(0).path("experiments").get(0);
            assertThat(cpu.path("id").asText()).isEqualTo("cpu");
            assertThat(cpu.path("medianSpeedup").asDouble()).isEqualTo(1.5);
            JsonNode bins = cpu.path("speedups");
            assertThat(bins.get(0).path("from").asDouble()).isEqualTo(0.9);
            assertThat(bins.get(bins.size() - 1).path("from").asDouble()).isEqualTo(2.0);
            assertThat(bins.findValues("count").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(3);
            assertThat(cpu.path("predictions").findValuesAsText("option")).containsExactly("faster", "same", "slower");
        });
    }

    @Test
    void theCsvHasOneRowPerRunWithFormulasDefused() {
        insertClassRuns();
        JavalinTest.test(server(true), (server, client) -> {
            var response = client.get("/instructor/runs.csv", r -> r.header("Authorization", "Bearer " + TOKEN));
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.headers().get("Content-Type").get(0)).startsWith("text/csv");
            assertThat(response.headers().get("Content-Disposition").get(0)).contains("attachment");
            List<String> lines = response.body().string().lines().toList();
            assertThat(lines).hasSize(6);
            assertThat(lines.get(0)).isEqualTo("\"id\",\"created\",\"lesson\",\"experiment\",\"student\",\"interpreter\",\"status\","
                    + "\"edited\",\"params\",\"prediction\",\"speedup\",\"noisy\",\"goal_passed\",\"median 1 thread (s)\",\"median 4 threads (s)\","
                    + "\"median =evil() (s)\",\"median b (s)\"");
            assertThat(lines.get(1)).isEqualTo("\"r1\",\"2026-11-20T09:00:00Z\",\"gil\",\"cpu\",\"student-a\",\"python3\",\"done\",\"false\","
                    + "\"{\"\"threads\"\": 4, \"\"mode\"\": \"\"a,b\"\"}\",\"same\",\"0.9523809523809524\",\"false\",\"\",\"0.4\",\"0.42\",\"\",\"\"");
            assertThat(lines.get(5)).startsWith("\"r5\",").contains(",\"'=HYPERLINK(\"\"http://x\"\")\",")
                    .endsWith(",\"2.0\",\"false\",\"\",\"\",\"\",\"0.5\",\"0.25\"");

            var filtered = client.get("/instructor/runs.csv?lesson=gil&experiment=retired", r -> r.header("Authorization", "Bearer " + TOKEN));
            assertThat(filtered.body().string().lines().skip(1)).singleElement().asString().startsWith("\"r5\",");
        });
    }

    @Test
    void signingInWithTheFormGivesAnHttpOnlyCookieThatOpensTheDashboard() {
        JavalinTest.test(server(true), (server, client) -> {
            String base = "http://localhost:" + server.port();
            HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(base + "/instructor/login")).GET());
            String csrfCookie = cookie(form, "gillab_csrf");
            String csrf = Jsoup.parse(form.body()).select("input[name=_csrf]").attr("value");

            HttpResponse<String> noCsrf = send(post(base, "token=" + TOKEN, csrfCookie));
            assertThat(noCsrf.statusCode()).isEqualTo(403);

            HttpResponse<String> wrong = send(post(base, "_csrf=" + csrf + "&token=nope", csrfCookie));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(Jsoup.parse(wrong.body()).select(".login-error").text()).isEqualTo("That is not the instructor token.");

            HttpResponse<String> signedIn = send(post(base, "_csrf=" + csrf + "&token=" + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8), csrfCookie));
            assertThat(signedIn.statusCode()).isEqualTo(303);
            assertThat(signedIn.headers().firstValue("Location")).hasValue("/instructor");
            String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(InstructorAccess.COOKIE + "=")).findFirst().orElseThrow();
            assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/instructor");
            String session = setCookie.substring(0, setCookie.indexOf(';'));

            HttpResponse<String> dashboard = send(HttpRequest.newBuilder(URI.create(base + "/instructor")).header("Cookie", session).GET());
            assertThat(dashboard.statusCode()).isEqualTo(200);
            assertThat(Jsoup.parse(dashboard.body()).select("h1").text()).isEqualTo("Class results");
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/instructor/runs.csv")).header("Cookie", session).GET()).statusCode())
                    .isEqualTo(200);
        });
    }

    @Test
    void repeatedWrongTokensAreSlowedButTheRightOneStillOpens() {
        JavalinTest.test(server(true), (server, client) -> {
            for (String guess : List.of("guess-1", "guess-2", "guess-3", "guess-4", "guess-5")) {
                assertThat(client.get("/instructor/runs.csv", r -> r.header("Authorization", "Bearer " + guess)).code()).isEqualTo(401);
            }
            var slowed = client.get("/instructor/runs.csv", r -> r.header("Authorization", "Bearer guess-6"));
            assertThat(slowed.code()).isEqualTo(429);
            assertThat(Integer.parseInt(slowed.headers().get("Retry-After").get(0))).isPositive();

            assertThat(client.get("/instructor/runs.csv", r -> r.header("Authorization", "Bearer " + TOKEN)).code()).isEqualTo(200);
        });
    }

    private HttpRequest.Builder post(String base, String body, String csrfCookie) {
        return HttpRequest.newBuilder(URI.create(base + "/instructor/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", csrfCookie)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
    }

    /** Five runs: two students disagree about threads, one run failed, one reports its own speedup, one is of a retired experiment. */
    private void insertClassRuns() {
        insert("r1", "cpu", "student-a", "done", "same", "{\"threads\": 4, \"mode\": \"a,b\"}",
                result(reps("1 thread", 0.40, false, "4 threads", 0.42, false), "[]"));
        insert("r2", "cpu", "student-b", "done", "faster", "{}", result(reps("1 thread", 0.40, false, "4 threads", 0.20, true), "[]"));
        insert("r3", "cpu", "student-b", "failed", "faster", "{}", null);
        insert("r4", "cpu", "student-c", "done", null, "{}", result("[]", "[{\"name\": \"Speedup\", \"value\": 1.5, \"unit\": \"×\"}]"));
        insert("r5", "retired", "student-a", "done", "=HYPERLINK(\"http://x\")", "{}", result(reps("=evil()", 0.5, false, "b", 0.25, false), "[]"));
    }

    private static String reps(String first, double firstMedian, boolean firstNoisy, String second, double secondMedian, boolean secondNoisy) {
        return "[{\"variant\": \"" + first.replace("\"", "\\\"") + "\", \"unit\": \"s\", \"median\": " + firstMedian + ", \"noisy\": " + firstNoisy + "},"
                + "{\"variant\": \"" + second + "\", \"unit\": \"s\", \"median\": " + secondMedian + ", \"noisy\": " + secondNoisy + "}]";
    }

    private static String result(String repetitions, String metrics) {
        return "{\"chart\": \"bar\", \"repetitions\": " + repetitions + ", \"metrics\": " + metrics
                + ", \"spans\": [], \"fingerprint\": {\"version\": \"3.11.2\"}}";
    }

    private int inserted;

    private void insert(String id, String experiment, String student, String status, String prediction, String params, String result) {
        Instant created = Instant.parse("2026-11-20T09:00:00Z").plusSeconds(60L * inserted++);
        try (Connection connection = app.dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("INSERT INTO runs (id, lesson, experiment, student, interpreter, "
                     + "params_json, code_hash, prediction, status, result_json, created_at) VALUES (?, 'gil', ?, ?, 'python3', ?, 'hash', ?, ?, ?, ?)")) {
            statement.setString(1, id);
            statement.setString(2, experiment);
            statement.setString(3, student);
            statement.setString(4, params);
            statement.setString(5, prediction);
            statement.setString(6, status);
            statement.setString(7, result);
            statement.setTimestamp(8, Timestamp.from(created));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
