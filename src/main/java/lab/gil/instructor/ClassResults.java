package lab.gil.instructor;

import lab.gil.lesson.ExperimentSpec;
import lab.gil.lesson.Lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The dashboard's model: the class's runs, grouped by lesson and experiment in course order. Experiments
 * nobody ran yet are listed too; runs of experiments that are no longer in the lessons come last.
 */
public record ClassResults(int runs, int students, int done, int timed, int noisy, List<LessonResults> lessons) {
    private static final Set<String> FAILED = Set.of("failed", "timeout", "killed", "interrupted");

    public record LessonResults(String slug, String title, List<ExperimentResults> experiments) {
    }

    /**
     * One experiment: how often it ran and how that went, the spread of the speedups measured, how many
     * runs came with each answer to the prediction question, and for an exercise how many students met its goal
     * ({@code solvers}; null for an experiment without a goal).
     */
    public record ExperimentResults(String lesson, String id, String title, int runs, int students, int done, int failed,
                                    int timed, int noisy, Double medianSpeedup, List<Histogram.Bin> speedups,
                                    List<Prediction> predictions, int unpredicted, Integer solvers) {
        public boolean exercise() {
            return solvers != null;
        }

        public String key() {
            return lesson + "/" + id;
        }

        /** The share of timed runs that were noisy, in percent; null when nothing was timed. */
        public Integer noisyPercent() {
            return percent(noisy, timed);
        }
    }

    /** The runs made with one answer to the prediction question, and the median speedup they measured. */
    public record Prediction(String option, int runs, int students, Double medianSpeedup) {
    }

    public Integer noisyPercent() {
        return percent(noisy, timed);
    }

    public static ClassResults of(List<RunRow> rows, List<Lesson> course) {
        Map<String, List<RunRow>> byExperiment = rows.stream().collect(Collectors.groupingBy(
                row -> row.lesson() + "/" + row.experiment(), LinkedHashMap::new, Collectors.toList()));
        List<LessonResults> lessons = new ArrayList<>();
        for (Lesson lesson : course) {
            List<ExperimentResults> experiments = new ArrayList<>();
            for (ExperimentSpec spec : lesson.experiments()) {
                List<RunRow> runs = byExperiment.remove(lesson.slug() + "/" + spec.id());
                experiments.add(experiment(lesson.slug(), spec.id(), spec.title(), spec.options(), spec.hasGoal(),
                        runs == null ? List.of() : runs));
            }
            if (!experiments.isEmpty()) {
                lessons.add(new LessonResults(lesson.slug(), lesson.title(), experiments));
            }
        }
        Map<String, List<ExperimentResults>> gone = new LinkedHashMap<>();
        byExperiment.values().forEach(runs -> {
            RunRow first = runs.get(0);
            gone.computeIfAbsent(first.lesson(), slug -> new ArrayList<>())
                    .add(experiment(first.lesson(), first.experiment(), first.experiment() + " (no longer in the lesson)", List.of(),
                            runs.stream().anyMatch(r -> r.goalPassed() != null), runs));
        });
        gone.forEach((slug, experiments) -> lessons.add(new LessonResults(slug, slug, experiments)));
        return new ClassResults(rows.size(), distinctStudents(rows), count(rows, r -> r.status().equals("done")),
                count(rows, r -> r.measured().timed()), count(rows, r -> r.measured().noisy()), lessons);
    }

    private static ExperimentResults experiment(String lesson, String id, String title, List<String> options, boolean exercise,
                                                List<RunRow> runs) {
        List<Double> speedups = speedups(runs);
        Set<String> answers = new LinkedHashSet<>(options);
        runs.stream().map(RunRow::prediction).filter(p -> p != null && !p.isBlank()).forEach(answers::add);
        List<Prediction> predictions = answers.stream().map(answer -> {
            List<RunRow> withAnswer = runs.stream().filter(r -> answer.equals(r.prediction())).toList();
            return new Prediction(answer, withAnswer.size(), distinctStudents(withAnswer), median(speedups(withAnswer)));
        }).toList();
        return new ExperimentResults(lesson, id, title, runs.size(), distinctStudents(runs),
                count(runs, r -> r.status().equals("done")), count(runs, r -> FAILED.contains(r.status())),
                count(runs, r -> r.measured().timed()), count(runs, r -> r.measured().noisy()),
                median(speedups), Histogram.of(speedups), predictions,
                count(runs, r -> r.prediction() == null || r.prediction().isBlank()),
                exercise ? distinctStudents(runs.stream().filter(r -> Boolean.TRUE.equals(r.goalPassed())).toList()) : null);
    }

    private static List<Double> speedups(List<RunRow> runs) {
        return runs.stream().map(r -> r.measured().speedup()).filter(Objects::nonNull).toList();
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static int distinctStudents(List<RunRow> runs) {
        return (int) runs.stream().map(RunRow::student).filter(Objects::nonNull).distinct().count();
    }

    private static int count(List<RunRow> runs, Predicate<RunRow> test) {
        return (int) runs.stream().filter(test).count();
    }

    private static Integer percent(int part, int whole) {
        return whole == 0 ? null : Math.round(100f * part / whole);
    }
}
