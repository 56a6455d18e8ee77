package lab.gil.web.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import lab.gil.run.Json;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A class pressing Run together: places instead of refusals, a price on new cookies, and the class code. */
class ClassroomQueueHttpTest {
    private static final HttpClient PLAIN = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final String LESSONS = lesson("Lab", 1,
            "```python experiment\n# id: hold\n# title: Hold\n# chart: table\n# timeout: 20\nimport time\ntime.sleep(60)\n```\n\n"
                    + "```python experiment\n# id: quick\n# title: Quick\n# chart: table\n# param: n = 1 in 1..1000 -- N\npass\n```\n");

    private static String student(int i) {
        return "gillab_student=" + String.format("%032x", 0xc1a55L * 1000 + i);
    }

    private static HttpResponse<String> post(String origin, String path, String body, String contentType, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return PLAIN.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> run(String origin, String experiment, int n, String cookie) throws Exception {
        String params = experiment.equals("quick") ? ",\"params\":{\"n\":" + n + "}" : "";
        return post(origin, "/api/runs", "{\"lesson\":\"lab\",\"experiment\":\"" + experiment + "\"" + params + "}", "application/json", cookie);
    }

    private static String awaitRunning(io.javalin.testtools.HttpClient client, String id) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> Json.MAPPER.readTree(client.get("/api/runs/" + id).body().string()).path("status").asText(), "running"::equals);
    }

    @Test
    void thirtyStudentsBehindOneAddressEachQueueThreeRunsAndAllGetAPlaceAndAStartTime() {
        JavalinTest.test(TestApp.withLessons(Map.of("lab.md", LESSONS)).create(), (server, client) -> {
            String origin = client.getOrigin();
            String hold = Json.MAPPER.readTree(run(origin, "hold", 1, student(999)).body()).path("id").asText();
            awaitRunning(client, hold);

            List<JsonNode> answers = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int s = 0; s < 30; s++) {
                    HttpResponse<String> answer = run(origin, "quick", s * 3 + round + 1, student(s));
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                    answers.add(Json.MAPPER.readTree(answer.body()));
                }
            }
            assertThat(answers).extracting(a -> a.path("position").asInt()).containsExactlyElementsOf(
                    Stream.iterate(1, p -> p + 1).limit(90).toList());
            assertThat(answers.get(89).path("startsInSeconds").asInt()).isGreaterThan(answers.get(0).path("startsInSeconds").asInt());
            JsonNode shown = Json.MAPPER.readTree(client.get("/api/runs/" + answers.get(45).path("id").asText()).body().string());
            assertThat(shown.path("position").asInt()).isEqualTo(46);
            assertThat(shown.path("startsInSeconds").asInt()).isPositive();
        });
    }

    @Test
    void aLateStudentsFirstRunGoesAheadOfOthersSecondRunsAndTheEventStreamSaysWhenItStarts() {
        JavalinTest.test(TestApp.withLessons(Map.of("lab.md", LESSONS)).create(), (server, client) -> {
            String origin = client.getOrigin();
            awaitRunning(client, Json.MAPPER.readTree(run(origin, "hold", 1, student(999)).body()).path("id").asText());
            run(origin, "quick", 1, student(1));
            String second = Json.MAPPER.readTree(run(origin, "quick", 2, student(1)).body()).path("id").asText();

            JsonNode late = Json.MAPPER.readTree(run(origin, "quick", 3, student(2)).body());

            assertThat(late.path("position").asInt()).isEqualTo(2);
            HttpResponse<Stream<String>> stream = PLAIN.send(HttpRequest.newBuilder(URI.create(origin + "/api/runs/" + second + "/events"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = stream.body()) {
                Iterator<String> it = lines.iterator();
                String status = "";
                while (it.hasNext() && !status.contains("run-progress")) {
                    String line = it.next();
                    status = line.startsWith("data:") && line.contains("run-progress") ? line : status;
                }
                assertThat(status).contains("Queued: 2 runs ahead of yours").contains("it should start in about");
            }
        });
    }

    @Test
    void oneAddressMayBringOnlySoManyNewStudentsAMinuteWhileKnownStudentsGoOn() {
        TestApp app = TestApp.withLessons(Map.of("lab.md", LESSONS), Map.of("GILLAB_NEW_STUDENTS_PER_MINUTE_PER_ADDRESS", "3"));
        JavalinTest.test(app.create(), (server, client) -> {
            String origin = client.getOrigin();
            for (int s = 0; s < 3; s++) {
                assertThat(run(origin, "quick", s + 1, student(s)).statusCode()).isEqualTo(202);
            }
            HttpResponse<String> fresh = run(origin, "quick", 10, null);

            assertThat(fresh.statusCode()).isEqualTo(429);
            assertThat(fresh.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isBetween(1, 61));
            assertThat(Json.MAPPER.readTree(fresh.body()).path("error").asText())
                    .startsWith("3 new students started running code from your network in the last minute");
            assertThat(run(origin, "quick", 11, student(1)).statusCode()).isEqualTo(202);
        });
    }

    @Test
    void withAClassCodeOnlyABrowserThatEnteredItRunsCode() {
        TestApp app = TestApp.withLessons(Map.of("lab.md", LESSONS), Map.of("GILLAB_CLASS_CODE", "owl-42"));
        JavalinTest.test(app.create(), (server, client) -> {
            String origin = client.getOrigin();
            HttpResponse<String> refused = run(origin, "quick", 1, student(1));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(Json.MAPPER.readTree(refused.body()).path("error").asText())
                    .isEqualTo("This class needs its code before you run code: enter it at /join (your teacher has it).");
            String csrf = "0123456789abcdef0123456789abcdef";
            String cookies = student(1) + "; gillab_csrf=" + csrf;
            HttpResponse<String> form = PLAIN.send(HttpRequest.newBuilder(URI.create(origin + "/lessons/lab/experiments/quick/runs"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies).header("HX-Request", "true")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).contains("This class needs its code").contains("href=\"/join?next=/lessons/lab\"");
            assertThat(PLAIN.send(HttpRequest.newBuilder(URI.create(origin + "/join?next=/lessons/lab")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("Enter the class code").contains("value=\"/lessons/lab\"");

            HttpResponse<String> wrong = post(origin, "/join", "_csrf=" + csrf + "&code=owl-41&next=/lessons/lab", "application/x-www-form-urlencoded", cookies);
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(wrong.body()).contains("That is not the class code.");
            HttpResponse<String> joined = post(origin, "/join", "_csrf=" + csrf + "&code=owl-42&next=/lessons/lab", "application/x-www-form-urlencoded", cookies);
            assertThat(joined.statusCode()).isEqualTo(303);
            assertThat(joined.headers().firstValue("Location")).hasValue("/lessons/lab");
            String classCookie = joined.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("gillab_class="))
                    .findFirst().orElseThrow().split(";")[0];

            assertThat(classCookie).doesNotContain("owl-42");
            assertThat(run(origin, "quick", 1, student(1) + "; " + classCookie).statusCode()).isEqualTo(202);
        });
    }
}
