package lab.gil.student;

import com.fasterxml.jackson.databind.JsonNode;
import lab.gil.run.Json;
import lab.gil.run.Run;
import lab.gil.lesson.ExperimentSpec;
import lab.gil.lesson.Lesson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One row per experiment of the course: what the student predicted beside what their latest run measured. An
 * experiment the student ran on several interpreters (GIL on and off, say) gets one row per interpreter, each
 * naming it and the GIL state its run really had, so the measurements sit next to each other.
 */
public record CourseResults(List<Row> rows) {

    /** {@code on} names the interpreter and its GIL ("python3.13t, GIL off"), or is empty for a single row. */
    public record Row(Lesson lesson, ExperimentSpec experiment, Run run, String measured, int warnings, String on) {
        public boolean ran() {
            return run != null;
        }

        public String anchor() {
            return "/lessons/" + lesson.slug() + "#experiment-" + experiment.id();
        }
    }

    public static CourseResults of(List<Lesson> lessons, List<Run> latest) {
        Map<String, List<Run>> byExperiment = latest.stream().collect(Collectors.groupingBy(r -> r.lesson() + "/" + r.experiment(),
                Collectors.collectingAndThen(Collectors.toList(), runs -> runs.stream()
                        .sorted(Comparator.comparing(Run::interpreter, Comparator.nullsFirst(Comparator.naturalOrder()))).toList())));
        List<Row> rows = new ArrayList<>();
        for (Lesson lesson : lessons) {
            for (ExperimentSpec spec : lesson.experiments()) {
                List<Run> runs = byExperiment.getOrDefault(lesson.slug() + "/" + spec.id(), List.of());
                if (runs.isEmpty()) {
                    rows.add(new Row(lesson, spec, null, "", 0, ""));
                }
                for (Run run : runs) {
                    JsonNode result = result(run);
                    String measured = run.error() != null ? run.error() : result.path("summary").asText("");
                    rows.add(new Row(lesson, spec, run, measured, result.path("warnings").size(), runs.size() > 1 ? on(run, result) : ""));
                }
            }
        }
        return new CourseResults(rows);
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
