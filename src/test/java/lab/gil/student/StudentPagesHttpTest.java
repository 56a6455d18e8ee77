package lab.gil.student;

import io.javalin.testtools.JavalinTest;
import lab.gil.run.Run;
import lab.gil.run.record.RunRepository;
import lab.gil.run.RunStatus;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

class StudentPagesHttpTest {
    private static final String ADA = "a".repeat(32);
    private static final String BOB = "b".repeat(32);
    private static final String CSRF = "c".repeat(32);

    private final TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1, """
            ```python experiment
            # id: count
            # title: Count
            # chart: table
            # predict: How long?
            # options: short | long
            # param: n = 2000 in 1000..100000 -- Iterations
            import gillab as lab
            lab.metric("n", lab.params().n)
            ```

            ```python experiment
            # id: other
            # title: Other
            # chart: table
            import gillab as lab
            lab.metric("x", 1)
            ```
            """)));
    private final RunRepository runs = new RunRepository(app.dataSource);
    private final HttpClient http = HttpClient.newHttpClient();

    /** Stores a finished run directly, as if the student had run it earlier. */
    private Run stored(String student, String experiment, String prediction, int n, Instant at) {
        Run run = new Run(UUID.randomUUID().toString(), "lab", experiment, student, "python3", Map.of("n", n), "hash", null,
                prediction, RunStatus.DONE, null, "{\"chart\":\"table\"}", at, at, at.plusSeconds(1));
        runs.insert(run);
        return run;
    }

    private HttpResponse<String> get(String origin, String path, String student) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(origin + path)).header("Cookie", cookies(student)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(String origin, String path, String student, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder("_csrf=" + CSRF);
        form.forEach((k, v) -> body.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return http.send(HttpRequest.newBuilder(URI.create(origin + path)).header("Cookie", cookies(student))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookies(String student) {
        return "gillab_student=" + student + "; gillab_csrf=" + CSRF;
    }

    @Test
    void lessonPageShowsTheLatestRunListsTheHistoryAndMarksProgress() {
        JavalinTest.test(app.create(), (server, client) -> {
            Instant now = Instant.now();
            stored(ADA, "count", null, 1000, now.minusSeconds(60));
            Run latest = stored(ADA, "count", "short", 3000, now);
            stored(BOB, "count", null, 5000, now.plusSeconds(5));

            Document page = Jsoup.parse(get(client.getOrigin(), "/lessons/lab", ADA).body());
            assertThat(page.select("#run-count .run-finished").attr("data-run-id")).isEqualTo(latest.id());
            assertThat(page.select("#history-count .history-item").eachAttr("data-run-id")).hasSize(2).first().isEqualTo(latest.id());
            assertThat(page.select("#count-n").val()).as("the controls show the shown run's values").isEqualTo("3000");
            assertThat(page.select("#experiment-count input[type=radio][checked]").val()).isEqualTo("short");
            assertThat(page.select(".toc-experiments li[data-experiment=count]").hasClass("ran")).isTrue();
            assertThat(page.select(".toc-experiments li[data-experiment=count]").hasClass("predicted")).isTrue();
            assertThat(page.select(".toc-experiments li[data-experiment=other] .toc-state").text()).isEqualTo("not run yet");
            assertThat(page.select("#run-other").text()).isEmpty();

            Document index = Jsoup.parse(get(client.getOrigin(), "/", ADA).body());
            assertThat(index.select(".lesson-progress-text").text()).isEqualTo("1 of 2 run, 1 prediction");
        });
    }

    @Test
    void pagesAreSentGzippedWithAnEntityTagThatChangesWithTheStudentsRuns() {
        JavalinTest.test(app.create(), (server, client) -> {
            for (String path : new String[] {"/lessons/lab", "/"}) {
                HttpResponse<String> plain = get(client.getOrigin(), path, ADA);
                String etag = plain.headers().firstValue("ETag").orElseThrow();
                assertThat(plain.headers().firstValue("Cache-Control")).hasValue("private, no-cache");

                HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create(client.getOrigin() + path))
                        .header("Cookie", cookies(ADA)).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
                assertThat(zipped.headers().firstValue("ETag")).hasValue(etag);
                try (var unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
                    assertThat(new String(unzipped.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain.body());
                }

                HttpResponse<String> unchanged = http.send(HttpRequest.newBuilder(URI.create(client.getOrigin() + path))
                        .header("Cookie", cookies(ADA)).header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(unchanged.statusCode()).as(path).isEqualTo(304);
                assertThat(unchanged.body()).isEmpty();
                assertThat(get(client.getOrigin(), path, BOB).headers().firstValue("ETag")).as("another student's page").isNotEqualTo(etag);
            }

            String before = get(client.getOrigin(), "/lessons/lab", ADA).headers().firstValue("ETag").orElseThrow();
            String id = Runs.submit(client.getOrigin(), "{\"lesson\":\"lab\",\"experiment\":\"other\"}", cookies(ADA));
            Runs.awaitFinished(client, id);
            HttpResponse<String> after = get(client.getOrigin(), "/lessons/lab", ADA);
            assertThat(after.headers().firstValue("ETag")).isNotEqualTo(Optional.of(before));
            assertThat(Jsoup.parse(after.body()).select("#run-other .run-finished").attr("data-run-id")).isEqualTo(id);
        });
    }

    @Test
    void historyPartialListsOnlyTheStudentsOwnRuns() {
        JavalinTest.test(app.create(), (server, client) -> {
            Run own = stored(ADA, "count", null, 1000, Instant.now());
            stored(BOB, "count", null, 2000, Instant.now());
            Document partial = Jsoup.parse(get(client.getOrigin(), "/lessons/lab/experiments/count/history", ADA).body());
            assertThat(partial.select(".history-item").eachAttr("data-run-id")).containsExactly(own.id());
            assertThat(partial.select(".history-params").text()).isEqualTo("n=1000");
            assertThat(get(client.getOrigin(), "/lessons/lab/experiments/nope/history", ADA).statusCode()).isEqualTo(404);
        });
    }

    @Test
    void aRunLinkOpensTheLessonAtItsExperimentShowingThatRun() {
        JavalinTest.test(app.create(), (server, client) -> {
            Run bobs = stored(BOB, "count", null, 4000, Instant.now());
            HttpResponse<String> redirect = get(client.getOrigin(), "/runs/" + bobs.id(), ADA);
            assertThat(redirect.statusCode()).isEqualTo(303);
            String location = redirect.headers().firstValue("Location").orElseThrow();
            assertThat(location).isEqualTo("/lessons/lab?run=" + bobs.id() + "#experiment-count");

            Document page = Jsoup.parse(get(client.getOrigin(), location.replace("#experiment-count", ""), ADA).body());
            assertThat(page.select("#run-count .run-finished").attr("data-run-id")).isEqualTo(bobs.id());
            assertThat(page.select("#run-count .shared-note").text()).contains("another student");
            assertThat(page.select("#history-count .history-item")).as("someone else's run is not in Ada's history").isEmpty();

            assertThat(get(client.getOrigin(), "/runs/no-such-run", ADA).statusCode()).isEqualTo(404);
        });
    }

    @Test
    void aDisplayNameIsSavedShownToOthersOnSharedRunsAndCanBeCleared() {
        JavalinTest.test(app.create(), (server, client) -> {
            HttpResponse<String> saved = postForm(client.getOrigin(), "/me/name", BOB, Map.of("name", "  Bob   the <b>Builder</b> "));
            assertThat(saved.statusCode()).isEqualTo(303);
            Document me = Jsoup.parse(get(client.getOrigin(), "/me", BOB).body());
            assertThat(me.select("#display-name").val()).isEqualTo("Bob the <b>Builder</b>");
            assertThat(me.select("h1").text()).isEqualTo("Bob the <b>Builder</b>’s work");

            Run bobs = stored(BOB, "count", null, 4000, Instant.now());
            Document shared = Jsoup.parse(get(client.getOrigin(), "/lessons/lab?run=" + bobs.id(), ADA).body());
            assertThat(shared.select("#run-count .shared-note").text()).contains("shared by Bob the <b>Builder</b>");

            assertThat(postForm(client.getOrigin(), "/me/name", BOB, Map.of("name", "x".repeat(41))).statusCode()).isEqualTo(400);
            assertThat(postForm(client.getOrigin(), "/me/name", BOB, Map.of("name", "")).statusCode()).isEqualTo(303);
            assertThat(Jsoup.parse(get(client.getOrigin(), "/me", BOB).body()).select("h1").text()).isEqualTo("Your work");
        });
    }

    @Test
    void deletingTheHistoryNeedsConfirmationAndLeavesOtherStudentsAlone() {
        JavalinTest.test(app.create(), (server, client) -> {
            stored(ADA, "count", "short", 1000, Instant.now());
            stored(ADA, "other", null, 1000, Instant.now());
            Run bobs = stored(BOB, "count", null, 2000, Instant.now());

            HttpResponse<String> unconfirmed = postForm(client.getOrigin(), "/me/history/delete", ADA, Map.of());
            assertThat(unconfirmed.statusCode()).isEqualTo(400);
            assertThat(Jsoup.parse(unconfirmed.body()).select(".notice.problem").text()).contains("Tick the box");
            assertThat(runs.listOfLesson(ADA, "lab", 10)).hasSize(2);

            HttpResponse<String> deleted = postForm(client.getOrigin(), "/me/history/delete", ADA, Map.of("confirm", "yes"));
            assertThat(deleted.statusCode()).isEqualTo(303);
            assertThat(deleted.headers().firstValue("Location")).hasValue("/me?deleted=2");
            assertThat(Jsoup.parse(get(client.getOrigin(), "/me?deleted=2", ADA).body()).select(".notice.ok").text()).isEqualTo("Deleted 2 runs.");
            assertThat(runs.listOfLesson(ADA, "lab", 10)).isEmpty();
            assertThat(runs.find(bobs.id())).isPresent();
        });
    }

    @Test
    void stateChangesWithoutTheCsrfTokenAreRefused() {
        JavalinTest.test(app.create(), (server, client) -> {
            stored(ADA, "count", null, 1000, Instant.now());
            HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(client.getOrigin() + "/me/history/delete"))
                    .header("Cookie", cookies(ADA)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("confirm=yes")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(runs.listOfLesson(ADA, "lab", 10)).hasSize(1);
        });
    }

    @Test
    void aParameterOutOfRangeGetsAClearInlineMessageNotAServerError() {
        JavalinTest.test(app.create(), (server, client) -> {
            HttpResponse<String> answer = postForm(client.getOrigin(), "/lessons/lab/experiments/count/runs", ADA, Map.of("param.n", "5"));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(Jsoup.parse(answer.body()).select(".run-note.problem[role=alert]").text())
                    .isEqualTo("Iterations must be between 1000 and 100000, not 5.");
        });
    }
}
