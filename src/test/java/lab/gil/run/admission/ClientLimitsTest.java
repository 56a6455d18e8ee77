package lab.gil.run.admission;

import lab.gil.run.RunRefused;
import lab.gil.support.SteppedClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Budgets per student, a ceiling per address, and memory that does not grow without bound. */
class ClientLimitsTest {
    private final SteppedClock clock = new SteppedClock();

    @Test
    void eachStudentHasTheirOwnBudgetEvenBehindOneAddress() {
        ClientLimits limits = new ClientLimits(3, 10, 2000, clock);
        for (int i = 0; i < 3; i++) {
            limits.admit("ann", "school", 0, 1, 5);
        }
        assertThatThrownBy(() -> limits.admit("ann", "school", 0, 1, 5))
                .isInstanceOfSatisfying(RunRefused.Busy.class, busy -> {
                    assertThat(busy.getMessage()).startsWith("You started 3 runs in the last minute");
                    assertThat(busy.retryAfterSeconds()).isEqualTo(61);
                });
        limits.admit("bob", "school", 0, 1, 5);
    }

    @Test
    void aClassOfTwoHundredBehindOneAddressStaysUnderTheAddressCeiling() {
        ClientLimits limits = new ClientLimits(30, 3, 2000, clock);
        for (int student = 0; student < 200; student++) {
            for (int run = 0; run < 3; run++) {
                limits.admit("student-" + student, "school", 0, 1, 5);
            }
        }
        assertThat(limits.remembered()).isEqualTo(201);
    }

    @Test
    void oneAddressCannotExceedItsCeilingWithFreshCookies() {
        ClientLimits limits = new ClientLimits(30, 3, 5, clock);
        for (int i = 0; i < 5; i++) {
            limits.admit("fresh-" + i, "attacker", 0, 1, 5);
        }
        assertThatThrownBy(() -> limits.admit("fresh-6", "attacker", 0, 1, 5))
                .isInstanceOf(RunRefused.Busy.class).hasMessageStartingWith("Your network started 5 runs in the last minute");
        limits.admit("fresh-6", "elsewhere", 0, 1, 5);
    }

    @Test
    void aStudentMayHaveOnlyAFewRunsWaiting() {
        ClientLimits limits = new ClientLimits(30, 2, 2000, clock);
        assertThatThrownBy(() -> limits.admit("ann", "home", 2, 1, 7))
                .isInstanceOfSatisfying(RunRefused.Busy.class, busy -> {
                    assertThat(busy.getMessage()).isEqualTo("You already have 2 runs waiting. Wait for them to start.");
                    assertThat(busy.retryAfterSeconds()).isEqualTo(7);
                });
    }

    @Test
    void theBudgetReopensAfterAMinute() {
        ClientLimits limits = new ClientLimits(1, 10, 2000, clock);
        limits.admit("ann", "home", 0, 1, 5);
        assertThatThrownBy(() -> limits.admit("ann", "home", 0, 1, 5)).isInstanceOf(RunRefused.Busy.class);

        clock.pass(Duration.ofSeconds(61));
        limits.admit("ann", "home", 0, 1, 5);
    }

    @Test
    void studentsAndAddressesAreForgottenAMinuteAfterTheirLastRun() {
        ClientLimits limits = new ClientLimits(30, 3, 2000, clock);
        for (int i = 0; i < 100; i++) {
            limits.admit("student-" + i, "address-" + i, 0, 1, 5);
        }
        assertThat(limits.remembered()).isEqualTo(200);

        clock.pass(Duration.ofMinutes(2));
        assertThat(limits.remembered()).isZero();
    }

    @Test
    void oneAddressMayBringOnlySoManyNewStudentsAMinuteAndKnownStudentsDoNotCountAgain() {
        ClientLimits limits = new ClientLimits(30, 3, 2000, 2, clock);
        limits.admit("ann", "school", 0, 1, 5);
        limits.admit("bob", "school", 0, 1, 5);
        limits.admit("ann", "school", 0, 1, 5);

        assertThatThrownBy(() -> limits.admit("fresh", "school", 0, 1, 5))
                .isInstanceOfSatisfying(RunRefused.Busy.class, busy -> {
                    assertThat(busy.getMessage()).isEqualTo("2 new students started running code from your network in the last minute, "
                            + "the most allowed for one address. Try again in 61 s.");
                    assertThat(busy.retryAfterSeconds()).isEqualTo(61);
                });
        limits.admit("fresh", "elsewhere", 0, 1, 5);
        clock.pass(Duration.ofSeconds(61));
        limits.admit("cem", "school", 0, 1, 5);
        limits.admit("bob", "school", 0, 1, 5);
    }
}
