package lab.gil.lesson;

import java.nio.file.Path;

/** One mistake in a lesson file, pointing at the line to fix. */
public record LessonProblem(Path file, int line, String message) {

    /** The {@code file:line: message} form that editors and CI logs understand. */
    public String format() {
        return file + ":" + line + ": " + message;
    }
}
