package lab.gil.web.lessons;

import lab.gil.lesson.ExperimentSpec;
import lab.gil.lesson.Goal;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonCatalog;
import lab.gil.lesson.LessonProblem;
import lab.gil.lesson.ParamSpec;

import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import lab.gil.student.StudentWork;
import lab.gil.student.CourseResults;
import lab.gil.web.student.Students;
import lab.gil.web.ErrorPages;
import lab.gil.web.HtmlPage;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The index and lesson pages, and the lesson list of the JSON API. */
public final class LessonPages {
    private static final String INDEX = "lessons/index";
    private static final String LESSON = "lessons/lesson";

    private final LessonCatalog catalog;
    private final FileRenderer renderer;
    private final RenderedPages cache;
    private final StudentWork work;

    /** @param cachePages false in dev mode, where templates change on disk */
    public LessonPages(LessonCatalog catalog, StudentWork work, FileRenderer renderer, boolean cachePages) {
        this.renderer = renderer;
        this.cache = cachePages ? RenderedPages.forHeap(Runtime.getRuntime().maxMemory()) : null;
        this.catalog = catalog;
        this.work = work;
    }

    public void index(Context ctx) {
        List<Lesson> lessons = catalog.lessons();
        String student = Students.of(ctx);
        Supplier<String> render = () -> renderer.render(INDEX, Map.of("lessons", lessons, "progress", work.progress(student)), ctx);
        send(ctx, new RenderedPages.Key(INDEX, lessons, student, ctx.attribute("csrf"), work.runsVersion(student)), render);
    }

    public void lesson(Context ctx) {
        List<Lesson> lessons = catalog.lessons();
        String slug = ctx.pathParam("slug");
        int at = indexOf(lessons, slug);
        if (at < 0) {
            ErrorPages.notFound(ctx);
            return;
        }
        Lesson lesson = lessons.get(at);
        LessonPage page = new LessonPage(lesson, at > 0 ? lessons.get(at - 1) : null, at + 1 < lessons.size() ? lessons.get(at + 1) : null);
        String student = Students.of(ctx);
        // ?run=ID (a shared link, see /runs/{id}) shows that run at its experiment.
        String sharedRun = ctx.queryParam("run");
        boolean showsResults = lesson.parts().stream().anyMatch(part -> part instanceof Lesson.Results);
        Supplier<String> render = () -> renderer.render(LESSON, Map.of("page", page,
                "work", work.lesson(student, lesson, sharedRun),
                "results", showsResults ? work.results(student, lessons) : new CourseResults(List.of())), ctx);
        // The course-wide results table depends on every lesson, and a shared run on someone else's runs: render those.
        if (sharedRun != null || showsResults) {
            HtmlPage.of(render.get()).send(ctx);
            return;
        }
        send(ctx, new RenderedPages.Key(LESSON, Arrays.asList(lesson, page.previous(), page.next()), student,
                ctx.attribute("csrf"), work.runsVersion(student)), render);
    }

    private void send(Context ctx, RenderedPages.Key key, Supplier<String> render) {
        (cache == null ? HtmlPage.of(render.get()) : cache.get(key, render)).send(ctx);
    }

    public void api(Context ctx) {
        ctx.json(catalog.lessons().stream().map(LessonSummary::of).toList());
    }

    private static int indexOf(List<Lesson> lessons, String slug) {
        for (int i = 0; i < lessons.size(); i++) {
            if (lessons.get(i).slug().equals(slug)) {
                return i;
            }
        }
        return -1;
    }

    /** The lesson page's model: the lesson and its neighbours in the course (null at either end). */
    public record LessonPage(Lesson lesson, Lesson previous, Lesson next) {
    }

    /** What {@code GET /api/lessons} says about a lesson. */
    record LessonSummary(String slug, String title, int order, String summary, List<String> problems,
                         List<ExperimentSummary> experiments) {
        static LessonSummary of(Lesson lesson) {
            return new LessonSummary(lesson.slug(), lesson.title(), lesson.order(), lesson.summary(),
                    lesson.problems().stream().map(LessonProblem::format).toList(),
                    lesson.experiments().stream().map(ExperimentSummary::of).toList());
        }
    }

    record ExperimentSummary(String id, String title, String chart, int repetitions, String predict,
                             List<String> options, List<ParamSummary> params, GoalSummary goal, List<String> hints) {
        static ExperimentSummary of(ExperimentSpec spec) {
            return new ExperimentSummary(spec.id(), spec.title(), spec.chart().id(), spec.repetitions(), spec.predict(),
                    spec.options(), spec.params().stream().map(ParamSummary::of).toList(),
                    spec.hasGoal() ? GoalSummary.of(spec.goal()) : null, spec.hints());
        }
    }

    record GoalSummary(String expression, String description, List<String> metrics) {
        static GoalSummary of(Goal goal) {
            return new GoalSummary(goal.expression(), goal.description(), goal.metrics());
        }
    }

    record ParamSummary(String name, String type, Object defaultValue, Double min, Double max, List<String> choices, String label) {
        static ParamSummary of(ParamSpec p) {
            return new ParamSummary(p.name(), p.type().name().toLowerCase(), p.defaultValue(), p.min(), p.max(), p.choices(), p.label());
        }
    }
}
