package lab.gil.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

/**
 * Refuses, before anything else runs, a request whose {@code Host} header names a host this server does not
 * answer to (see {@link AllowedHosts}): 421 Misdirected Request with a sentence saying what to do.
 */
public final class HostCheck {
    private final AllowedHosts allowed;

    public HostCheck(AllowedHosts allowed) {
        this.allowed = allowed;
    }

    public void check(Context ctx) {
        String host = ctx.header("Host");
        if (!allowed.allows(host)) {
            throw new HttpResponseException(HttpStatus.MISDIRECTED_REQUEST.getCode(), "This server does not answer to the name '"
                    + shortened(AllowedHosts.nameOf(host.strip()).orElse(host)) + "'. Open it by a name it serves; its operator can add "
                    + "this one to GILLAB_ALLOWED_HOSTS.");
        }
    }

    private static String shortened(String name) {
        return name.length() <= 100 ? name : name.substring(0, 100) + "…";
    }
}
