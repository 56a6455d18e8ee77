package lab.gil.web.student;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Recognises a student by a random cookie: no sign-up, nothing personal. The id keys their runs,
 * predictions and history.
 */
public final class Students {
    static final String COOKIE = "gillab_student";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ONE_YEAR = 365 * 24 * 3600;

    private Students() {
    }

    /** Before every request: reads the cookie, or gives a new visitor one. */
    public static void identify(Context ctx) {
        String id = ctx.cookie(COOKIE);
        if (id == null || !ID.matcher(id).matches()) {
            id = newId();
            Cookie cookie = new Cookie(COOKIE, id, "/", ONE_YEAR, false, true, null, SameSite.LAX);
            ctx.cookie(cookie);
        }
        ctx.attribute(COOKIE, id);
    }

    public static String of(Context ctx) {
        String id = ctx.attribute(COOKIE);
        return id == null ? "anonymous" : id;
    }

    static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
