package lab.gil.run.record;

import lab.gil.run.Run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs that count for a prediction: a student's first prediction of each experiment (later ones were made after
 * seeing a result) and the first finished runs of the lessons' own code, which the course table scores.
 */
public final class FirstRuns {
    private final RunRepository runs;

    public FirstRuns(RunRepository runs) {
        this.runs = runs;
    }

    /** A student's first run with a prediction of each experiment of a lesson, by experiment, without results. */
    public Map<String, Run> predictions(String student, String lesson) {
        Map<String, Run> first = new HashMap<>();
        // Newest first, so the oldest run of each experiment is the one left in the map.
        runs.query("SELECT " + RunRepository.COLUMNS.replace("result_json", "NULL AS result_json") + " FROM runs WHERE student = ? "
                + "AND lesson = ? AND prediction IS NOT NULL ORDER BY created_at DESC, id DESC", statement -> {
                    statement.setString(1, student);
                    statement.setString(2, lesson);
                }).forEach(run -> first.put(run.experiment(), run));
        return first;
    }

    /** A student's finished runs of the lessons' own code, oldest first (at most 2,000). */
    public List<Run> finishedOfLessonCode(String student) {
        return runs.query("SELECT " + RunRepository.COLUMNS + " FROM runs WHERE student = ? AND status = 'done' AND code IS NULL "
                + "ORDER BY created_at, id FETCH FIRST 2000 ROWS ONLY", statement -> statement.setString(1, student));
    }
}
