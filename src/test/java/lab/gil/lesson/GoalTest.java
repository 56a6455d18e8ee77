package lab.gil.lesson;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class GoalTest {

    @Test
    void aComparisonOfAMetricWithANumberReadsTheMetricTheOperatorAndTheNumber() {
        Goal goal = Goal.parse("max_lag_ms < 20");

        assertThat(goal.expression()).isEqualTo("max_lag_ms < 20");
        assertThat(goal.description()).isNull();
        assertThat(goal.comparisons()).containsExactly(new Goal.Comparison(
                new Goal.Operand(1, "max_lag_ms"), "<", new Goal.Operand(20, null)));
    }

    @Test
    void conditionsJoinedWithAndQuotedNamesFactorsAndADescriptionAreRead() {
        Goal goal = Goal.parse("\"updates lost\" == 0 and speedup >= 0.8 * parallelism and 1_000 <= count -- Fast and right");

        assertThat(goal.expression()).isEqualTo("\"updates lost\" == 0 and speedup >= 0.8 * parallelism and 1_000 <= count");
        assertThat(goal.description()).isEqualTo("Fast and right");
        assertThat(goal.metrics()).containsExactly("updates lost", "speedup", "parallelism", "count");
        assertThat(goal.comparisons().get(1).right()).isEqualTo(new Goal.Operand(0.8, "parallelism"));
        assertThat(goal.comparisons().get(2).left()).isEqualTo(new Goal.Operand(1000, null));
    }

    @Test
    void everyOperatorIsUnderstood() {
        for (String op : Goal.OPERATORS) {
            assertThat(Goal.parse("x " + op + " -1.5e1").comparisons().get(0).operator()).isEqualTo(op);
        }
    }

    @Test
    void anEmptyGoalIsRefused() {
        assertThatThrownBy(() -> Goal.parse("  ")).hasMessageContaining("goal is empty");
        assertThatThrownBy(() -> Goal.parse("-- only words")).hasMessageContaining("goal is empty");
    }

    @Test
    void anUnknownOperatorIsNamed() {
        assertThatThrownBy(() -> Goal.parse("lost_updates = 0")).hasMessageContaining("unknown operator '='");
        assertThatThrownBy(() -> Goal.parse("speedup => 2")).hasMessageContaining("unknown operator '=>'");
        assertThatThrownBy(() -> Goal.parse("speedup <> 2")).hasMessageContaining("unknown operator '<>'");
    }

    @Test
    void aMalformedNumberIsNamed() {
        assertThatThrownBy(() -> Goal.parse("max_lag_ms < 20ms")).hasMessageContaining("'20ms'").hasMessageContaining("is not a number");
        assertThatThrownBy(() -> Goal.parse("speedup >= 1.5.2")).hasMessageContaining("'1.5.2' in goal");
        assertThatThrownBy(() -> Goal.parse("speedup >= 1e")).hasMessageContaining("'1e' in goal");
    }

    @Test
    void aGoalWithoutAComparisonOrWithoutAMetricIsRefused() {
        assertThatThrownBy(() -> Goal.parse("speedup")).hasMessageContaining("needs a comparison");
        assertThatThrownBy(() -> Goal.parse("speedup >=")).hasMessageContaining("ends too soon");
        assertThatThrownBy(() -> Goal.parse("1 < 2")).hasMessageContaining("compares two numbers");
        assertThatThrownBy(() -> Goal.parse("a < 1 or b < 2")).hasMessageContaining("only 'and'");
        assertThatThrownBy(() -> Goal.parse("a < 1 b < 2")).hasMessageContaining("join conditions with 'and'");
        assertThatThrownBy(() -> Goal.parse("a < 2 * 3")).hasMessageContaining("'*' must be followed by a metric name");
        assertThatThrownBy(() -> Goal.parse("a < 1 % 2")).hasMessageContaining("unexpected '%'");
    }

    @Test
    void aGoalThatHoldsIsMetWithTheValuesItUsed() {
        GoalCheck.Verdict verdict = GoalCheck.evaluate(Goal.parse("speedup >= 0.8 * parallelism and lost == 0"),
                Map.of("speedup", 1.52, "parallelism", 1.8, "lost", 0.0, "other", 7.0));

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.values()).containsExactly(entry("speedup", 1.52), entry("parallelism", 1.8), entry("lost", 0.0));
        assertThat(verdict.message()).isEqualTo("Goal met: speedup = 1.52 >= 0.8 * parallelism = 1.44; lost = 0 == 0.");
    }

    @Test
    void aGoalThatFailsSaysWhatTheMeasurementNeeded() {
        GoalCheck.Verdict verdict = GoalCheck.evaluate(Goal.parse("max_lag_ms < 50"), Map.of("max_lag_ms", 203.456));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.values()).containsExactly(entry("max_lag_ms", 203.456));
        assertThat(verdict.message()).isEqualTo("Goal not met yet: max_lag_ms = 203, needs < 50.");
    }

    @Test
    void oneFailingConditionOfSeveralFailsTheGoal() {
        GoalCheck.Verdict verdict = GoalCheck.evaluate(Goal.parse("a < 1 and b < 1"), Map.of("a", 0.5, "b", 1.0));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.message()).contains("a = 0.5 < 1").contains("b = 1, needs < 1");
    }

    @Test
    void aMetricTheRunDidNotRecordLeavesTheGoalUndecidedWithASentence() {
        Map<String, Double> metrics = new HashMap<>();
        metrics.put("speedup", 1.7);
        metrics.put("broken", null);

        GoalCheck.Verdict verdict = GoalCheck.evaluate(Goal.parse("speedup >= target and broken < 1"), metrics);

        assertThat(verdict.passed()).isNull();
        assertThat(verdict.values()).containsExactly(entry("speedup", 1.7));
        assertThat(verdict.message()).startsWith("Cannot tell whether the goal was met: the run did not record the metrics 'target' and 'broken'");
    }

    @Test
    void noGoalGivesNoVerdict() {
        assertThat(GoalCheck.evaluate(null, Map.of("x", 1.0))).isNull();
    }

    @Test
    void numbersAreShownWithThreeSignificantDigitsAndNoExponent() {
        assertThat(GoalCheck.format(0.004213)).isEqualTo("0.00421");
        assertThat(GoalCheck.format(1234.5)).isEqualTo("1230");
        assertThat(GoalCheck.format(20)).isEqualTo("20");
        assertThat(GoalCheck.format(-1.5)).isEqualTo("-1.5");
    }
}
