package lab.gil.experiment;

import lab.gil.lesson.ChartKind;
import lab.gil.lesson.Goal;
import lab.gil.lesson.GoalCheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns what a run recorded into the result the page draws: statistics per variant, a one-line reading
 * of the chart, the environment fingerprint, and the warnings a student needs to read the chart honestly.
 */
final class ResultBuilder {
    static final double BUSY_LOAD_PER_CORE = 0.75;
    static final double POOR_PARALLELISM = 1.5;

    private ResultBuilder() {
    }

    static RunResult build(ChartKind chart, Recording recording, Map<String, Object> serverFacts,
                           String stdout, String stderr, Integer exitCode, double wallSeconds) {
        return build(chart, null, recording, serverFacts, stdout, stderr, exitCode, wallSeconds);
    }

    /** @param goal the experiment's goal, judged against the metrics recorded (null: none) */
    static RunResult build(ChartKind chart, Goal goal, Recording recording, Map<String, Object> serverFacts,
                           String stdout, String stderr, Integer exitCode, double wallSeconds) {
        List<RunResult.Repetitions> repetitions = repetitions(recording);
        Map<String, Object> fingerprint = new LinkedHashMap<>(recording.env());
        fingerprint.remove("t");
        fingerprint.remove("pid");
        fingerprint.putAll(serverFacts);
        List<RunResult.SeriesView> series = recording.series().values().stream()
                .map(s -> new RunResult.SeriesView(s.name(), s.xLabel(), s.yLabel(), s.ideal(), s.points())).toList();
        String summary = recording.summary().orElseGet(() -> defaultSummary(repetitions));
        return new RunResult(chart.id(), recording.metrics(), series, recording.spans(), repetitions, summary,
                warnings(fingerprint, repetitions, recording), fingerprint, stdout, stderr, exitCode, wallSeconds,
                GoalCheck.evaluate(goal, lastValues(recording.metrics())));
    }

    /** Metric values by name; a name recorded twice keeps its last value. */
    private static Map<String, Double> lastValues(List<Recording.Metric> metrics) {
        Map<String, Double> values = new HashMap<>();
        metrics.forEach(m -> values.put(m.name(), m.value()));
        return values;
    }

    private static List<RunResult.Repetitions> repetitions(Recording recording) {
        List<RunResult.Repetitions> result = new ArrayList<>();
        recording.repetitions().forEach((variant, values) -> {
            Statistics.Summary s = Statistics.summarize(values);
            result.add(new RunResult.Repetitions(variant, "s", List.copyOf(values), s.median(), s.q1(), s.q3(), s.min(), s.max(), s.cv(), s.noisy()));
        });
        return result;
    }

    /** "1 thread: 0.41 s; 4 threads: 1.03× as long." — the fastest variant first as the reference. */
    static String defaultSummary(List<RunResult.Repetitions> repetitions) {
        if (repetitions.isEmpty()) {
            return "";
        }
        RunResult.Repetitions fastest = repetitions.stream().min(Comparator.comparingDouble(RunResult.Repetitions::median)).orElseThrow();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Fastest: %s, %s median", fastest.variant(), seconds(fastest.median())));
        for (RunResult.Repetitions other : repetitions) {
            if (other != fastest && fastest.median() > 0) {
                text.append(String.format(Locale.ROOT, "; %s took %.2f× as long", other.variant(), other.median() / fastest.median()));
            }
        }
        return text.append('.').toString();
    }

    static String seconds(double value) {
        return value >= 1 ? String.format(Locale.ROOT, "%.2f s", value) : String.format(Locale.ROOT, "%.1f ms", value * 1000);
    }

    static List<String> warnings(Map<String, Object> fingerprint, List<RunResult.Repetitions> repetitions, Recording recording) {
        List<String> warnings = new ArrayList<>();
        double cores = number(fingerprint.get("usableCores"));
        double load = number(fingerprint.get("loadAverage"));
        double parallelism = number(fingerprint.get("effectiveParallelism"));
        if (cores == 1) {
            warnings.add("This server gives experiments one usable core: threads and processes cannot run in parallel here, "
                    + "so no speedup from parallelism can show.");
        }
        if (cores >= 1 && load > cores * BUSY_LOAD_PER_CORE) {
            warnings.add(String.format(Locale.ROOT, "The machine was busy when this run started (load %.1f on %d cores): "
                    + "timings are less reliable than usual.", load, (int) cores));
        }
        if (cores >= 2 && parallelism > 0 && parallelism < POOR_PARALLELISM) {
            warnings.add(String.format(Locale.ROOT, "Right now %d processes finish only %.2f× as fast as one on this machine "
                    + "(its cores are shared): expect less than the ideal speedup.", (int) cores, parallelism));
        }
        repetitions.stream().filter(RunResult.Repetitions::noisy).forEach(r -> warnings.add(String.format(Locale.ROOT,
                "Noisy result: the timings of '%s' vary by %.0f%% (from %s to %s). Run again or add repetitions.",
                r.variant(), r.cv() * 100, seconds(r.min()), seconds(r.max()))));
        if (recording.spans().size() >= Recording.MAX_SPANS) {
            warnings.add("The timeline was cut at " + Recording.MAX_SPANS + " spans.");
        }
        return warnings;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : -1;
    }
}
