package lab.gil.run.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import lab.gil.run.Json;
import lab.gil.run.RunResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fits a result into the space the database keeps for it. Each record kind is capped as it is read (see
 * {@link Recording}), but together, with long output, they can still be too much; then the bulkiest parts are
 * dropped one after the other, each with a sentence in the warnings saying what was cut, until the result fits.
 * The last step keeps only what is always small, so the column's own limit is never the one that fails.
 */
final class ResultBudget {
    static final int OUTPUT_KEPT = 20_000;
    static final int VALUES_KEPT = 1_000;

    private ResultBudget() {
    }

    /** The result as JSON of at most {@code maxChars} characters. */
    static String json(RunResult result, int maxChars) {
        try {
            String json = Json.MAPPER.writeValueAsString(result);
            if (json.length() <= maxChars) {
                return json;
            }
            RunResult step = new RunResult(result.chart(), result.metrics(), result.series(), List.of(), result.repetitions(),
                    result.summary(), with(result.warnings(), "The result was too large to keep whole: its timeline"
                    + " was left out and its output shortened to " + OUTPUT_KEPT + " characters each."),
                    result.fingerprint(), shorten(result.stdout()), shorten(result.stderr()), result.exitCode(), result.wallSeconds(),
                    result.lanes(), result.lanesUnavailable(), result.goal(), result.verdict(), result.verdicts(), result.conditions());
            json = Json.MAPPER.writeValueAsString(step);
            if (json.length() <= maxChars) {
                return json;
            }
            step = new RunResult(step.chart(), step.metrics(), thinned(step.series()), List.of(), fewerValues(step.repetitions()),
                    step.summary(), with(step.warnings(), "It was still too large: only the first " + VALUES_KEPT
                    + " points of each series and timings of each variant were kept (the statistics are of all)."),
                    step.fingerprint(), step.stdout(), step.stderr(), step.exitCode(), step.wallSeconds(), List.of(),
                    "The thread lanes were left out to keep the result within its size.", step.goal(), step.verdict(), step.verdicts(), step.conditions());
            json = Json.MAPPER.writeValueAsString(step);
            if (json.length() <= maxChars) {
                return json;
            }
            List<String> warnings = new ArrayList<>(step.warnings().stream().limit(20).map(w -> cut(w, 500)).toList());
            warnings.add("It was still too large: only its summary and these warnings were kept.");
            RunResult minimal = new RunResult(step.chart(), List.of(), List.of(), List.of(), List.of(), cut(step.summary(), 2_000),
                    warnings, Map.of(), "", "", step.exitCode(), step.wallSeconds(), List.of(), null, step.goal(), step.verdict(),
                    step.verdicts(), step.conditions());
            return Json.MAPPER.writeValueAsString(minimal);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<RunResult.SeriesView> thinned(List<RunResult.SeriesView> series) {
        return series.stream().map(s -> new RunResult.SeriesView(s.name(), s.xLabel(), s.yLabel(), s.ideal(),
                s.points().subList(0, Math.min(VALUES_KEPT, s.points().size())))).toList();
    }

    private static List<RunResult.Repetitions> fewerValues(List<RunResult.Repetitions> repetitions) {
        return repetitions.stream().map(r -> new RunResult.Repetitions(r.variant(), r.unit(),
                r.values().subList(0, Math.min(VALUES_KEPT, r.values().size())), r.median(), r.q1(), r.q3(), r.min(),
                r.max(), r.cv(), r.noisy())).toList();
    }

    private static List<String> with(List<String> list, String item) {
        List<String> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }

    private static String shorten(String text) {
        return text == null || text.length() <= OUTPUT_KEPT ? text : text.substring(0, OUTPUT_KEPT) + "\n… (cut)";
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
