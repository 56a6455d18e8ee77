package lab.gil.web.instructor;

import lab.gil.instructor.ClassResults;
import lab.gil.instructor.InstructorRepository;
import lab.gil.instructor.RunRow;
import lab.gil.instructor.RunsCsv;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import lab.gil.lesson.LessonCatalog;
import lab.gil.web.ErrorPages;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instructor pages: the class dashboard, its data as JSON for the charts, the CSV export of every run,
 * and signing in and out. Everything here is behind {@link InstructorAccess}.
 */
public final class InstructorPages {
    private final InstructorAccess access;
    private final InstructorRepository repository;
    private final LessonCatalog catalog;

    public InstructorPages(InstructorAccess access, InstructorRepository repository, LessonCatalog catalog) {
        this.access = access;
        this.repository = repository;
        this.catalog = catalog;
    }

    /** {@code GET /instructor}. */
    public void dashboard(Context ctx) {
        if (allowed(ctx, true)) {
            ctx.render("instructor/dashboard", Map.of("results", classResults(ctx)));
        }
    }

    /** {@code GET /instructor/results.json}: what the dashboard's charts draw. */
    public void results(Context ctx) {
        if (allowed(ctx, false)) {
            ctx.json(classResults(ctx));
        }
    }

    /** {@code GET /instructor/runs.csv[?lesson=SLUG[&experiment=ID]]}. */
    public void csv(Context ctx) {
        if (allowed(ctx, false)) {
            List<RunRow> runs = repository.runs(query(ctx, "lesson"), query(ctx, "experiment"));
            ctx.header("Content-Disposition", "attachment; filename=\"gillab-runs.csv\"");
            ctx.contentType("text/csv; charset=utf-8");
            ctx.result(RunsCsv.of(runs));
        }
    }

    /** {@code GET /instructor/login}. */
    public void loginForm(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        if (!access.enabled()) {
            off(ctx);
        } else if (access.validSession(ctx.cookie(InstructorAccess.COOKIE))) {
            ctx.redirect("/instructor", HttpStatus.SEE_OTHER);
        } else {
            loginPage(ctx, HttpStatus.OK, "");
        }
    }

    /** {@code POST /instructor/login} with the form field {@code token}. */
    public void login(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        switch (access.attempt(ctx.ip(), ctx.formParam("token"))) {
            case OFF -> off(ctx);
            case ALLOWED -> {
                ctx.cookie(new Cookie(InstructorAccess.COOKIE, access.newSession(), "/instructor",
                        (int) InstructorAccess.SESSION.toSeconds(), secure(ctx), true, null, SameSite.STRICT));
                ctx.redirect("/instructor", HttpStatus.SEE_OTHER);
            }
            case DENIED -> loginPage(ctx, HttpStatus.UNAUTHORIZED, "That is not the instructor token.");
            case THROTTLED -> {
                retryAfter(ctx);
                loginPage(ctx, HttpStatus.TOO_MANY_REQUESTS, "Too many wrong tokens from here. Wait a few minutes and try again.");
            }
        }
    }

    /** {@code POST /instructor/logout}. */
    public void logout(Context ctx) {
        ctx.removeCookie(InstructorAccess.COOKIE, "/instructor");
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private ClassResults classResults(Context ctx) {
        return ClassResults.of(repository.runs(query(ctx, "lesson"), query(ctx, "experiment")), catalog.lessons());
    }

    /** Answers the request itself (off, sign in, slow down) unless it may see instructor data. */
    private boolean allowed(Context ctx, boolean page) {
        ctx.header("Cache-Control", "no-store");
        switch (access.check(ctx)) {
            case ALLOWED -> {
                return true;
            }
            case OFF -> off(ctx);
            case THROTTLED -> {
                retryAfter(ctx);
                ErrorPages.respond(ctx, 429, "Too many attempts", "Too many wrong tokens from here. Wait a few minutes and try again.");
            }
            case DENIED -> {
                ctx.header("WWW-Authenticate", "Bearer realm=\"GIL Lab instructor\"");
                if (page) {
                    loginPage(ctx, HttpStatus.UNAUTHORIZED, "");
                } else {
                    ErrorPages.respond(ctx, 401, "Sign in first",
                            "Send the instructor token as 'Authorization: Bearer TOKEN', or sign in at /instructor/login.");
                }
            }
        }
        return false;
    }

    private void off(Context ctx) {
        ctx.status(HttpStatus.NOT_FOUND);
        ctx.render("instructor/login", Map.of("enabled", false, "error", ""));
    }

    private static void loginPage(Context ctx, HttpStatus status, String error) {
        ctx.status(status);
        ctx.render("instructor/login", Map.of("enabled", true, "error", error));
    }

    private void retryAfter(Context ctx) {
        ctx.header("Retry-After", Long.toString(Math.max(1, access.retryAfter(ctx.ip()).toSeconds())));
    }

    private static boolean secure(Context ctx) {
        return "https".equals(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private static Optional<String> query(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
