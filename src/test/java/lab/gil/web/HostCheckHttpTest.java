package lab.gil.web;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import lab.gil.support.TestApp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNS rebinding as a browser would carry it out: a page from evil.example, its name now pointing at this server,
 * sends requests that are same-origin for the browser, so they carry {@code Host} and {@code Origin} of
 * evil.example. The requests are written by hand on a socket, since Java's HTTP client will not set {@code Host}.
 */
class HostCheckHttpTest {
    private static final String LESSON = lesson("Rebinding target", 1, "```python experiment\n# id: demo\n# title: Demo\n# chart: table\nprint(1)\n```");

    private record Answer(int status, String text) {
    }

    private static Answer send(Javalin server, String request) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(text.substring(9, 12)), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer get(Javalin server, String host) {
        return send(server, "GET / HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
    }

    private static Answer startRun(Javalin server, String host) {
        String body = "{\"lesson\":\"lab\",\"experiment\":\"demo\"}";
        return send(server, "POST /api/runs HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://" + host + "\r\nSec-Fetch-Site: same-origin\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    }

    @Test
    void aRebindingPageCannotStartARunOrReadAPage() {
        JavalinTest.test(TestApp.withLessons(Map.of("lab.md", LESSON)).create(), (server, client) -> {
            String evil = "evil.example:" + server.port();

            Answer run = startRun(server, evil);
            assertThat(run.status()).isEqualTo(421);
            assertThat(run.text()).contains("This server does not answer to the name 'evil.example'").contains("GILLAB_ALLOWED_HOSTS");
            Answer page = get(server, evil);
            assertThat(page.status()).isEqualTo(421);
            assertThat(page.text()).doesNotContain("Rebinding target").contains("does not answer to the name");
            assertThat(client.get("/api/runs/no-such-run").code()).as("nothing else was started either").isEqualTo(404);
        });
    }

    @Test
    void localhostTheLoopbackAddressesAndIpAddressesAreServed() {
        JavalinTest.test(TestApp.withLessons(Map.of("lab.md", LESSON)).create(), (server, client) -> {
            for (String host : new String[]{"localhost", "127.0.0.1", "[::1]", "10.1.2.3"}) {
                assertThat(get(server, host + ":" + server.port()).status()).as(host).isEqualTo(200);
            }
            assertThat(client.get("/").code()).isEqualTo(200);
            assertThat(get(server, "localhost").text()).contains("Rebinding target");
        });
    }

    @Test
    void configuredNamesAreServedAndOthersRefused() {
        JavalinTest.test(TestApp.withLessons(Map.of("lab.md", LESSON), Map.of("GILLAB_ALLOWED_HOSTS", "lab.school.example")).create(),
                (server, client) -> {
                    assertThat(get(server, "lab.school.example:" + server.port()).status()).isEqualTo(200);
                    assertThat(get(server, "other.school.example").status()).isEqualTo(421);
                });
    }
}
