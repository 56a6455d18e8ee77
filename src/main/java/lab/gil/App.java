package lab.gil;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import lab.gil.lesson.LessonCatalog;
import lab.gil.lesson.LessonPages;
import lab.gil.system.Health;
import lab.gil.web.Assets;
import lab.gil.web.ErrorPages;
import lab.gil.web.SecurityHeaders;
import lab.gil.web.ThymeleafRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.Map;

/** Builds the web application: every route of GIL Lab is in {@link #create}. */
public final class App {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    private static final long MAX_REQUEST_BYTES = 256 * 1024;

    /** What the application needs from the outside; tests pass their own. */
    public record Deps(Config config, DataSource dataSource, LessonCatalog catalog) {
    }

    private App() {
    }

    public static Javalin create(Deps deps) {
        LessonPages lessons = new LessonPages(deps.catalog());
        Health health = new Health(deps.dataSource(), deps.catalog());
        boolean dev = deps.config().devMode();

        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.fileRenderer(new ThymeleafRenderer(dev, Map.of("assets", Assets.webjars())));
            config.staticFiles.enableWebjars();
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = dev ? "web/static" : "/web/static";
                files.location = dev ? Location.EXTERNAL : Location.CLASSPATH;
                files.headers.put("Cache-Control", dev ? "no-cache" : "public, max-age=3600");
            });
            config.requestLogger.http((ctx, ms) ->
                    log.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.status().getCode(), Math.round(ms)));

            config.routes.before(SecurityHeaders::apply);
            config.routes.get("/", lessons::index);
            config.routes.get("/lessons/{slug}", lessons::lesson);
            config.routes.get("/api/lessons", lessons::api);
            config.routes.get("/health", health::handle);

            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    ErrorPages.notFound(ctx);
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                ErrorPages.respond(ctx, 500, "Something went wrong", "The server could not answer this request. It has been logged.");
            });
        });
    }
}
