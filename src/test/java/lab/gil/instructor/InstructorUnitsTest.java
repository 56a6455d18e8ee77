package lab.gil.instructor;

import lab.gil.web.instructor.InstructorAccess;

import lab.gil.support.SteppedClock;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** The instructor package's small parts: speedups read from results, histograms, CSV cells, sessions and throttling. */
class InstructorUnitsTest {
    @Test
    void speedupIsTheFirstVariantOverTheFastestOther() {
        Measured measured = Measured.of("""
                {"repetitions": [{"variant": "sync", "median": 1.2, "noisy": false},
                                 {"variant": "threads", "median": 0.6, "noisy": true},
                                 {"variant": "asyncio", "median": 0.4, "noisy": false}], "metrics": []}""");

        assertThat(measured.medians()).containsExactly(Map.entry("sync", 1.2), Map.entry("threads", 0.6), Map.entry("asyncio", 0.4));
        assertThat(measured.speedup()).isCloseTo(3.0, offset(1e-9));
        assertThat(measured.noisy()).isTrue();
    }

    @Test
    void anExperimentsOwnSpeedupMetricWins() {
        Measured measured = Measured.of("""
                {"repetitions": [{"variant": "a", "median": 1.0}, {"variant": "b", "median": 0.5}],
                 "metrics": [{"name": "speedup", "value": 1.7, "unit": "×"}]}""");

        assertThat(measured.speedup()).isEqualTo(1.7);
    }

    @Test
    void runsWithoutTwoTimedVariantsHaveNoSpeedup() {
        assertThat(Measured.of("{\"repetitions\": [{\"variant\": \"a\", \"median\": 1.0}]}").speedup()).isNull();
        assertThat(Measured.of("{\"repetitions\": [{\"variant\": \"a\", \"median\": 1.0}, {\"variant\": \"b\", \"median\": 0}]}").speedup()).isNull();
        assertThat(Measured.of("not json")).isEqualTo(Measured.NOTHING);
        assertThat(Measured.of(null).timed()).isFalse();
    }

    @Test
    void histogramBinsHaveRoundEdgesAndKeepEveryValue() {
        List<Histogram.Bin> bins = Histogram.of(List.of(0.95, 1.0, 1.04, 2.0));

        assertThat(bins.get(0)).isEqualTo(new Histogram.Bin(0.9, 1.0, 1));
        assertThat(bins.get(1)).isEqualTo(new Histogram.Bin(1.0, 1.1, 2));
        assertThat(bins.get(bins.size() - 1)).isEqualTo(new Histogram.Bin(2.0, 2.1, 1));
        assertThat(Histogram.of(List.of(0.5, 40.0))).hasSizeLessThanOrEqualTo(Histogram.MAX_BINS)
                .extracting(Histogram.Bin::count).containsOnly(0, 1);
        assertThat(Histogram.of(List.of())).isEmpty();
    }

    @Test
    void formulaTriggersAreDefusedWhereverACellCouldStart() {
        for (String formula : List.of("=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx")) {
            assertThat(RunsCsv.text(formula)).as(formula).isEqualTo("'" + formula);
        }
        assertThat(RunsCsv.text("p;=2+2;q")).isEqualTo("p;'=2+2;q");
        assertThat(RunsCsv.text("a, -1+2")).isEqualTo("a, '-1+2");
        assertThat(RunsCsv.text("fast\t\t=1")).isEqualTo("fast\t'\t'=1");
        assertThat(RunsCsv.text("x;\"=1\"")).isEqualTo("x;\"'=1\"");
        assertThat(RunsCsv.text("plain text, e=mc2")).isEqualTo("plain text, e=mc2");
        assertThat(RunsCsv.text(null)).isEmpty();
    }

