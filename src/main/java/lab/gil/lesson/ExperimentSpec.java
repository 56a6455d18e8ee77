package lab.gil.lesson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One runnable experiment of a lesson: its header and its Python code. An exercise also has a {@code goal} over
 * its metrics (else null) and {@code hints}, shown one at a time. {@code judging} says how its result is read.
 */
public record ExperimentSpec(String id, String title, ChartKind chart, int repetitions, Optional<Integer> timeoutSeconds,
                             String predict, List<String> options, List<ParamSpec> params, String code, int line,
                             Goal goal, List<String> hints, Judging judging) {
    /** The most repetitions an experiment may declare, or a student ask for. */
    public static final int MAX_REPETITIONS = 20;

    /** An experiment read the default way. */
    public ExperimentSpec(String id, String title, ChartKind chart, int repetitions, Optional<Integer> timeoutSeconds,
                          String predict, List<String> options, List<ParamSpec> params, String code, int line,
                          Goal goal, List<String> hints) {
        this(id, title, chart, repetitions, timeoutSeconds, predict, options, params, code, line, goal, hints, Judging.DEFAULT);
    }

    /** An experiment without a goal or hints. */
    public ExperimentSpec(String id, String title, ChartKind chart, int repetitions, Optional<Integer> timeoutSeconds,
                          String predict, List<String> options, List<ParamSpec> params, String code, int line) {
        this(id, title, chart, repetitions, timeoutSeconds, predict, options, params, code, line, null, List.of());
    }

    public Optional<ParamSpec> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * Merges a student's values over the defaults, typed and checked against the declared ranges.
     * Throws IllegalArgumentException with a sentence fit for the page when a value is wrong or unknown.
     */
    public Map<String, Object> resolveParams(Map<String, ?> given) {
        for (String name : given.keySet()) {
            if (param(name).isEmpty()) {
                throw new IllegalArgumentException("This experiment has no parameter '" + name + "'.");
            }
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (ParamSpec spec : params) {
            resolved.put(spec.name(), spec.coerce(given.get(spec.name())));
        }
        return resolved;
    }

    public boolean hasGoal() {
        return goal != null;
    }

    public boolean hasPrediction() {
        return predict != null && !predict.isBlank();
    }
}
