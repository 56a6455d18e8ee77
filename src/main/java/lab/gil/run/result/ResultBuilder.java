package lab.gil.run.result;

import lab.gil.lanes.Lane;
import lab.gil.lanes.LaneReport;
import lab.gil.lanes.LaneState;
import lab.gil.lesson.ChartKind;
import lab.gil.lesson.Goal;
import lab.gil.lesson.GoalCheck;
import lab.gil.lesson.Judging;
import lab.gil.run.RunResult;
import lab.gil.run.channel.Recording;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns what a run recorded into the result the page draws: statistics per variant, a one-line reading
 * of the chart, the environment fingerprint, and the warnings a student needs to read the chart honestly.
 */
public final class ResultBuilder {
    static final double BUSY_LOAD_PER_CORE = Conditions.BUSY_LOAD_PER_CORE;
    static final double POOR_PARALLELISM = Conditions.POOR_PARALLELISM;
    /** How a timeline's legend names the harness's span states. */
    private static final Map<LaneState, String> LANE_STATE_NAMES = Map.of(LaneState.RUNNING, "running (or ready to run)",
            LaneState.LOCK, "waiting on a lock", LaneState.SYSCALL, "in a system call");
    private static final Map<String, String> STATE_NAMES = Map.of("waiting", "waiting for the GIL", "io", "I/O or sleep");

    private ResultBuilder() {
    }

    public static RunResult build(ChartKind chart, Recording recording, Map<String, Object> serverFacts,
                                  String stdout, String stderr, Integer exitCode, double wallSeconds, LaneReport lanes) {
        return build(chart, null, recording, serverFacts, stdout, stderr, exitCode, wallSeconds, lanes);
    }

    /** @param goal the experiment's goal, judged against the metrics recorded (null: none) */
    public static RunResult build(ChartKind chart, Goal goal, Recording recording, Map<String, Object> serverFacts,
                                  String stdout, String stderr, Integer exitCode, double wallSeconds, LaneReport lanes) {
        return build(chart, goal, Judging.DEFAULT, recording, serverFacts, stdout, stderr, exitCode, wallSeconds, lanes);
    }

