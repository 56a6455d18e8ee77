package lab.gil.web.student;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import lab.gil.web.ErrorPages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The optional class code ({@code GILLAB_CLASS_CODE}): a browser may run code only once someone entered the code in
 * it. The cookie holds a digest of the code, not the code, and stops working when the operator changes the code.
 * Reading lessons needs no code. Wrong guesses are limited per address so a short code cannot be tried through.
 */
public final class ClassCode {
    static final String COOKIE = "gillab_class";
    static final int GUESSES = 20;
    private static final Duration GUESS_WINDOW = Duration.ofMinutes(10);
    private static final int ONE_YEAR = 365 * 24 * 3600;
    /** The routes that start runs: the run API and the lesson page's Run form. */
    public static final List<String> RUN_PATHS = List.of("/api/runs", "/api/runs/compare", "/lessons/{slug}/experiments/{id}/runs");

    private final Optional<String> proof;
    private final Cache<String, AtomicInteger> wrong = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(GUESS_WINDOW).build();

    /** Thrown when a run is asked for by a browser that has not entered the class code. */
    public static final class Missing extends RuntimeException {
        Missing() {
            super("This class needs its code before you run code: enter it at /join (your teacher has it).");
        }
    }

    public ClassCode(Optional<String> code) {
        this.proof = code.map(ClassCode::digest);
    }

    public boolean required() {
        return proof.isPresent();
    }

    /** Before a run is started: refuses browsers that have not entered the code. */
    public void check(Context ctx) {
        if (proof.isEmpty() || ctx.method() != HandlerType.POST) {
            return;
        }
        String sent = ctx.cookie(COOKIE);
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.US_ASCII), proof.get().getBytes(StandardCharsets.US_ASCII))) {
            throw new Missing();
        }
    }

    /**
     * The refusal: on a lesson page (htmx) a note with a link to the form, in place of the run's status, else 403 with
     * the sentence.
     */
    public void refused(Missing e, Context ctx) {
        if (ctx.header("HX-Request") != null) {
            String lesson = ctx.path().replaceFirst("/experiments/.*$", "");
            ctx.render("lessons/lesson :: run-join", Map.of("next", lesson));
        } else {
            ErrorPages.respond(ctx, 403, "Class code needed", e.getMessage());
        }
    }

    /** {@code GET /join}: the form. */
    public void form(Context ctx) {
        page(ctx, HttpStatus.OK, "");
    }

    /** {@code POST /join} with {@code code} and {@code next} (a path of this site to return to). */
    public void join(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        if (proof.isEmpty()) {
            ctx.redirect(next(ctx), HttpStatus.SEE_OTHER);
            return;
        }
        AtomicInteger guesses = wrong.get(ctx.ip(), k -> new AtomicInteger());
        if (guesses.get() >= GUESSES) {
            ctx.header("Retry-After", Long.toString(GUESS_WINDOW.toSeconds()));
            page(ctx, HttpStatus.TOO_MANY_REQUESTS, "Too many wrong codes from here. Ask your teacher for the code and try again in a few minutes.");
            return;
        }
        String code = Optional.ofNullable(ctx.formParam("code")).map(String::strip).orElse("");
        if (!MessageDigest.isEqual(digest(code).getBytes(StandardCharsets.US_ASCII), proof.get().getBytes(StandardCharsets.US_ASCII))) {
            guesses.incrementAndGet();
            page(ctx, HttpStatus.FORBIDDEN, "That is not the class code.");
            return;
        }
        ctx.cookie(new Cookie(COOKIE, proof.get(), "/", ONE_YEAR, false, true, null, SameSite.LAX));
        ctx.redirect(next(ctx), HttpStatus.SEE_OTHER);
    }

    private static void page(Context ctx, HttpStatus status, String error) {
        ctx.status(status);
        ctx.render("student/join", Map.of("error", error, "next", next(ctx)));
    }

    /** Only a path on this site, so the form cannot send a student elsewhere. */
    private static String next(Context ctx) {
        String next = Optional.ofNullable(ctx.formParam("next")).orElse(ctx.queryParam("next"));
        return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : "/";
    }

    private static String digest(String code) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("gillab class code\n" + code).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
