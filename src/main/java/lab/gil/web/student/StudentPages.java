package lab.gil.web.student;

import lab.gil.student.StudentRepository;
import lab.gil.student.StudentWork;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import lab.gil.run.Run;
import lab.gil.run.Runs;
import lab.gil.lesson.ExperimentSpec;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonCatalog;
import lab.gil.web.ErrorPages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** "Your work" (display name, progress, deleting the history), run permalinks and an experiment's run list. */
public final class StudentPages {
    static final int MAX_NAME = 40;

    private final LessonCatalog catalog;
    private final Runs runs;
    private final StudentWork work;
    private final StudentRepository students;
    private final Clock clock;

    public StudentPages(LessonCatalog catalog, Runs runs, StudentWork work, StudentRepository students, Clock clock) {
        this.catalog = catalog;
        this.runs = runs;
        this.work = work;
        this.students = students;
        this.clock = clock;
    }

    /** {@code GET /me}. */
    public void me(Context ctx) {
        String deleted = ctx.queryParam("deleted");
        render(ctx, deleted != null && deleted.matches("\\d{1,9}")
                ? "Deleted " + deleted + (deleted.equals("1") ? " run." : " runs.") : null, null);
    }

    /** {@code POST /me/name}: sets the display name, or forgets it when the field is empty. */
    public void rename(Context ctx) {
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip().replaceAll("\\s+", " ");
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            ctx.status(HttpStatus.BAD_REQUEST);
            render(ctx, null, "A name has at most " + MAX_NAME + " characters.");
            return;
        }
        students.rename(Students.of(ctx), name.isEmpty() ? null : name, clock.instant());
        ctx.redirect("/me", HttpStatus.SEE_OTHER);
    }

    /** {@code POST /me/history/delete} with {@code confirm=yes}: deletes every run of this student. */
    public void deleteHistory(Context ctx) {
        if (!"yes".equals(ctx.formParam("confirm"))) {
            ctx.status(HttpStatus.BAD_REQUEST);
            render(ctx, null, "Tick the box to confirm that your runs should be deleted.");
            return;
        }
        int deleted = runs.deleteHistory(Students.of(ctx));
        ctx.redirect("/me?deleted=" + deleted, HttpStatus.SEE_OTHER);
    }

    /** {@code GET /runs/{id}}: a shareable link that opens the lesson at the experiment, showing this run. */
    public void permalink(Context ctx) {
        Optional<Run> run = runs.find(ctx.pathParam("id"));
        if (run.isEmpty()) {
            ErrorPages.respond(ctx, 404, "Run not found", "There is no run with this id. It may have been deleted.");
            return;
        }
        ctx.redirect("/lessons/" + encode(run.get().lesson()) + "?run=" + encode(run.get().id())
                + "#experiment-" + encode(run.get().experiment()), HttpStatus.SEE_OTHER);
    }

    /** {@code GET /lessons/{slug}/experiments/{id}/history}: the student's recent runs of one experiment (an htmx partial). */
    public void history(Context ctx) {
        Optional<Lesson> lesson = catalog.find(ctx.pathParam("slug"));
        Optional<ExperimentSpec> spec = lesson.flatMap(l -> l.experiment(ctx.pathParam("id")));
        if (spec.isEmpty()) {
            ErrorPages.notFound(ctx);
            return;
        }
        String student = Students.of(ctx);
        ctx.render("lessons/lesson :: history", Map.of("lesson", lesson.get(), "spec", spec.get(),
                "runs", work.history(student, lesson.get().slug(), spec.get().id()),
                "goals", work.goals(student, lesson.get().slug(), spec.get().id())));
    }

    private void render(Context ctx, String notice, String problem) {
        String student = Students.of(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("name", students.displayName(student).orElse(""));
        model.put("lessons", catalog.lessons());
        model.put("progress", work.progress(student));
        model.put("maxName", MAX_NAME);
        if (notice != null) {
            model.put("notice", notice);
        }
        if (problem != null) {
            model.put("problem", problem);
        }
        ctx.render("student/work", model);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
