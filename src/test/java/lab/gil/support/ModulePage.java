package lab.gil.support;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * One HTML page at {@code /} beside the project's static files and WebJars, on a bare Javalin under the same
 * strict Content-Security-Policy as the app, with a headless Chromium to drive it: for browser tests of the result
 * modules that need no server running experiments. A test class opens one in {@code @BeforeAll}, reloads the page
 * before each test and closes it in {@code @AfterAll}.
 */
public final class ModulePage implements AutoCloseable {
    private final Javalin server;
    private final ChromeDriver browser;

    private ModulePage(Javalin server, ChromeDriver browser) {
        this.server = server;
        this.browser = browser;
    }

    /** Serves {@code html} on a free port and opens a 1280×900 browser (which skips the test without Chromium). */
    public static ModulePage open(String html) {
        Javalin server = serve(html);
        try {
            return new ModulePage(server, Browser.open("1280x900"));
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    public ChromeDriver browser() {
        return browser;
    }

    /** Where the page is served, for a second browser (a phone-sized one, say). */
    public String url() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    /** Loads the page afresh, so no test sees what an earlier one drew. */
    public void reload() {
        browser.get(url());
    }

    @Override
    public void close() {
        try {
            browser.quit();
        } finally {
            server.stop();
        }
    }

    private static Javalin serve(String html) {
        return Javalin.create(config -> {
            config.staticFiles.enableWebjars();
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "web/static";
                files.location = Location.EXTERNAL;
            });
            config.routes.before(ctx -> ctx.header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'"));
            config.routes.get("/", ctx -> ctx.html(html));
        }).start(0);
    }
}
