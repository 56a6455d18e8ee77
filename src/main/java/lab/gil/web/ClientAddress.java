package lab.gil.web;

import io.javalin.http.Context;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The client's network address, for the per-address limits and the log. {@code X-Forwarded-For} is believed only
 * when the connection comes from a proxy the operator named (GILLAB_TRUSTED_PROXIES): anyone else could write it.
 * Behind trusted proxies the client is the last address in that header that is not one of them.
 */
public final class ClientAddress {
    private final Set<String> trustedProxies;

    public ClientAddress(Set<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    public String of(Context ctx) {
        return of(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    }

    String of(String remote, String forwardedFor) {
        if (!trustedProxies.contains(remote) || forwardedFor == null || forwardedFor.isBlank()) {
            return remote;
        }
        List<String> hops = Arrays.stream(forwardedFor.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trustedProxies.contains(hops.get(i))) {
                return hops.get(i);
            }
        }
        return hops.isEmpty() ? remote : hops.get(0);
    }
}
