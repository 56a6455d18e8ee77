package lab.gil.sandbox;

import lab.gil.sandbox.Outcome.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeTest {

    private static Outcome outcome(int exitCode, Reason reason, Duration wall) {
        return new Outcome(exitCode, reason, "", "", false, wall, Optional.empty());
    }

    @Test
    void wallTimeoutNamesTheLimitInWholeSeconds() {
        assertThat(outcome(137, Reason.WALL_TIMEOUT, Duration.ofMillis(30_420)).message())
                .isEqualTo("Stopped after 30 s: the wall-clock limit (GILLAB_LIMIT_WALL_S) was reached.");
    }

    @Test
    void exitsAndSignalsAreToldApart() {
        assertThat(outcome(0, Reason.NONE, Duration.ZERO).message()).isEqualTo("Finished normally.");
        assertThat(outcome(0, Reason.NONE, Duration.ZERO).succeeded()).isTrue();
        assertThat(outcome(1, Reason.NONE, Duration.ZERO).message()).isEqualTo("The program exited with status 1.");
        assertThat(outcome(139, Reason.NONE, Duration.ZERO).message())
                .isEqualTo("The program was ended by signal 11 (SIGSEGV).");
        assertThat(outcome(153, Reason.NONE, Duration.ZERO).message()).contains("GILLAB_LIMIT_FILE_MB");
    }

    @Test
    void everyLimitNamesItsSetting() {
        assertThat(outcome(152, Reason.CPU_LIMIT, Duration.ZERO).message()).contains("GILLAB_LIMIT_CPU_S");
        assertThat(outcome(137, Reason.MEMORY_LIMIT, Duration.ZERO).message()).contains("GILLAB_LIMIT_MEM_MB");
        assertThat(outcome(137, Reason.OUTPUT_LIMIT, Duration.ZERO).message()).contains("GILLAB_LIMIT_OUTPUT_KB");
        assertThat(outcome(137, Reason.OUTPUT_LIMIT, Duration.ZERO).succeeded()).isFalse();
    }
}
