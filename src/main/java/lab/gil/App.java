package lab.gil;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import lab.gil.run.RunPipeline;
import lab.gil.run.Json;
import lab.gil.web.runs.RunApi;
import lab.gil.run.RunRefused;
import lab.gil.web.instructor.InstructorAccess;
import lab.gil.web.instructor.InstructorPages;
import lab.gil.instructor.InstructorRepository;
import lab.gil.lesson.LessonCatalog;
import lab.gil.web.lessons.LessonPages;
import lab.gil.web.Health;
import lab.gil.web.student.StudentPages;
import lab.gil.sandbox.EditedCodePolicy;
import lab.gil.student.StudentRepository;
import lab.gil.student.StudentWork;
import lab.gil.web.student.ClassCode;
import lab.gil.web.student.Students;
import lab.gil.web.Assets;
import lab.gil.web.ClientAddress;
import lab.gil.web.Csrf;
import lab.gil.web.ErrorPages;
import lab.gil.web.HostCheck;
import lab.gil.web.SecurityHeaders;
import lab.gil.web.ThymeleafRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Map;

/** Builds the web application: every route of GIL Lab is in {@link #create}. */
public final class App {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    private static final long MAX_REQUEST_BYTES = 256 * 1024;

    /** What the application needs from the outside; tests pass their own. */
    public record Deps(Config config, DataSource dataSource, LessonCatalog catalog, RunPipeline pipeline) {
    }

    private App() {
    }

    public static Javalin create(Deps deps) {
        boolean dev = deps.config().devMode();
        ThymeleafRenderer renderer = new ThymeleafRenderer(dev, Map.of("assets", Assets.webjars(),
                "interpreters", deps.pipeline().interpreters(), "editedCode", deps.pipeline().editedCode()));
        StudentRepository students = new StudentRepository(deps.dataSource());
        StudentWork work = new StudentWork(deps.pipeline().runs(), deps.pipeline().repository(), students);
        LessonPages lessons = new LessonPages(deps.catalog(), work, renderer, !dev);
        StudentPages studentPages = new StudentPages(deps.catalog(), deps.pipeline().runs(), work, students, Clock.systemUTC());
        Health health = new Health(deps.dataSource(), deps.catalog(), deps.pipeline());
        RunApi runs = new RunApi(deps.pipeline().runs(), renderer, deps.catalog());
        InstructorPages instructor = new InstructorPages(new InstructorAccess(deps.config().instructorToken(), Clock.systemUTC()),
                new InstructorRepository(deps.dataSource()), deps.catalog());
        ClassCode classCode = new ClassCode(deps.config().classCode());

        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            ClientAddress client = new ClientAddress(deps.config().trustedProxies());
            config.contextResolver.ip = client::of;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.fileRenderer(renderer);
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.staticFiles.enableWebjars();
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = dev ? "web/static" : "/web/static";
                files.location = dev ? Location.EXTERNAL : Location.CLASSPATH;
                // Revalidated on every load (a 304 when unchanged): the scripts are ES modules importing each other by
                // unversioned paths, so a cache lifetime would let a browser mix old and new modules after an upgrade.
                files.headers.put("Cache-Control", "no-cache");
            });
            // The app owns the run machinery from here on: stopping the server stops the runs and their sandboxes.
            config.events.serverStopped(deps.pipeline()::close);
            config.requestLogger.http((ctx, ms) ->
                    log.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.status().getCode(), Math.round(ms)));

            config.routes.before(new HostCheck(deps.config().allowedHosts())::check);
            config.routes.before(SecurityHeaders::apply);
            config.routes.before(Students::identify);
            config.routes.before(Csrf::check);
            for (String path : ClassCode.RUN_PATHS) {
                config.routes.before(path, classCode::check);
            }
            config.routes.get("/", lessons::index);
            config.routes.get("/lessons/{slug}", lessons::lesson);
            config.routes.post("/lessons/{slug}/experiments/{id}/runs", runs::submitForm);
            config.routes.get("/lessons/{slug}/experiments/{id}/history", studentPages::history);
            config.routes.get("/runs/{id}", studentPages::permalink);
            config.routes.get("/me", studentPages::me);
            config.routes.get("/join", classCode::form);
            config.routes.post("/join", classCode::join);
            config.routes.post("/me/name", studentPages::rename);
            config.routes.post("/me/history/delete", studentPages::deleteHistory);
            config.routes.get("/api/lessons", lessons::api);
            config.routes.post("/api/runs", runs::create);
            config.routes.post("/api/runs/compare", runs::compare);
            config.routes.get("/api/runs/{id}", runs::show);
            config.routes.post("/api/runs/{id}/cancel", runs::cancel);
            config.routes.sse("/api/runs/{id}/events", runs::events);
            config.routes.get("/health", health::handle);
            config.routes.get("/instructor", instructor::dashboard);
            config.routes.get("/instructor/results.json", instructor::results);
            config.routes.get("/instructor/runs.csv", instructor::csv);
            config.routes.get("/instructor/login", instructor::loginForm);
            config.routes.post("/instructor/login", instructor::login);
            config.routes.post("/instructor/logout", instructor::logout);

            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    ErrorPages.notFound(ctx);
                }
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    ErrorPages.respond(ctx, e.getStatus(), "Request refused", e.getMessage()));
            config.routes.exception(EditedCodePolicy.Refused.class, (e, ctx) ->
                    ErrorPages.respond(ctx, 403, "Edited code refused", e.getMessage()));
            config.routes.exception(ClassCode.Missing.class, classCode::refused);
            config.routes.exception(IllegalArgumentException.class, (e, ctx) ->
                    ErrorPages.respond(ctx, 400, "Bad request", e.getMessage()));
            config.routes.exception(RunRefused.NotFound.class, (e, ctx) ->
                    ErrorPages.respond(ctx, 404, "Not found", e.getMessage()));
            config.routes.exception(RunRefused.Busy.class, (e, ctx) -> {
                ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
                ErrorPages.respond(ctx, 429, "Busy", e.getMessage());
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                ErrorPages.respond(ctx, 500, "Something went wrong", "The server could not answer this request. It has been logged.");
            });
        });
    }
}
