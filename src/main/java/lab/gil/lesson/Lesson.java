package lab.gil.lesson;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A parsed lesson page. A lesson with problems still has a slug, file and whatever title could be read,
 * so the index can list it and its page can show the error card.
 */
public record Lesson(String slug, Path file, String title, int order, String summary,
                     List<Part> parts, List<TocEntry> toc, List<ExperimentSpec> experiments,
                     List<LessonProblem> problems) {

    /** A page is prose and experiments in the order the author wrote them. */
    public sealed interface Part permits Prose, Experiment, Results, InterpreterList {
        /** "prose" or "experiment": how a template tells the parts apart. */
        String kind();
    }

    /** Rendered Markdown between experiments. */
    public record Prose(String html) implements Part {
        @Override
        public String kind() {
            return "prose";
        }

        /** The prose up to its first heading: after an experiment, the explanation of what it measured. */
        public String explanation() {
            return html.substring(0, firstHeading());
        }

        /** The prose from its first heading on: the next section, shown whether or not the experiment has run. */
        public String rest() {
            return html.substring(firstHeading());
        }

        private int firstHeading() {
            java.util.regex.Matcher heading = java.util.regex.Pattern.compile("<h[1-6][ >]").matcher(html);
            return heading.find() ? heading.start() : html.length();
        }
    }

    public record Experiment(ExperimentSpec spec) implements Part {
        @Override
        public String kind() {
            return "experiment";
        }
    }

    /** Where the student's own latest result of every experiment in the course is shown (a ```results block). */
    public record Results() implements Part {
        @Override
        public String kind() {
            return "results";
        }
    }

    /**
     * Where the page lists the server's interpreters and whether any runs without the GIL, or says how an operator
     * adds such a build when none does (an ```interpreters block).
     */
    public record InterpreterList() implements Part {
        @Override
        public String kind() {
            return "interpreters";
        }
    }

    /** A heading in the table of contents (levels 2 and 3). */
    public record TocEntry(int level, String id, String text) {
    }

    public boolean broken() {
        return !problems.isEmpty();
    }

    public Optional<ExperimentSpec> experiment(String id) {
        return experiments.stream().filter(e -> e.id().equals(id)).findFirst();
    }
}
