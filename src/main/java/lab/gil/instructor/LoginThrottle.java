package lab.gil.instructor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts failed sign-ins per client: after {@code maxFailures} within {@code window}, that client is refused
 * until its oldest failure leaves the window. Guessing a token then takes centuries instead of minutes.
 */
public final class LoginThrottle {
    private static final int MAX_CLIENTS = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** Zero when the client may try; else how long it must wait. */
    public synchronized Duration retryAfter(String client) {
        Deque<Instant> recent = recent(client);
        if (recent.size() < maxFailures) {
            return Duration.ZERO;
        }
        return Duration.between(clock.instant(), recent.peekFirst().plus(window));
    }

    public synchronized void failed(String client) {
        if (failures.size() >= MAX_CLIENTS) {
            failures.keySet().removeIf(key -> recent(key).isEmpty());
        }
        failures.computeIfAbsent(client, key -> new ArrayDeque<>()).addLast(clock.instant());
    }

    public synchronized void succeeded(String client) {
        failures.remove(client);
    }

    private Deque<Instant> recent(String client) {
        Deque<Instant> list = failures.getOrDefault(client, new ArrayDeque<>());
        Instant cutoff = clock.instant().minus(window);
        while (!list.isEmpty() && !list.peekFirst().isAfter(cutoff)) {
            list.removeFirst();
        }
        return list;
    }
}
