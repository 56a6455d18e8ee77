package lab.gil.student;

import com.fasterxml.jackson.databind.JsonNode;
import lab.gil.run.Json;
import lab.gil.run.Run;
import lab.gil.lesson.ExperimentSpec;
import lab.gil.lesson.Lesson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One row per experiment of the course: what the student predicted beside what their latest run measured. */
public record CourseResults(List<Row> rows) {

    public record Row(Lesson lesson, ExperimentSpec experiment, Run run, String measured, int warnings) {
        public boolean ran() {
            return run != null;
        }

        public String anchor() {
            return "/lessons/" + lesson.slug() + "#experiment-" + experiment.id();
        }
    }

    public static CourseResults of(List<Lesson> lessons, List<Run> latest) {
        Map<String, Run> byExperiment = latest.stream().collect(Collectors.toMap(r -> r.lesson() + "/" + r.experiment(),
                Function.identity(), (a, b) -> a));
        List<Row> rows = new ArrayList<>();
        for (Lesson lesson : lessons) {
            for (ExperimentSpec spec : lesson.experiments()) {
                Run run = byExperiment.get(lesson.slug() + "/" + spec.id());
                JsonNode result = result(run);
                String measured = run == null ? "" : run.error() != null ? run.error() : result.path("summary").asText("");
                rows.add(new Row(lesson, spec, run, measured, result.path("warnings").size()));
            }
        }
        return new CourseResults(rows);
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
