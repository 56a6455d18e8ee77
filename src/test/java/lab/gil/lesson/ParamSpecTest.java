package lab.gil.lesson;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamSpecTest {
    private final ParamSpec threads = new ParamSpec("threads", ParamSpec.Type.INT, 4L, 1.0, 16.0, List.of(), "Threads", 1);
    private final ParamSpec method = new ParamSpec("method", ParamSpec.Type.TEXT, "fork", null, null,
            List.of("fork", "spawn"), "Start method", 2);
    private final ExperimentSpec spec = new ExperimentSpec("x", "X", ChartKind.BAR, 3, Optional.empty(), null, List.of(),
            List.of(threads, method), "pass", 1);

    @Test
    void studentValuesAreTypedAndDefaultsFillTheRest() {
        assertThat(spec.resolveParams(Map.of("threads", "8"))).containsExactly(Map.entry("threads", 8L), Map.entry("method", "fork"));
        assertThat(spec.resolveParams(Map.of("threads", 2, "method", "spawn"))).containsEntry("threads", 2L).containsEntry("method", "spawn");
    }

    @Test
    void outOfRangeValuesAreRefusedWithASentence() {
        assertThatThrownBy(() -> spec.resolveParams(Map.of("threads", "99")))
                .hasMessage("Threads must be between 1 and 16, not 99.");
        assertThatThrownBy(() -> spec.resolveParams(Map.of("threads", "<script>")))
                .hasMessage("Threads must be a whole number, not '<script>'.");
        assertThatThrownBy(() -> spec.resolveParams(Map.of("method", "thread")))
                .hasMessage("Start method must be one of fork, spawn, not 'thread'.");
    }

    @Test
    void smallNumbersAreShownAsPlainDecimals() {
        ParamSpec interval = new ParamSpec("interval", ParamSpec.Type.FLOAT, 0.005, 0.0005, 0.1, List.of(), "Interval", 1);
        assertThat(interval.format(interval.min())).isEqualTo("0.0005");
        assertThat(interval.format(interval.max())).isEqualTo("0.1");
        assertThat(threads.format(threads.max())).isEqualTo("16");
    }

    @Test
    void unknownParametersAreRefused() {
        assertThatThrownBy(() -> spec.resolveParams(Map.of("thread", "2")))
                .hasMessage("This experiment has no parameter 'thread'.");
    }
}
