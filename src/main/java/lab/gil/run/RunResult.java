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
                        double wallSeconds, List<Lane> lanes, String lanesUnavailable, GoalCheck.Verdict goal) {

    /** A result without a goal. */
    public RunResult(String chart, List<Recording.Metric> metrics, List<SeriesView> series, List<Recording.Span> spans,
                     List<Repetitions> repetitions, String summary, List<String> warnings,
                     Map<String, Object> fingerprint, String stdout, String stderr, Integer exitCode, double wallSeconds,
                     List<Lane> lanes, String lanesUnavailable) {
        this(chart, metrics, series, spans, repetitions, summary, warnings, fingerprint, stdout, stderr, exitCode, wallSeconds,
                lanes, lanesUnavailable, null);
    }

    public record SeriesView(String name, String xLabel, String yLabel, boolean ideal, List<double[]> points) {
    }

    /** One variant of {@code lab.compare}: its raw values and their summary. */
    public record Repetitions(String variant, String unit, List<Double> values, double median, double q1, double q3,
                              double min, double max, double cv, boolean noisy) {
    }
}
