package lab.gil.web;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host names this server answers to, against DNS rebinding: a page on a name the attacker controls, once
 * that name points at this server, is same-origin with it in the browser, but its requests still carry the
 * attacker's name in {@code Host}. So a request is served only when its {@code Host} is a configured name,
 * {@code localhost} or an IP address (a browser sends an address only to a page loaded from that address, and
 * {@code localhost} is never looked up in DNS). {@code *} allows every name, for a proxy that checks names itself.
 */
public record AllowedHosts(boolean any, Set<String> names) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+(%[0-9a-z._~-]+)?]");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    public AllowedHosts {
        names = Set.copyOf(names);
    }

    /**
     * Reads {@code GILLAB_ALLOWED_HOSTS}: a comma list of names, or {@code *}; when unset, {@code localhost},
     * {@code 127.0.0.1}, {@code [::1]} and the machine's own name.
     */
    public static AllowedHosts parse(Optional<String> setting, String machineName) {
        Set<String> names = new LinkedHashSet<>();
        if (setting.isEmpty()) {
            names.addAll(Set.of("localhost", "127.0.0.1", "[::1]", normalise(machineName)));
            return new AllowedHosts(false, names);
        }
        for (String name : setting.get().split(",")) {
            String entry = name.strip();
            if (entry.equals("*")) {
                return new AllowedHosts(true, Set.of());
            }
            if (!entry.isEmpty()) {
                // A name written with a port (lab.example:7070) means the name: the port is not checked.
                names.add(nameOf(entry).orElseThrow(() -> new IllegalArgumentException(
                        "GILLAB_ALLOWED_HOSTS: '" + entry + "' is not a host name")));
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("GILLAB_ALLOWED_HOSTS names no host; list names such as 'lab.school.example,localhost', or '*'");
        }
        return new AllowedHosts(false, names);
    }

    /** Whether a request with this {@code Host} header (name and optional port) may be served. */
    public boolean allows(String hostHeader) {
        if (any || hostHeader == null) {
            // A request without Host is not from a browser (browsers always send it), so it cannot be a rebinding.
            return true;
        }
        Optional<String> name = nameOf(hostHeader.strip());
        return name.isPresent() && (names.contains(name.get()) || name.get().equals("localhost")
                || IPV4.matcher(name.get()).matches() || IPV6.matcher(name.get()).matches());
    }

    /** The name in a {@code Host} header without its port, lowercased, or empty when it is not a host at all. */
    static Optional<String> nameOf(String hostHeader) {
        String name = hostHeader;
        String port = "";
        if (hostHeader.startsWith("[")) {
            int close = hostHeader.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            name = hostHeader.substring(0, close + 1);
            String rest = hostHeader.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return Optional.empty();
            }
            port = rest.isEmpty() ? "" : rest.substring(1);
        } else if (hostHeader.indexOf(':') >= 0) {
            name = hostHeader.substring(0, hostHeader.indexOf(':'));
            port = hostHeader.substring(hostHeader.indexOf(':') + 1);
            if (port.isEmpty()) {
                return Optional.empty();
            }
        }
        if (!port.isEmpty() && !PORT.matcher(port).matches()) {
            return Optional.empty();
        }
        String clean = normalise(name);
        return clean.isEmpty() ? Optional.empty() : Optional.of(clean);
    }

    /** Lowercase, without the trailing dot of a fully qualified name ({@code localhost.} is {@code localhost}). */
    private static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** The names, for the log and error sentences. */
    public String describe() {
        return any ? "any host name" : String.join(", ", names.stream().sorted().toList()) + ", localhost and IP addresses";
    }

    @Override
    public String toString() {
        return describe();
    }
}
