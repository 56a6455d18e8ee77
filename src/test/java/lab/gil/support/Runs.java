package lab.gil.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import lab.gil.run.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Starting runs over HTTP and waiting for them to end, as a script would. */
public final class Runs {
    private static final java.net.http.HttpClient PLAIN = java.net.http.HttpClient.newHttpClient();

    private Runs() {
    }

    /**
     * POSTs a run as the student of {@code cookie} with a plain client (each request carries exactly that cookie)
     * and returns its id.
     */
    public static String submit(String origin, String body, String cookie) throws IOException, InterruptedException {
        HttpResponse<String> response = PLAIN.send(HttpRequest.newBuilder(URI.create(origin + "/api/runs"))
                .header("Content-Type", "application/json").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new AssertionError("run not accepted: " + response.statusCode() + " " + response.body());
        }
        return Json.MAPPER.readTree(response.body()).path("id").asText();
    }

    /** A page as the student of {@code cookie} sees it. */
    public static String page(String origin, String path, String cookie) throws IOException, InterruptedException {
        return PLAIN.send(HttpRequest.newBuilder(URI.create(origin + path)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls {@code GET /api/runs/{id}} until the run has left the queue and finished. */
    public static JsonNode awaitFinished(HttpClient client, String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = Json.MAPPER.readTree(client.get("/api/runs/" + id).body().string());
            String status = run.path("status").asText();
            if (!status.equals("queued") && !status.equals("running")) {
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + id + " did not finish within 120 s");
    }
}
