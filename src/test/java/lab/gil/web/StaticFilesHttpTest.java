package lab.gil.web;

import io.javalin.testtools.JavalinTest;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** The app's own scripts are revalidated on every load, so after an upgrade no browser mixes old and new modules. */
class StaticFilesHttpTest {
    private final TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1, "Text.")));

    @Test
    void scriptsAreRevalidatedAndAnUnchangedOneAnswersNotModified() {
        JavalinTest.test(app.create(), (server, client) -> {
            HttpClient http = HttpClient.newHttpClient();
            URI script = URI.create("http://127.0.0.1:" + server.port() + "/static/js/lesson.js");
            var first = http.send(HttpRequest.newBuilder(script).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Cache-Control")).contains("no-cache");
            Optional<String> etag = first.headers().firstValue("ETag");
            Optional<String> lastModified = first.headers().firstValue("Last-Modified");
            assertThat(etag.isPresent() || lastModified.isPresent()).as("a validator to revalidate with").isTrue();

            HttpRequest.Builder again = HttpRequest.newBuilder(script);
            etag.ifPresentOrElse(tag -> again.header("If-None-Match", tag), () -> again.header("If-Modified-Since", lastModified.get()));
            var revalidated = http.send(again.build(), HttpResponse.BodyHandlers.discarding());
            assertThat(revalidated.statusCode()).isEqualTo(304);
        });
    }
}
