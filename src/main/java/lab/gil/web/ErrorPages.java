package lab.gil.web;

import io.javalin.http.Context;

import java.util.Map;

/** Error answers: an HTML page for browsers, JSON for the API. Never a stack trace. */
public final class ErrorPages {
    private ErrorPages() {
    }

    public static void notFound(Context ctx) {
        respond(ctx, 404, "Page not found", "There is no page at this address.");
    }

    public static void respond(Context ctx, int status, String title, String message) {
        ctx.status(status);
        if (wantsJson(ctx)) {
            ctx.json(Map.of("status", status, "error", message));
        } else {
            ctx.render("errors/error", Map.of("status", status, "title", title, "message", message));
        }
    }

    static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        return ctx.path().startsWith("/api/") || accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }
}