    /** @param judging how the experiment reads its result: the band of "about the same", what it needs of the machine */
    public static RunResult build(ChartKind chart, Goal goal, Judging judging, Recording recording, Map<String, Object> serverFacts,
                                  String stdout, String stderr, Integer exitCode, double wallSeconds, LaneReport lanes) {
        List<RunResult.Repetitions> repetitions = repetitions(recording);
        Map<String, Object> fingerprint = new LinkedHashMap<>(recording.env());
        fingerprint.remove("t");
        fingerprint.remove("pid");
        fingerprint.remove("t0Ns");
        fingerprint.putAll(serverFacts);
        fingerprint.putAll(lanes.facts());
        List<RunResult.SeriesView> series = recording.series().values().stream()
                .map(s -> new RunResult.SeriesView(s.name(), s.xLabel(), s.yLabel(), s.ideal(), s.points())).toList();
        String summary = recording.summary().orElseGet(() -> chart == ChartKind.TIMELINE && !lanes.lanes().isEmpty()
                ? laneSummary(lanes.lanes()) : defaultSummary(chart, recording, repetitions, fingerprint));
        List<String> notes = new ArrayList<>();
        if (recording.spans().size() >= Recording.MAX_SPANS) {
            notes.add("The timeline was cut at " + Recording.MAX_SPANS + " spans.");
        }
        notes.addAll(recording.cuts());
        notes.addAll(lanes.warnings());
        RunResult.Conditions conditions = Conditions.of(fingerprint, repetitions, notes, judging);
        List<String> warnings = conditions.items().stream().map(RunResult.Condition::text).toList();
        List<RunResult.Verdict> verdicts = Verdicts.of(repetitions, judging, fingerprint);
        RunResult.Verdict verdict = verdicts.isEmpty() ? Verdicts.ofSeries(series, judging, fingerprint) : verdicts.get(verdicts.size() - 1);
        return new RunResult(chart.id(), recording.metrics(), series, recording.spans(), repetitions, summary,
                warnings, fingerprint, stdout, stderr, exitCode, wallSeconds, lanes.lanes(), lanes.unavailable().orElse(null),
                GoalCheck.evaluate(goal, lastValues(recording.metrics())), verdict, verdicts, conditions);
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

    /**
     * The one-line reading of the chart when the experiment wrote none: what its chart kind draws, else its first
     * metrics. Written here, once, so the page, the course table and the CLI all say the same.
     */
    static String defaultSummary(ChartKind chart, Recording recording, List<RunResult.Repetitions> repetitions,
                                 Map<String, Object> fingerprint) {
        String text = switch (chart) {
            case BAR, STRIP -> defaultSummary(repetitions);
            case LINE -> seriesSummary(recording.series().values(), idealCap(fingerprint));
            case TIMELINE -> spanSummary(recording.spans());
            case TABLE -> "";
        };
        return text.isEmpty() ? metricSummary(recording.metrics()) : text;
    }

    /** "Fastest: 1 thread, 410.0 ms median; 4 threads took 1.03× as long." — the fastest variant as the reference. */
    public static String defaultSummary(List<RunResult.Repetitions> repetitions) {
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

    /** "processes: best speedup 1.58 at workers = 2; …; ideal here 1.62." — the highest point of each series. */
    static String seriesSummary(Collection<Recording.Series> series, double cap) {
        List<Recording.Series> drawn = series.stream().filter(s -> !s.points().isEmpty()).toList();
        if (drawn.isEmpty()) {
            return "";
        }
        String best = drawn.stream().map(s -> {
            double[] top = s.points().stream().max(Comparator.comparingDouble(p -> p[1])).orElseThrow();
            return String.format(Locale.ROOT, "%s: best %s %s at %s = %s", s.name(), s.yLabel(), decimal(top[1]), s.xLabel(), decimal(top[0]));
        }).collect(Collectors.joining("; "));
        boolean ideal = cap > 0 && drawn.stream().anyMatch(Recording.Series::ideal);
        return best + (ideal ? "; ideal here " + decimal(cap) : "") + ".";
    }

    /** The cap of the ideal speedup line: the parallelism measured just before the run, else the usable cores. */
    static double idealCap(Map<String, Object> fingerprint) {
        double measured = number(fingerprint.get("effectiveParallelism"));
        return measured > 0 ? measured : number(fingerprint.get("usableCores"));
    }

    /** "2 lanes over 1.00 s; summed over all lanes: running 0.91 s, waiting for the GIL 90.0 ms." */
    static String spanSummary(List<Recording.Span> spans) {
        if (spans.isEmpty()) {
            return "";
        }
        long lanes = spans.stream().map(Recording.Span::lane).distinct().count();
        double first = spans.stream().mapToDouble(Recording.Span::start).min().orElseThrow();
        double last = spans.stream().mapToDouble(Recording.Span::end).max().orElseThrow();
        Map<String, Double> byState = new LinkedHashMap<>();
        spans.forEach(s -> byState.merge(s.state(), s.end() - s.start(), Double::sum));
        String states = byState.entrySet().stream().map(e -> STATE_NAMES.getOrDefault(e.getKey(), e.getKey()) + " " + seconds(e.getValue()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%d %s over %s; summed over all lanes: %s.", lanes, lanes == 1 ? "lane" : "lanes", seconds(last - first), states);
    }

    /** "3 thread lanes in 1 process over 1.00 s; summed over all lanes: running 1.20 s, waiting on a lock 800.0 ms." */
    static String laneSummary(List<Lane> lanes) {
        long processes = lanes.stream().mapToLong(Lane::pid).distinct().count();
        double first = lanes.stream().flatMap(l -> l.intervals().stream()).mapToDouble(Lane.Interval::start).min().orElse(0);
        double last = lanes.stream().flatMap(l -> l.intervals().stream()).mapToDouble(Lane.Interval::end).max().orElse(0);
        String states = Arrays.stream(LaneState.values())
                .map(state -> Map.entry(state, lanes.stream().mapToDouble(l -> l.seconds(state)).sum()))
                .filter(e -> e.getValue() > 0)
                .map(e -> LANE_STATE_NAMES.get(e.getKey()) + " " + seconds(e.getValue()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%d thread %s in %d %s over %s%s.", lanes.size(), lanes.size() == 1 ? "lane" : "lanes",
                processes, processes == 1 ? "process" : "processes", seconds(last - first), states.isEmpty() ? "" : "; summed over all lanes: " + states);
    }

    /** "expected 2,000,000; counted 1,742,310; lost 12.9%." — the first three metrics. */
    static String metricSummary(List<Recording.Metric> metrics) {
        List<String> parts = metrics.stream().filter(m -> m.value() != null).limit(3).map(m -> {
            String unit = m.unit() == null ? "" : m.unit();
            String glue = unit.isEmpty() || unit.startsWith("×") || unit.startsWith("%") ? "" : " ";
            return m.name() + " " + decimal(m.value()) + glue + unit;
        }).toList();
        return parts.isEmpty() ? "" : String.join("; ", parts) + ".";
    }

    /** Three significant digits, whole numbers from a thousand on, as the page shows its numbers. */
    static String decimal(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        if (Math.abs(value) >= 1000) {
            return String.format(Locale.ROOT, "%,d", Math.round(value));
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    public static String seconds(double value) {
        return value >= 1 ? String.format(Locale.ROOT, "%.2f s", value) : String.format(Locale.ROOT, "%.1f ms", value * 1000);
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : -1;
    }
}
