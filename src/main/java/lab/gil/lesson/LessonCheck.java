package lab.gil.lesson;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code gil-lab check [DIR]}: everything the server would reject or show as an error card (front matter,
 * experiment headers, parameters, duplicate ids, encoding), plus what only shows later: Python syntax
 * errors in experiment code and links that lead nowhere. Prints {@code file:line: message} for every
 * problem; exit 1 if any.
 */
public final class LessonCheck {
    private LessonCheck() {
    }

    /** @param python the interpreter that compiles the experiment code (GILLAB_PYTHON) */
    public static int run(Path dir, Path python, PrintStream out) {
        if (!Files.isDirectory(dir)) {
            out.println(dir + ":1: no such lessons folder");
            return 1;
        }
        List<Path> files;
        try {
            files = markdownFiles(dir);
        } catch (IOException e) {
            out.println(dir + ":1: cannot list the lessons folder: " + e.getMessage());
            return 1;
        }
        LessonParser parser = new LessonParser();
        List<LessonProblem> problems = new ArrayList<>();
        List<LessonSource> sources = new ArrayList<>();
        int experiments = 0;
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                problems.add(new LessonProblem(file, 1, "cannot read the file: " + e.getMessage()));
                continue;
            }
            Lesson lesson = parser.parse(file, bytes);
            problems.addAll(lesson.problems());
            experiments += lesson.experiments().size();
            utf8(bytes).ifPresent(text -> sources.add(LessonSource.parse(lesson, text)));
        }
        LinkCheck links = new LinkCheck(dir, sources);
        sources.forEach(source -> problems.addAll(links.check(source)));
        boolean syntaxChecked = true;
        try {
            problems.addAll(new PythonSyntaxCheck(python).check(sources.stream().flatMap(s -> s.experimentBlocks().stream()).toList()));
        } catch (IOException e) {
            out.println(dir + ": cannot check Python syntax: " + e.getMessage());
            syntaxChecked = false;
        }
        problems.sort(Comparator.comparing((LessonProblem p) -> p.file().toString()).thenComparingInt(LessonProblem::line));
        problems.forEach(problem -> out.println(problem.format()));
        if (problems.isEmpty() && syntaxChecked) {
            out.println("ok: " + files.size() + " lessons, " + experiments + " experiments");
            return 0;
        }
        if (!problems.isEmpty()) {
            out.println(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + files.size() + " lessons");
        }
        return 1;
    }

    private static List<Path> markdownFiles(Path dir) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(f -> f.getFileName().toString().endsWith(".md") && Files.isRegularFile(f)).sorted().toList();
        }
    }

    /** The text, when the bytes are UTF-8 (the parser has already reported the line where they are not). */
    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
