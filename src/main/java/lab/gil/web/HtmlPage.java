package lab.gil.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * A rendered page kept ready to send: its UTF-8 bytes, the same gzipped, and an entity tag. Encoding and
 * compressing happen once, when the page is made, not on every request that sends it.
 */
public record HtmlPage(byte[] utf8, byte[] gzip, String etag) {
    private static final Logger log = LoggerFactory.getLogger(HtmlPage.class);
    private static final String HTML = "text/html; charset=utf-8";

    public static HtmlPage of(String html) {
        byte[] utf8 = html.getBytes(StandardCharsets.UTF_8);
        return new HtmlPage(utf8, gzip(utf8), etag(utf8));
    }

    /**
     * Answers a GET: 304 when the browser already holds this very page, else the page, gzipped when the
     * browser accepts it. The page is the visitor's own, so shared caches must not keep it.
     */
    public void send(Context ctx) {
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "private, no-cache");
        ctx.header("Vary", "Accept-Encoding, Cookie");
        if (matches(ctx.header("If-None-Match"))) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.contentType(HTML);
        byte[] body = utf8;
        if (acceptsGzip(ctx.header("Accept-Encoding"))) {
            ctx.header("Content-Encoding", "gzip");
            body = gzip;
        }
        // Written straight to the response with its length: Jetty sends it in one go. (Through ctx.result the bytes
        // would be copied in 8 KB pieces through Javalin's compression check, which measured twice the CPU.)
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (IOException e) {
            log.debug("{} {}: the client went away: {}", ctx.method(), ctx.path(), e.getMessage());
        }
    }

    /** True when an {@code If-None-Match} header names this page (weakly, as RFC 9110 asks for GET). */
    boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code gzip} is listed without {@code q=0}. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            if (!parts[0].strip().equalsIgnoreCase("gzip")) {
                continue;
            }
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip().toLowerCase();
                if (parameter.startsWith("q=") && parameter.substring(2).strip().matches("0(\\.0*)?")) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
