package lab.gil.support;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;

/**
 * One HTML page at {@code /} beside the project's static files and WebJars, on a bare Javalin under the same
 * strict Content-Security-Policy as the app: for browser tests that drive the result modules without a server
 * that runs experiments.
 */
public final class ModulePage {
    private ModulePage() {
    }

    /** Serves {@code html} on a free port; stop it when done. */
    public static Javalin serve(String html) {
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
