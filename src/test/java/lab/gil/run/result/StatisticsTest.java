package lab.gil.run.result;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StatisticsTest {
    @Test
    void medianAndQuartilesInterpolateBetweenRanks() {
        Statistics.Summary s = Statistics.summarize(List.of(4.0, 1.0, 3.0, 2.0));
        assertThat(s.median()).isEqualTo(2.5);
        assertThat(s.q1()).isEqualTo(1.75);
        assertThat(s.q3()).isEqualTo(3.25);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(4.0);
        assertThat(s.mean()).isEqualTo(2.5);
    }

    @Test
    void steadyValuesAreNotNoisy() {
        Statistics.Summary s = Statistics.summarize(List.of(0.100, 0.102, 0.101, 0.099, 0.100));
        assertThat(s.cv()).isCloseTo(0.0114, within(0.001));
        assertThat(s.noisy()).isFalse();
    }

    @Test
    void aTenPercentDeviationOrAWideSpreadIsNoisy() {
        assertThat(Statistics.summarize(List.of(0.10, 0.12, 0.09)).noisy()).isTrue();
        assertThat(Statistics.summarize(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.6)).noisy()).isTrue();
    }

    @Test
    void oneValueHasNoSpread() {
        Statistics.Summary s = Statistics.summarize(List.of(0.3));
        assertThat(s.median()).isEqualTo(0.3);
        assertThat(s.cv()).isZero();
        assertThat(s.noisy()).isFalse();
    }

    @Test
    void noValuesIsAnError() {
        assertThatThrownBy(() -> Statistics.summarize(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
