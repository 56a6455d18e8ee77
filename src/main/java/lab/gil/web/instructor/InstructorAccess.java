package lab.gil.web.instructor;

import lab.gil.instructor.LoginThrottle;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Who may see the instructor pages: a script that sends {@code Authorization: Bearer TOKEN}, or a browser
 * holding the session cookie that signing in with the token gives. The cookie is the expiry time signed with
 * the token (HMAC), so it needs no server-side store, works across instances that share the token, and
 * changing the token signs everyone out. Tokens are compared through their SHA-256 digests in constant time.
 */
public final class InstructorAccess {
    public static final String COOKIE = "gillab_instructor";
    public static final Duration SESSION = Duration.ofHours(12);
    private static final Logger log = LoggerFactory.getLogger(InstructorAccess.class);
    private static final String BEARER = "Bearer ";
    private static final int SHORT_TOKEN = 16;
    static final int MAX_FAILURES = 5;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(10);

    /** What a request may do. */
    public enum Verdict { OFF, ALLOWED, DENIED, THROTTLED }

    private final byte[] tokenDigest;
    private final SecretKeySpec signingKey;
    private final Clock clock;
    private final LoginThrottle throttle;

    public InstructorAccess(Optional<String> token, Clock clock) {
        this.tokenDigest = token.map(InstructorAccess::sha256).orElse(null);
        this.signingKey = token.map(t -> new SecretKeySpec(t.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).orElse(null);
        this.clock = clock;
        this.throttle = new LoginThrottle(MAX_FAILURES, FAILURE_WINDOW, clock);
        token.filter(t -> t.length() < SHORT_TOKEN).ifPresent(t ->
                log.warn("GILLAB_INSTRUCTOR_TOKEN is shorter than {} characters; use a long random one", SHORT_TOKEN));
    }

    public boolean enabled() {
        return tokenDigest != null;
    }

    /** Judges a request by its bearer header, else by its session cookie. A wrong bearer token counts as a failed sign-in. */
    public Verdict check(Context ctx) {
        if (!enabled()) {
            return Verdict.OFF;
        }
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return attempt(ctx.ip(), header.substring(BEARER.length()).strip());
        }
        return validSession(ctx.cookie(COOKIE)) ? Verdict.ALLOWED : Verdict.DENIED;
    }

    /**
     * A sign-in with a token (typed into the form or sent as a bearer token). The right token is always
     * accepted, whatever others sent from the same address; wrong ones are counted per address, and after
     * five in ten minutes they are answered "slow down" (and no longer logged one by one).
     */
    public Verdict attempt(String client, String given) {
        if (!enabled()) {
            return Verdict.OFF;
        }
        if (given != null && MessageDigest.isEqual(sha256(given), tokenDigest)) {
            return Verdict.ALLOWED;
        }
        boolean slowed = !retryAfter(client).isZero();
        throttle.failed(client);
        if (slowed) {
            return Verdict.THROTTLED;
        }
        if (!retryAfter(client).isZero()) {
            log.warn("failed instructor sign-in from {}; its further wrong tokens are refused for {} minutes",
                    client, retryAfter(client).toMinutes());
        } else {
            log.warn("failed instructor sign-in from {}", client);
        }
        return Verdict.DENIED;
    }

    public Duration retryAfter(String client) {
        Duration wait = throttle.retryAfter(client);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** A fresh session cookie value: {@code EXPIRY.SIGNATURE}. */
    public String newSession() {
        long expires = clock.instant().plus(SESSION).getEpochSecond();
        return expires + "." + sign(expires);
    }

    public boolean validSession(String value) {
        if (value == null || !enabled()) {
            return false;
        }
        int dot = value.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long expires;
        try {
            expires = Long.parseLong(value.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, sign(expires).getBytes(StandardCharsets.US_ASCII))
                && clock.instant().getEpochSecond() < expires;
    }

    private String sign(long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signingKey);
            byte[] signature = mac.doFinal(("gillab-instructor-session:" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
