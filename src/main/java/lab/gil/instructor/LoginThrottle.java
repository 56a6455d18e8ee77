package lab.gil.instructor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed sign-ins per client: after {@code maxFailures} within {@code window}, that client's wrong tokens
 * are answered "slow down" until its oldest remembered failure leaves the window. It never judges the right
 * token: {@link InstructorAccess} accepts that before asking, so students sharing the instructor's address
 * cannot lock the instructor out.
 *
 * <p>Memory stays bounded whatever a client sends: at most {@code maxFailures} instants per client and
 * {@link #MAX_CLIENTS} clients, the least recently seen forgotten first. An IPv6 client counts by its /64
 * network, since one host may hold a whole /64 of addresses.
 */
public final class LoginThrottle {
    static final int MAX_CLIENTS = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** Zero when the client's wrong tokens are still answered as wrong; else how long until they are again. */
    public synchronized Duration retryAfter(String client) {
        Deque<Instant> recent = recent(key(client));
        if (recent.size() < maxFailures) {
            return Duration.ZERO;
        }
        return Duration.between(clock.instant(), recent.peekFirst().plus(window));
    }

    /** Remembers one wrong token; a client that keeps guessing keeps only its latest failures, so stays slowed. */
    public synchronized void failed(String client) {
        String key = key(client);
        Deque<Instant> recent = recent(key);
        recent.addLast(clock.instant());
        while (recent.size() > maxFailures) {
            recent.removeFirst();
        }
        failures.put(key, recent);
    }

    /** How many failure instants are held in all: never more than {@code MAX_CLIENTS * maxFailures}. */
    public synchronized int remembered() {
        return failures.values().stream().mapToInt(Deque::size).sum();
    }

    private Deque<Instant> recent(String key) {
        Deque<Instant> list = failures.get(key);
        if (list == null) {
            return new ArrayDeque<>();
        }
        Instant cutoff = clock.instant().minus(window);
        while (!list.isEmpty() && !list.peekFirst().isAfter(cutoff)) {
            list.removeFirst();
        }
        if (list.isEmpty()) {
            failures.remove(key);
        }
        return list;
    }

    /** The client's address, or for IPv6 its first four groups (the /64 network). */
    static String key(String client) {
        if (client == null || client.indexOf(':') < 0 || client.indexOf('.') >= 0) {
            return String.valueOf(client);
        }
        String address = client.startsWith("[") && client.endsWith("]") ? client.substring(1, client.length() - 1) : client;
        int zone = address.indexOf('%');
        address = zone >= 0 ? address.substring(0, zone) : address;
        String[] groups = expand(address).split(":");
        return groups.length == 8 ? String.join(":", groups[0], groups[1], groups[2], groups[3]) + "::/64" : address;
    }

    /** An IPv6 address with its {@code ::} written out as zero groups. */
    private static String expand(String address) {
        int gap = address.indexOf("::");
        if (gap < 0) {
            return address.toLowerCase();
        }
        String head = address.substring(0, gap);
        String tail = address.substring(gap + 2);
        int present = (head.isEmpty() ? 0 : head.split(":").length) + (tail.isEmpty() ? 0 : tail.split(":").length);
        StringBuilder zeros = new StringBuilder();
        for (int i = present; i < 8; i++) {
            zeros.append(zeros.length() == 0 ? "0" : ":0");
        }
        String joined = (head.isEmpty() ? "" : head + ":") + zeros + (tail.isEmpty() ? "" : ":" + tail);
        return joined.toLowerCase();
    }
}
