package lab.gil.web;

import io.javalin.plugin.bundled.GlobalHeadersConfig;
import io.javalin.plugin.bundled.GlobalHeadersPlugin;

/**
 * Headers on every response. The Content-Security-Policy allows scripts and styles from this server
 * only (our own files and WebJars): no inline script can run, whatever a student's output contains.
 */
public final class SecurityHeaders {
    static final String CSP = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'");

    private SecurityHeaders() {
    }

    /** Javalin's own plugin, which sets these headers on every response. */
    public static GlobalHeadersPlugin plugin() {
        return new GlobalHeadersPlugin(headers -> {
            headers.contentSecurityPolicy(CSP);
            headers.xContentTypeOptionsNoSniff();
            headers.referrerPolicy(GlobalHeadersConfig.ReferrerPolicy.SAME_ORIGIN);
            // As a string: the enum would send "deny", and browsers and scanners expect "DENY".
            headers.xFrameOptions("DENY");
            headers.crossOriginOpenerPolicy(GlobalHeadersConfig.CrossOriginOpenerPolicy.SAME_ORIGIN);
        });
    }
}
