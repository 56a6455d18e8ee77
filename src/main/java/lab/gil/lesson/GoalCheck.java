package lab.gil.lesson;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates an experiment's {@link Goal} against the metrics one run recorded. */
public final class GoalCheck {
    private GoalCheck() {
    }

    /**
     * {@code result.goal} of a run (docs/api.md).
     *
     * @param passed null when the goal could not be judged: a metric it names was not recorded
     * @param values the recorded value of every metric the goal names, in the goal's order
     * @param message one sentence for the page: met, not met, or why it could not be judged, with the numbers
     */
    public record Verdict(String expression, String description, Boolean passed, Map<String, Double> values, String message) {
    }

    /**
     * @param metrics the run's metrics by name; a metric recorded more than once counts with its last value,
     *                and a null value (the harness recorded no finite number) counts as not recorded
     * @return null when there is no goal
     */
    public static Verdict evaluate(Goal goal, Map<String, Double> metrics) {
        if (goal == null) {
            return null;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : goal.metrics()) {
            Double value = metrics.get(name);
            if (value == null || !Double.isFinite(value)) {
                missing.add("'" + name + "'");
            } else {
                values.put(name, value);
            }
        }
        if (!missing.isEmpty()) {
            String known = metrics.isEmpty() ? "it recorded no metrics" : "it recorded " + String.join(", ", quoted(metrics));
            return new Verdict(goal.expression(), goal.description(), null, values, String.format(
                    "Cannot tell whether the goal was met: the run did not record the metric%s %s (%s).",
                    missing.size() == 1 ? "" : "s", String.join(" and ", missing), known));
        }
        boolean passed = true;
        List<String> readings = new ArrayList<>();
        for (Goal.Comparison c : goal.comparisons()) {
            double left = value(c.left(), values);
            double right = value(c.right(), values);
            boolean holds = c.holds(left, right);
            passed &= holds;
            readings.add(reading(c.left(), left) + (holds ? " " : ", needs ") + c.operator() + " " + reading(c.right(), right));
        }
        return new Verdict(goal.expression(), goal.description(), passed, values,
                (passed ? "Goal met: " : "Goal not met yet: ") + String.join("; ", readings) + ".");
    }

    private static double value(Goal.Operand operand, Map<String, Double> values) {
        return operand.metric() == null ? operand.factor() : operand.factor() * values.get(operand.metric());
    }

    /** "max_lag_ms = 4.21", "0.8 * parallelism = 1.31", or the bare constant. */
    private static String reading(Goal.Operand operand, double value) {
        return operand.metric() == null ? operand.text() : operand.text() + " = " + format(value);
    }

    private static List<String> quoted(Map<String, Double> metrics) {
        return metrics.keySet().stream().limit(8).map(name -> "'" + name + "'").toList();
    }

    /** Three significant digits, no exponent, no trailing zeros: 0.00421, 4.21, 1230, 0. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }
}
