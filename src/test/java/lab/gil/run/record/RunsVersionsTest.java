package lab.gil.run.record;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RunsVersionsTest {
    private Instant now = Instant.parse("2026-11-25T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final RunsVersions versions = new RunsVersions(clock, Duration.ofSeconds(1));
    private final AtomicInteger reads = new AtomicInteger();

    private String read(String student) {
        return student + "#" + reads.incrementAndGet();
    }

    @Test
    void aRepeatedLookupIsAnsweredFromMemory() {
        assertThat(versions.get("ada", this::read)).isEqualTo("ada#1");
        assertThat(versions.get("ada", this::read)).isEqualTo("ada#1");
        assertThat(reads).hasValue(1);
    }

    @Test
    void anyWriteOfThisServerMakesTheNextLookupReadAgain() {
        versions.get("ada", this::read);
        versions.get("bob", this::read);
        versions.changed();
        assertThat(versions.get("ada", this::read)).isEqualTo("ada#3");
        assertThat(versions.get("bob", this::read)).isEqualTo("bob#4");
        assertThat(versions.get("bob", this::read)).isEqualTo("bob#4");
    }

    @Test
    void anEntryExpiresSoWritesOfOtherInstancesShowWithinTheMaximumAge() {
        versions.get("ada", this::read);
        now = now.plusMillis(999);
        assertThat(versions.get("ada", this::read)).isEqualTo("ada#1");
        now = now.plusMillis(1);
        assertThat(versions.get("ada", this::read)).isEqualTo("ada#2");
    }

    @Test
    void aWriteDuringAReadIsNotMaskedByTheValueThatReadReturned() {
        versions.get("ada", student -> {
            versions.changed();
            return read(student);
        });
        assertThat(versions.get("ada", this::read)).isEqualTo("ada#2");
    }
}
