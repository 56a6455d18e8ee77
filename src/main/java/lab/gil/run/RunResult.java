package lab.gil.run;

import lab.gil.lanes.Lane;
import lab.gil.lesson.GoalCheck;
import lab.gil.run.channel.Recording;

import java.util.List;
import java.util.Map;

/** The {@code result} of a run, as documented in docs/api.md. */
public record RunResult(String chart, List<Recording.Metric> metrics, List<SeriesView> series, List<Recording.Span> spans,
                        List<Repetitions> repetitions, String summary, List<String> warnings,
                        Map<String, Object> fingerprint, String stdout, String stderr, Integer exitCode,
                        double wallSeconds, List<Lane> lanes, String lanesUnavailable, GoalCheck.Verdict goal,
                        Verdict verdict, List<Verdict> verdicts, Conditions conditions) {

    /** A result without a verdict on its variants. */
    public RunResult(String chart, List<Recording.Metric> metrics, List<SeriesView> series, List<Recording.Span> spans,
                     List<Repetitions> repetitions, String summary, List<String> warnings,
                     Map<String, Object> fingerprint, String stdout, String stderr, Integer exitCode, double wallSeconds,
                     List<Lane> lanes, String lanesUnavailable, GoalCheck.Verdict goal) {
        this(chart, metrics, series, spans, repetitions, summary, warnings, fingerprint, stdout, stderr, exitCode, wallSeconds,
                lanes, lanesUnavailable, goal, null, List.of(), null);
    }

    /** A result without a goal. */
    public RunResult(String chart, List<Recording.Metric> metrics, List<SeriesView> series, List<Recording.Span> spans,
                     List<Repetitions> repetitions, String summary, List<String> warnings,
                     Map<String, Object> fingerprint, String stdout, String stderr, Integer exitCode, double wallSeconds,
                     List<Lane> lanes, String lanesUnavailable) {
        this(chart, metrics, series, spans, repetitions, summary, warnings, fingerprint, stdout, stderr, exitCode, wallSeconds,
                lanes, lanesUnavailable, null, null, List.of(), null);
    }

    public record SeriesView(String name, String xLabel, String yLabel, boolean ideal, List<double[]> points) {
    }

    /** One variant of {@code lab.compare}: its raw values and their summary. */
    public record Repetitions(String variant, String unit, List<Double> values, double median, double q1, double q3,
                              double min, double max, double cv, boolean noisy) {
    }

    /**
     * What a comparison of two variants says, with its uncertainty: {@code compared} took {@code 1/ratio} times as long as
     * {@code reference}, so a {@code ratio} above 1 is a speedup; {@code low}..{@code high} is its 95% interval;
     * {@code words} the headline read from the interval ("about the same", "1.9× faster", "1.3× slower", or
     * "inconclusive: …"); {@code problem} one sentence when the measurement cannot be right, else null.
     */
    public record Verdict(String words, double ratio, double low, double high, boolean conclusive, String problem,
                          String reference, String compared, int rounds) {
    }

    /**
     * The badge after the chart: {@code state} is {@code good}, {@code busy} or {@code no-parallelism} (the worst of its
     * items); each item a {@code kind} ({@code no-parallelism}, {@code busy}, {@code noisy}, {@code data}) and a sentence.
     * {@code warnings} holds the same sentences, for readers that want only text.
     */
    public record Conditions(String state, List<Condition> items) {
    }

    public record Condition(String kind, String text) {
    }
}
