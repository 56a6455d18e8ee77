package lab.gil.run.admission;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import lab.gil.run.RunRefused;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many runs one student (their cookie) may start per minute and have waiting, and a generous ceiling for one
 * network address, which a whole class behind a school's address shares. Memory stays bounded: an entry is
 * forgotten a minute after its last run, and there are at most {@link #MAX_ENTRIES} of each kind.
 */
public final class ClientLimits {
    static final int MAX_ENTRIES = 100_000;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perStudentPerMinute;
    private final int perStudentWaiting;
    private final int perAddressPerMinute;
    private final Clock clock;
    private final Cache<String, Deque<Instant>> byStudent;
    private final Cache<String, Deque<Instant>> byAddress;

    public ClientLimits(int perStudentPerMinute, int perStudentWaiting, int perAddressPerMinute, Clock clock) {
        this.perStudentPerMinute = perStudentPerMinute;
        this.perStudentWaiting = perStudentWaiting;
        this.perAddressPerMinute = perAddressPerMinute;
        this.clock = clock;
        this.byStudent = cache(clock);
        this.byAddress = cache(clock);
    }

    private static Cache<String, Deque<Instant>> cache(Clock clock) {
        return Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterAccess(WINDOW)
                .ticker(() -> clock.millis() * 1_000_000L).build();
    }

    /**
     * Admits {@code count} runs (a comparison starts several) or refuses them all. A batch may exceed a budget on its
     * own, but not add to earlier runs beyond it. A request without a student cookie counts against its address only.
     * {@code waiting} is the student's runs waiting now; {@code retryAfter} when the queue will likely have moved.
     */
    public synchronized void admit(String student, String address, long waiting, int count, int retryAfter) {
        Instant now = clock.instant();
        Deque<Instant> ofAddress = byAddress.get(address == null ? "?" : address, k -> new ArrayDeque<>());
        Deque<Instant> ofStudent = student == null ? null : byStudent.get(student, k -> new ArrayDeque<>());
        if (ofStudent != null) {
            prune(ofStudent, now);
            if (ofStudent.size() + count > Math.max(perStudentPerMinute, count)) {
                int wait = secondsUntilRoom(ofStudent, now);
                throw new RunRefused.Busy("You started " + ofStudent.size() + " runs in the last minute, the most allowed. Try again in "
                        + wait + " s.", wait);
            }
            if (waiting + count > Math.max(perStudentWaiting, count)) {
                throw new RunRefused.Busy("You already have " + waiting + " runs waiting. Wait for them to start.", retryAfter);
            }
        }
        prune(ofAddress, now);
        if (ofAddress.size() + count > Math.max(perAddressPerMinute, count)) {
            int wait = secondsUntilRoom(ofAddress, now);
            throw new RunRefused.Busy("Your network started " + ofAddress.size() + " runs in the last minute, the most allowed for one address. "
                    + "Try again in " + wait + " s.", wait);
        }
        for (int i = 0; i < count; i++) {
            ofAddress.addLast(now);
            if (ofStudent != null) {
                ofStudent.addLast(now);
            }
        }
    }

    /** Students and addresses remembered right now (bounded, and each forgotten a minute after its last run). */
    public long remembered() {
        byStudent.cleanUp();
        byAddress.cleanUp();
        return byStudent.estimatedSize() + byAddress.estimatedSize();
    }

    private static void prune(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(WINDOW))) {
            recent.pollFirst();
        }
    }

    private static int secondsUntilRoom(Deque<Instant> recent, Instant now) {
        return (int) Math.max(1, Duration.between(now, recent.peekFirst().plus(WINDOW)).toSeconds() + 1);
    }
}
