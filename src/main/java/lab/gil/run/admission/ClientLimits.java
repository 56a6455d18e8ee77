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
 * network address, which a whole class behind a school's address shares. A cookie is free to make, so how many
 * students new to the server one address may bring per minute is bounded too: otherwise one address minting cookies
 * could take every place in the queue. Memory stays bounded: an entry is forgotten a minute after its last run (a
 * known student a day after), and there are at most {@link #MAX_ENTRIES} of each kind.
 */
public final class ClientLimits {
    static final int MAX_ENTRIES = 100_000;
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration KNOWN_FOR = Duration.ofDays(1);

    private final int perStudentPerMinute;
    private final int perStudentWaiting;
    private final int perAddressPerMinute;
    private final int newStudentsPerAddressPerMinute;
    private final Clock clock;
    private final Cache<String, Deque<Instant>> byStudent;
    private final Cache<String, Deque<Instant>> byAddress;
    private final Cache<String, Deque<Instant>> newcomersByAddress;
    private final Cache<String, Boolean> known;

    public ClientLimits(int perStudentPerMinute, int perStudentWaiting, int perAddressPerMinute, Clock clock) {
        this(perStudentPerMinute, perStudentWaiting, perAddressPerMinute, Integer.MAX_VALUE, clock);
    }

    public ClientLimits(int perStudentPerMinute, int perStudentWaiting, int perAddressPerMinute,
                        int newStudentsPerAddressPerMinute, Clock clock) {
        this.perStudentPerMinute = perStudentPerMinute;
        this.perStudentWaiting = perStudentWaiting;
        this.perAddressPerMinute = perAddressPerMinute;
        this.newStudentsPerAddressPerMinute = newStudentsPerAddressPerMinute;
        this.clock = clock;
        this.byStudent = cache(clock, WINDOW);
        this.byAddress = cache(clock, WINDOW);
        this.newcomersByAddress = cache(clock, WINDOW);
        this.known = cache(clock, KNOWN_FOR);
    }

    private static <V> Cache<String, V> cache(Clock clock, Duration keep) {
        return Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterAccess(keep)
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
        Deque<Instant> newcomers = null;
        if (student != null && known.getIfPresent(student) == null) {
            newcomers = newcomersByAddress.get(address == null ? "?" : address, k -> new ArrayDeque<>());
            prune(newcomers, now);
            if (newcomers.size() >= newStudentsPerAddressPerMinute) {
                int wait = secondsUntilRoom(newcomers, now);
                throw new RunRefused.Busy(newcomers.size() + " new students started running code from your network in the last minute, "
                        + "the most allowed for one address. Try again in " + wait + " s.", wait);
            }
        }
        if (newcomers != null) {
            newcomers.addLast(now);
            known.put(student, Boolean.TRUE);
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
