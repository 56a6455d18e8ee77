package lab.gil.run.record;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Remembers each student's runs fingerprint (see {@link RunRepository#runsVersion}) so a page reload does not
 * query the database. An entry holds while this server has written no run since it was read and for at most
 * {@code maxAge}, which bounds how long a write by another instance sharing the database goes unseen.
 */
final class RunsVersions {
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(String version, long writes, Instant readAt) {
    }

    private final Cache<String, Entry> entries;
    private final AtomicLong writes = new AtomicLong();
    private final Clock clock;
    private final Duration maxAge;

    RunsVersions(Clock clock, Duration maxAge) {
        this.clock = clock;
        this.maxAge = maxAge;
        // Bounded, and an entry past its age is dropped rather than kept until the next lookup of that student.
        this.entries = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(maxAge)
                .ticker(() -> clock.millis() * 1_000_000L).build();
    }

    /** Called after every write to the runs table, whichever student it touched. */
    void changed() {
        writes.incrementAndGet();
    }

    String get(String student, Function<String, String> read) {
        long writesNow = writes.get();
        Instant now = clock.instant();
        Entry entry = entries.getIfPresent(student);
        if (entry != null && entry.writes() == writesNow && now.isBefore(entry.readAt().plus(maxAge))) {
            return entry.version();
        }
        String version = read.apply(student);
        entries.put(student, new Entry(version, writesNow, now));
        return version;
    }
}
