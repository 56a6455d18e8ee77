package lab.gil.student;

import lab.gil.run.Run;
import lab.gil.run.RunEvent;
import lab.gil.run.record.FirstRuns;
import lab.gil.run.record.RunRepository;
import lab.gil.run.Runs;
import lab.gil.lesson.ExperimentSpec;
import lab.gil.lesson.Lesson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A student's own work as the pages show it: progress through the course, and per lesson their runs. */
public final class StudentWork {
    /** Runs listed under an experiment. */
    static final int HISTORY = 10;
    /** Enough runs of one lesson to fill every experiment's list; a page reads them in one query. */
    private static final int LESSON_RUNS = 400;

    private final Runs runs;
    private final RunRepository repository;
    private final StudentRepository students;

    public StudentWork(Runs runs, RunRepository repository, StudentRepository students) {
        this.runs = runs;
        this.repository = repository;
        this.students = students;
    }

    public CourseProgress progress(String student) {
        Set<String> ran = new HashSet<>();
        Set<String> predicted = new HashSet<>();
        Set<String> solved = new HashSet<>();
        for (RunRepository.Progress p : repository.progress(student)) {
            if (p.ran()) {
                ran.add(p.lesson() + "/" + p.experiment());
            }
            if (p.predicted()) {
                predicted.add(p.lesson() + "/" + p.experiment());
            }
            if (p.solved()) {
                solved.add(p.lesson() + "/" + p.experiment());
            }
        }
        return new CourseProgress(ran, predicted, solved);
    }

    /**
     * The runs a lesson page shows: per experiment the latest one and the recent list; a run shared by
     * its link ({@code sharedRunId}, anyone's) is shown in place of the latest.
     */
    public LessonWork lesson(String student, Lesson lesson, String sharedRunId) {
        Map<String, List<Run>> history = new HashMap<>();
        for (Run run : repository.listOfLesson(student, lesson.slug(), LESSON_RUNS)) {
            List<Run> list = history.computeIfAbsent(run.experiment(), k -> new ArrayList<>());
            if (list.size() < HISTORY) {
                list.add(run);
            }
        }
        Map<String, Shown> shown = new HashMap<>();
        history.forEach((experiment, list) -> shown.put(experiment, new Shown(list.get(0), runs.snapshot(list.get(0)), null)));
        Optional<Run> shared = sharedRunId == null ? Optional.empty() : runs.find(sharedRunId);
        shared.filter(run -> run.lesson().equals(lesson.slug())).ifPresent(run -> shown.put(run.experiment(),
                new Shown(run, runs.snapshot(run), student.equals(run.student()) ? null : sharedBy(run))));
        return new LessonWork(shown, history, progress(student), repository.goalsOfLesson(student, lesson.slug(), null),
                new FirstRuns(repository).predictions(student, lesson.slug()));
    }

    private String sharedBy(Run run) {
        return run.student() == null ? "another student" : students.displayName(run.student()).orElse("another student");
    }

    /** Changes whenever any run of the student is added, changes state or is deleted: part of a cached page's key. */
    public String runsVersion(String student) {
        return repository.runsVersion(student);
    }

    /** The course-wide table of a student's latest results, for lessons that show one. */
    public CourseResults results(String student, List<Lesson> lessons) {
        // A run whose end is still on its way to the database already reads "done" through the API: count it.
        Map<String, Run> latest = new HashMap<>();
        List<Run> recordedFirst = new ArrayList<>(repository.latestFinished(student));
        recordedFirst.addAll(runs.endedNotYetRecorded(student));
        for (Run run : recordedFirst) {
            latest.merge(run.lesson() + "/" + run.experiment() + "/" + run.interpreter(), run,
                    (kept, other) -> other.createdAt().isBefore(kept.createdAt()) ? kept : other);
        }
        return CourseResults.of(lessons, List.copyOf(latest.values()), new FirstRuns(repository).finishedOfLessonCode(student));
    }

    public List<Run> history(String student, String lesson, String experiment) {
        return repository.history(student, lesson, experiment, HISTORY);
    }

    /** Whether each judged run of the student's of one experiment met its goal, by run id. */
    public Map<String, Boolean> goals(String student, String lesson, String experiment) {
        return repository.goalsOfLesson(student, lesson, experiment);
    }

    /** A run to show under its experiment; {@code sharedBy} names whose it is when it is not the visitor's own. */
    public record Shown(Run run, RunEvent event, String sharedBy) {
        public boolean shared() {
            return sharedBy != null;
        }
    }

    /**
     * Which experiments (as "lesson/experiment") a student ran to the end, which they predicted, and which
     * exercises they solved: a finished run met the goal.
     */
    public record CourseProgress(Set<String> ran, Set<String> predicted, Set<String> solved) {
        public boolean ran(String lesson, String experiment) {
            return ran.contains(lesson + "/" + experiment);
        }

        public boolean predicted(String lesson, String experiment) {
            return predicted.contains(lesson + "/" + experiment);
        }

        public boolean solved(String lesson, String experiment) {
            return solved.contains(lesson + "/" + experiment);
        }

        /** Exercises of the lesson (experiments with a goal) the student solved. */
        public long solvedIn(Lesson lesson) {
            return lesson.experiments().stream().filter(e -> e.hasGoal() && solved(lesson.slug(), e.id())).count();
        }

        public long exercisesIn(Lesson lesson) {
            return lesson.experiments().stream().filter(ExperimentSpec::hasGoal).count();
        }

        public long solvedInCourse(List<Lesson> lessons) {
            return lessons.stream().mapToLong(this::solvedIn).sum();
        }

        public long exercisesInCourse(List<Lesson> lessons) {
            return lessons.stream().mapToLong(this::exercisesIn).sum();
        }

        public long ranIn(Lesson lesson) {
            return lesson.experiments().stream().filter(e -> ran(lesson.slug(), e.id())).count();
        }

        public long predictedIn(Lesson lesson) {
            return lesson.experiments().stream().filter(e -> predicted(lesson.slug(), e.id())).count();
        }

        public boolean isEmpty() {
            return ran.isEmpty() && predicted.isEmpty();
        }
    }

    /**
     * One lesson page's view of the student's runs, by experiment id, and whether each of their judged runs met
     * its goal, by run id.
     */
    public record LessonWork(Map<String, Shown> shown, Map<String, List<Run>> history, CourseProgress progress,
                             Map<String, Boolean> goals, Map<String, Run> firstPredictions) {
        /** The student's first prediction for an experiment, locked once made and run; null before. */
        public String lockedPrediction(String experiment) {
            Run first = firstPredictions.get(experiment);
            return first == null ? null : first.prediction();
        }

        public Shown shown(String experiment) {
            return shown.get(experiment);
        }

        public List<Run> history(String experiment) {
            return history.getOrDefault(experiment, List.of());
        }
    }
}
