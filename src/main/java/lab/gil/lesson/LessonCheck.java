package lab.gil.lesson;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code gil-lab check [DIR]}: prints {@code file:line: message} for every problem; exit 1 if any. */
public final class LessonCheck {
    private LessonCheck() {
    }

    public static int run(Path dir, PrintStream out) {
        if (!Files.isDirectory(dir)) {
            out.println(dir + ":1: no such lessons folder");
            return 1;
        }
        LessonCatalog catalog = LessonCatalog.of(dir);
        List<Lesson> lessons = catalog.lessons();
        List<LessonProblem> problems = lessons.stream().flatMap(l -> l.problems().stream()).toList();
        problems.forEach(problem -> out.println(problem.format()));
        long experiments = lessons.stream().mapToLong(l -> l.experiments().size()).sum();
        out.println(problems.isEmpty()
                ? "ok: " + lessons.size() + " lessons, " + experiments + " experiments"
                : problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + lessons.size() + " lessons");
        return problems.isEmpty() ? 0 : 1;
    }
}
