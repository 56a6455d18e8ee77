package lab.gil.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        Limits limits = Limits.defaults();
        assertThat(limits.wall()).isEqualTo(Duration.ofSeconds(30));
        assertThat(limits.cpu()).isEqualTo(Duration.ofSeconds(60));
        assertThat(limits.memoryBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(limits.processes()).isEqualTo(64);
        assertThat(limits.outputBytes()).isEqualTo(256L * 1024);
        assertThat(limits.fileBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(limits.openFiles()).isEqualTo(256);
        assertThat(limits.diskBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(limits.diskFiles()).isEqualTo(10_000);
    }

    @Test
    void theDiskBudgetComesFromItsTwoVariables() {
        Limits limits = Limits.fromEnv(Map.of("GILLAB_LIMIT_DISK_MB", "64", "GILLAB_LIMIT_DISK_FILES", "500"));
        assertThat(limits.diskBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(limits.diskFiles()).isEqualTo(500);
        assertThatThrownBy(() -> Limits.fromEnv(Map.of("GILLAB_LIMIT_DISK_FILES", "3")))
                .hasMessageContaining("GILLAB_LIMIT_DISK_FILES");
    }

    @Test
    void environmentOverridesEachLimitAndCpuFollowsWall() {
        Limits limits = Limits.fromEnv(Map.of("GILLAB_LIMIT_WALL_S", "10", "GILLAB_LIMIT_MEM_MB", "128",
                "GILLAB_LIMIT_PROCS", " 16 ", "GILLAB_LIMIT_OUTPUT_KB", "8", "GILLAB_LIMIT_OPEN_FILES", "64"));
        assertThat(limits).isEqualTo(new Limits(Duration.ofSeconds(10), Duration.ofSeconds(20), 128L * 1024 * 1024,
                16, 8 * 1024, 16L * 1024 * 1024, 64));
        assertThat(Limits.fromEnv(Map.of("GILLAB_LIMIT_CPU_S", "5")).cpu()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> Limits.fromEnv(Map.of("GILLAB_LIMIT_WALL_S", "thirty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GILLAB_LIMIT_WALL_S must be a whole number from 1 to 86400, not 'thirty'");
        assertThatThrownBy(() -> Limits.fromEnv(Map.of("GILLAB_LIMIT_PROCS", "0")))
                .hasMessage("GILLAB_LIMIT_PROCS must be from 4 to 100000, not 0");
        assertThatThrownBy(() -> Limits.fromEnv(Map.of("GILLAB_LIMIT_MEM_MB", "-1")))
                .hasMessage("GILLAB_LIMIT_MEM_MB must be from 16 to 1048576, not -1");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new Limits(Duration.ZERO, Duration.ofSeconds(1), 1, 1, 1, 1, 1))
                .hasMessage("wall must be positive, not 0");
    }
}
