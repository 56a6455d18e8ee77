package lab.gil.web;

import io.javalin.testtools.JavalinTest;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/** Every response, pages, JSON and static files alike, carries the same security headers. */
class SecurityHeadersHttpTest {
    private final TestApp app = TestApp.withLessons(Map.of("lab.md", lesson("Lab", 1, "Text.")));

    @Test
    void pagesJsonAndStaticFilesCarryTheSecurityHeaders() {
        JavalinTest.test(app.create(), (server, client) -> {
            for (String path : new String[]{"/", "/api/lessons", "/health", "/static/css/site.css", "/no-such-page"}) {
                var headers = client.get(path).headers();
                assertThat(headers.get("Content-Security-Policy")).as(path).containsExactly("default-src 'self'; script-src 'self'; "
                        + "style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                        + "frame-ancestors 'none'; form-action 'self'");
                assertThat(headers.get("X-Content-Type-Options")).as(path).containsExactly("nosniff");
                assertThat(headers.get("Referrer-Policy")).as(path).containsExactly("same-origin");
                assertThat(headers.get("X-Frame-Options")).as(path).containsExactly("DENY");
                assertThat(headers.get("Cross-Origin-Opener-Policy")).as(path).containsExactly("same-origin");
            }
        });
    }
}
