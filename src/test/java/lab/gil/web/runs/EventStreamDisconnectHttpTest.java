package lab.gil.web.runs;

import io.javalin.testtools.JavalinTest;
import lab.gil.support.Runs;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** A browser that closes a run's event stream mid-run costs nothing: the run ends well and the next one runs. */
class EventStreamDisconnectHttpTest {
    private static final String COOKIE = "gillab_student=0123456789abcdef0123456789abcdef";

    private final TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1,
            "```python experiment\n# id: nap\n# title: Nap\n# chart: table\n# param: n = 1 in 1..10 -- N\n"
                    + "import time\ntime.sleep(3)\n```\n")));

    @Test
    void aBrowserThatDisconnectsFromTheEventStreamDoesNotStopTheRunOrTheNextOne() {
        JavalinTest.test(app.create(), (server, client) -> {
            String first = Runs.submit(client.getOrigin(), "{\"lesson\":\"lab\",\"experiment\":\"nap\",\"params\":{\"n\":1}}", COOKIE);
            HttpClient browser = HttpClient.newHttpClient();
            HttpResponse<InputStream> stream = browser.send(HttpRequest.newBuilder(URI.create(client.getOrigin() + "/api/runs/" + first + "/events"))
                    .header("Cookie", COOKIE).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                do {
                    line = events.readLine();
                } while (line != null && !line.startsWith("event:"));
                assertThat(line).as("the first event").startsWith("event:");
            }
            // The stream is closed before the run ends: its end is sent to nobody.
            assertThat(Runs.awaitFinished(client, first).path("status").asText()).isEqualTo("done");

            String next = Runs.submit(client.getOrigin(), "{\"lesson\":\"lab\",\"experiment\":\"nap\",\"params\":{\"n\":2}}", COOKIE);
            assertThat(Runs.awaitFinished(client, next).path("status").asText()).isEqualTo("done");
        });
    }
}
