package lab.gil.student;

import com.fasterxml.jackson.databind.JsonNode;
import lab.gil.run.Json;
import lab.gil.run.Run;
import lab.gil.lesson.ExperimentSpec;
import lab.gil.lesson.Lesson;
import lab.gil.run.result.PredictionCheck;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One row per experiment of the course: what the student predicted beside what was measured, marked ✓ or ✗. The run
 * that scores a prediction is the student's first run of the lesson's own code at its defaults, the experiment the
 * prediction was about; without one, the latest run is shown, unmarked. An
 * experiment the student ran on several interpreters (GIL on and off, say) gets one row per interpreter, each
 * naming it and the GIL state its run really had, so the measurements sit next to each other.
 */
public record CourseResults(List<Row> rows) {

    /** {@code on} names the interpreter and its GIL ("python3.13t, GIL off"), or is empty for a single row. */
    public record Row(Lesson lesson, ExperimentSpec experiment, Run run, String measured, int warnings, String on,
                      Boolean correct, boolean scored) {
        public boolean ran() {
            return run != null;
        }

        public String anchor() {
            return "/lessons/" + lesson.slug() + "#experiment-" + experiment.id();
        }
    }

    public static CourseResults of(List<Lesson> lessons, List<Run> latest) {
        return of(lessons, latest, List.of());
    }

    /** @param oldestFirst finished runs of the lessons' own code, oldest first */
    public static CourseResults of(List<Lesson> lessons, List<Run> latest, List<Run> oldestFirst) {
        Map<String, List<Run>> byExperiment = latest.stream().collect(Collectors.groupingBy(r -> r.lesson() + "/" + r.experiment(),
                Collectors.collectingAndThen(Collectors.toList(), runs -> runs.stream()
                        .sorted(Comparator.comparing(Run::interpreter, Comparator.nullsFirst(Comparator.naturalOrder()))).toList())));
        List<Row> rows = new ArrayList<>();
        for (Lesson lesson : lessons) {
            for (ExperimentSpec spec : lesson.experiments()) {
                List<Run> runs = byExperiment.getOrDefault(lesson.slug() + "/" + spec.id(), List.of());
                if (runs.isEmpty()) {
                    rows.add(new Row(lesson, spec, null, "", 0, "", null, false));
                }
                for (Run latestRun : runs) {
                    Run first = firstAtDefaults(oldestFirst, spec, lesson.slug(), latestRun.interpreter());
                    Run run = first == null ? latestRun : first;
                    JsonNode result = result(run);
                    PredictionCheck check = first == null ? null : PredictionCheck.of(run.prediction(), true, result, spec.judging().check());
                    String measured = run.error() != null ? run.error()
                            : check != null && check.measured() != null ? check.measured() : result.path("summary").asText("");
                    rows.add(new Row(lesson, spec, run, measured, result.path("warnings").size(), runs.size() > 1 ? on(run, result) : "",
                            check == null ? null : check.correct(), first != null));
                }
            }
        }
        return new CourseResults(rows);
    }

    /** The first run of an experiment on one interpreter with every parameter at its default, or null. */
    private static Run firstAtDefaults(List<Run> oldestFirst, ExperimentSpec spec, String lesson, String interpreter) {
        Map<String, String> defaults = texts(spec.resolveParams(Map.of()));
        return oldestFirst.stream().filter(r -> r.lesson().equals(lesson) && r.experiment().equals(spec.id())
                        && Objects.equals(r.interpreter(), interpreter) && r.code() == null && texts(r.params()).equals(defaults))
                .findFirst().orElse(null);
    }

    /** Parameters as text, so 4 read back from JSON equals the default 4 whatever number type each is. */
    private static Map<String, String> texts(Map<String, ?> params) {
        Map<String, String> texts = new TreeMap<>();
        (params == null ? Map.<String, Object>of() : params).forEach((k, v) -> texts.put(k, String.valueOf(v)));
        return texts;
    }

    /** "python3.13t, GIL off": the GIL as the run measured it, which a free-threaded build may have turned back on. */
    private static String on(Run run, JsonNode result) {
        JsonNode gil = result.path("fingerprint").path("gilEnabled");
        return run.interpreter() + (gil.isBoolean() ? ", GIL " + (gil.asBoolean() ? "on" : "off") : "");
    }

    public long ran() {
        return rows.stream().filter(Row::ran).count();
    }

    private static JsonNode result(Run run) {
        if (run == null || run.result() == null) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(run.result());
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }
}
