package lab.gil.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import lab.gil.run.Json;
import lab.gil.support.Runs;
import lab.gil.support.PostgresSchema;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stopped and started again while a run runs (GILLAB_TEST_POSTGRES_URL and GILLAB_TEST_POSTGRES_CTL, a
 * script taking stop|start; CI sets both). The run that ends during the outage reaches its final status in the
 * database once it is back, /health says 503 meanwhile and that runs flow afterwards, and the next run finishes.
 * Skipped loudly without a server, except in CI where that is a failure.
 */
class PostgresOutageTest {
    private static final String COOKIE = "gillab_student=0123456789abcdef0123456789abcdef";
    private static final String LESSON = lesson("Lab", 1, "```python experiment\n# id: slow\n# title: Slow\n# chart: bar\n"
            + "# repetitions: 1\n# param: n = 1 in 1..100 -- N\nimport time\nimport gillab as lab\ntime.sleep(8)\n"
            + "lab.compare({'a': lambda: 1})\n```\n");

    private String url;
    private String ctl;
    private String schema;
    private HikariDataSource dataSource;

    @BeforeEach
    void onAFreshSchema() throws Exception {
        url = System.getenv("GILLAB_TEST_POSTGRES_URL");
        ctl = System.getenv("GILLAB_TEST_POSTGRES_CTL");
        if (url == null || url.isBlank() || ctl == null || ctl.isBlank()) {
            String message = "GILLAB_TEST_POSTGRES_URL or GILLAB_TEST_POSTGRES_CTL is not set: no PostgreSQL server to stop and start.";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            System.err.println("\n*** SKIPPING POSTGRESQL OUTAGE TEST *** " + message + "\n");
            Assumptions.abort(message);
        }
        PostgresSchema fresh = PostgresSchema.fresh("outage");
        schema = fresh.schema();
        // The pool the server itself uses, so the outage meets the same timeouts as in production.
        dataSource = Database.open(fresh.jdbcUrl());
    }

    @AfterEach
    void bringTheServerBack() throws Exception {
        if (ctl != null && !ctl.isBlank() && url != null) {
            control("start");
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Test
    void aRunEndingWhileTheDatabaseIsDownIsRecordedOnceItIsBackAndTheNextRunFinishes() {
        TestApp app = TestApp.withLessonsOn(dataSource, Map.of("lab.md", LESSON), Map.of());
        JavalinTest.test(app.create(), (server, client) -> {
            String during = Runs.submit(client.getOrigin(), "{\"lesson\":\"lab\",\"experiment\":\"slow\",\"params\":{\"n\":1}}", COOKIE);
            await().atMost(Duration.ofSeconds(60)).until(() -> status(client, during).equals("running"));

            control("stop");
            await().atMost(Duration.ofSeconds(60)).until(() -> client.get("/health").code() == 503);
            // The run ends while the database is down: its end is kept, and the API already tells it from memory.
            JsonNode health = await().atMost(Duration.ofSeconds(90)).until(() -> health(client),
                    h -> h.path("runs").path("unwrittenEnds").asInt() == 1);
            assertThat(health.path("database").asText()).isEqualTo("unreachable");
            assertThat(health.path("runs").path("flowing").asBoolean()).isFalse();
            assertThat(status(client, during)).isEqualTo("done");

            control("start");
            await().atMost(Duration.ofSeconds(90)).until(() -> recordedStatus(during).equals("done"));
            JsonNode after = await().atMost(Duration.ofSeconds(60)).until(() -> health(client),
                    h -> h.path("runs").path("flowing").asBoolean());
            assertThat(after.path("database").asText()).isEqualTo("ok");
            assertThat(after.path("runs").path("unwrittenEnds").asInt()).isZero();

            String next = Runs.submit(client.getOrigin(), "{\"lesson\":\"lab\",\"experiment\":\"slow\",\"params\":{\"n\":2}}", COOKIE);
            assertThat(Runs.awaitFinished(client, next).path("status").asText()).isEqualTo("done");
            assertThat(recordedStatus(next)).isEqualTo("done");
        });
    }

    private void control(String action) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ctl, action).inheritIO().start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(ctl + " " + action + " finished").isTrue();
        assertThat(process.exitValue()).as(ctl + " " + action).isZero();
    }

    private static String status(HttpClient client, String id) throws IOException {
        return Json.MAPPER.readTree(client.get("/api/runs/" + id).body().string()).path("status").asText();
    }

    private static JsonNode health(HttpClient client) throws IOException {
        return Json.MAPPER.readTree(client.get("/health").body().string());
    }

    /** The run's status as the database has it, read past the server's pool. */
    private String recordedStatus(String id) {
        PGSimpleDataSource direct = new PGSimpleDataSource();
        direct.setURL(url);
        direct.setCurrentSchema(schema);
        try (Connection connection = direct.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT status FROM runs WHERE id = ?")) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : "missing";
            }
        } catch (Exception e) {
            return "unreachable";
        }
    }
}