    @Test
    void noPieceOfTheCsvReadsAsAFormulaWhereverASpreadsheetSplitsIt() throws IOException {
        Measured measured = new Measured(new LinkedHashMap<>(Map.of("warm\t=1+1", 0.5)), false, 2.0);
        RunRow run = new RunRow("r1", Instant.parse("2026-11-20T09:00:00Z"), "gil", "cpu", "student-a", "python3", "done",
                true, "{\"note\": \"a,@x\"}", "p;=2+2;q", measured, true);

        String csv = RunsCsv.of(List.of(run));

        for (String separator : List.of(",", ";", "\t", "\n")) {
            for (String piece : csv.split(Pattern.quote(separator), -1)) {
                String start = piece.replaceFirst("^[\\s\"]+", "");
                assertThat(start).as("a cell split on %s", separator.equals("\t") ? "TAB" : separator).doesNotMatch("(?s)^[=+\\-@].*");
            }
        }
        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(csv)).getRecords();
        assertThat(records.get(0).get(13)).isEqualTo("median warm\t'=1+1 (s)");
        assertThat(records.get(1).toList()).containsExactly("r1", "2026-11-20T09:00:00Z", "gil", "cpu", "student-a", "python3",
                "done", "true", "{\"note\": \"a,'@x\"}", "p;'=2+2;q", "2.0", "false", "true", "0.5");
        assertThat(csv.split("\r\n")).allSatisfy(line -> assertThat(line).as("every cell is quoted").startsWith("\"").endsWith("\""));
    }

    @Test
    void aSessionCookieExpiresAndCannotBeForged() {
        SteppedClock clock = new SteppedClock();
        InstructorAccess access = new InstructorAccess(Optional.of("a-long-instructor-token"), clock);
        String session = access.newSession();

        assertThat(access.validSession(session)).isTrue();
        assertThat(access.validSession(session.replaceFirst("^\\d+", "99999999999"))).isFalse();
        assertThat(new InstructorAccess(Optional.of("another-token-altogether"), clock).validSession(session)).isFalse();
        clock.pass(InstructorAccess.SESSION);
        assertThat(access.validSession(session)).isFalse();
    }

    @Test
    void theRightTokenOpensEvenFromAnAddressThatSentManyWrongOnes() {
        SteppedClock clock = new SteppedClock();
        InstructorAccess access = new InstructorAccess(Optional.of("a-long-instructor-token"), clock);
        for (int i = 0; i < 50; i++) {
            access.attempt("10.0.0.1", "wrong-" + i);
        }

        assertThat(access.attempt("10.0.0.1", "a-long-instructor-token")).isEqualTo(InstructorAccess.Verdict.ALLOWED);
        assertThat(access.attempt("10.0.0.1", "wrong-again")).as("wrong ones stay slowed").isEqualTo(InstructorAccess.Verdict.THROTTLED);
    }

    @Test
    void wrongTokensAreSlowedAfterFiveAndForgivenWhenTheWindowPasses() {
        SteppedClock clock = new SteppedClock();
        InstructorAccess access = new InstructorAccess(Optional.of("a-long-instructor-token"), clock);
        for (int i = 0; i < 5; i++) {
            assertThat(access.attempt("10.0.0.1", "wrong")).isEqualTo(InstructorAccess.Verdict.DENIED);
        }

        assertThat(access.attempt("10.0.0.1", "wrong")).isEqualTo(InstructorAccess.Verdict.THROTTLED);
        assertThat(access.attempt("10.0.0.2", "wrong")).as("another client").isEqualTo(InstructorAccess.Verdict.DENIED);
        assertThat(access.retryAfter("10.0.0.1")).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10));
        clock.pass(Duration.ofMinutes(10));
        assertThat(access.retryAfter("10.0.0.1")).isZero();
        assertThat(access.attempt("10.0.0.1", "wrong")).isEqualTo(InstructorAccess.Verdict.DENIED);
    }

    @Test
    void theThrottleRemembersABoundedNumberOfFailures() {
        SteppedClock clock = new SteppedClock();
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(10), clock);
        for (int i = 0; i < 1_000; i++) {
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.remembered()).isEqualTo(5);

        for (int i = 0; i < 3 * LoginThrottle.MAX_CLIENTS; i++) {
            throttle.failed("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        }
        assertThat(throttle.remembered()).isLessThanOrEqualTo(LoginThrottle.MAX_CLIENTS * 5);
    }

    @Test
    void anIpv6ClientCountsByItsNetworkSoNewAddressesDoNotBuyNewGuesses() {
        assertThat(LoginThrottle.key("2001:db8:1:2:0:0:0:1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(LoginThrottle.key("[2001:db8:1:2::ffff]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(LoginThrottle.key("2001:db8::1")).isEqualTo("2001:db8:0:0::/64");
        assertThat(LoginThrottle.key("192.0.2.7")).isEqualTo("192.0.2.7");

        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(10), new SteppedClock());
        for (int i = 1; i <= 5; i++) {
            throttle.failed("2001:db8:1:2::" + Integer.toHexString(i));
        }
        assertThat(throttle.retryAfter("2001:db8:1:2::99")).isPositive();
        assertThat(throttle.retryAfter("2001:db8:1:3::1")).isZero();
    }

    @Test
    void withoutATokenNothingIsAllowed() {
        InstructorAccess access = new InstructorAccess(Optional.empty(), Clock.systemUTC());

        assertThat(access.enabled()).isFalse();
        assertThat(access.attempt("10.0.0.1", "")).isEqualTo(InstructorAccess.Verdict.OFF);
        assertThat(access.validSession("1.x")).isFalse();
    }

}
