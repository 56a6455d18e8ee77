package lab.gil.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;

import java.net.URI;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;

/**
 * Cross-site request protection for every state change. A JSON request from a script (no Origin) or from
 * our own pages needs nothing more: a cross-site page cannot send {@code application/json} without a
 * preflight we never grant. Form posts (htmx) must echo the per-browser token from the page's meta tag.
 */
public final class Csrf {
    static final String COOKIE = "gillab_csrf";
    static final String HEADER = "X-CSRF-Token";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    public static void check(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (token == null || token.length() != 32) {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            token = HexFormat.of().formatHex(bytes);
            ctx.cookie(new Cookie(COOKIE, token, "/", -1, false, true, null, SameSite.STRICT));
        }
        ctx.attribute("csrf", token);
        if (SAFE.contains(ctx.method())) {
            return;
        }
        if (crossSite(ctx)) {
            throw new ForbiddenResponse("Cross-site requests are refused.");
        }
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        if (contentType.startsWith("application/json")) {
            return;
        }
        String sent = ctx.header(HEADER);
        if (sent == null) {
            sent = ctx.formParam("_csrf");
        }
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenResponse("This form has expired: reload the page and try again.");
        }
    }

    private static boolean crossSite(Context ctx) {
        if ("cross-site".equals(ctx.header("Sec-Fetch-Site"))) {
            return true;
        }
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null")) {
            return origin != null;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return !authority.equalsIgnoreCase(ctx.host());
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
