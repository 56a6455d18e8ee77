package lab.gil.lesson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

class LessonCheckTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

    private record Outcome(int exitCode, List<String> lines) {
    }

    private static Outcome check(Path dir, Path python) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exit = LessonCheck.run(dir, python, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String prefix = dir + "/";
        return new Outcome(exit, buffer.toString(StandardCharsets.UTF_8).lines().map(line -> line.replace(prefix, "")).toList());
    }

    @Test
    void everyDeliberateMistakeIsReportedAtItsLine() throws URISyntaxException {
        Path broken = Path.of(Objects.requireNonNull(getClass().getResource("/broken-lessons")).toURI());

        Outcome outcome = check(broken, PYTHON);

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.lines()).containsExactly(
                "Bad_Name.md:1: file name 'Bad_Name.md' must be lowercase letters, digits and '-' followed by .md (it becomes the page address)",
                "bad-experiment-id.md:10: experiment id 'CPU_Threads' must be lowercase letters, digits and '-'",
                "broken-anchor-in-other-lesson.md:7: link to '/lessons/target#threads-and-process' goes nowhere: lesson 'target' "
                        + "has no heading or experiment with the anchor 'threads-and-process'; did you mean 'threads-and-processes'?",
                "broken-anchor.md:7: link to '#the-start-of-it' goes nowhere: this lesson has no heading or experiment with the anchor 'the-start-of-it'",
                "broken-file-link.md:8: link to 'missing.md' goes nowhere: there is no file missing.md in the lessons folder",
                "broken-lesson-link.md:7: link to '/lessons/targte' goes nowhere: there is no lesson 'targte'; did you mean 'target'?",
                "duplicate-experiment-id.md:23: experiment id 'demo' is used twice in this lesson",
                "front-matter-not-yaml.md:4: front matter is not valid YAML: while parsing a flow sequence, "
                        + "expected ',' or ']', but got the end of the front matter",
                "missing-title.md:9: experiment has no '# title:' line",
                "misspelt-front-matter-key.md:1: front matter needs 'summary:'",
                "misspelt-front-matter-key.md:4: unknown front matter key 'sumary'; did you mean 'summary'? (keys: title, order, summary)",
                "misspelt-header-key.md:12: unknown header key 'chat'; did you mean 'chart'? "
                        + "(keys: id, title, chart, repetitions, timeout, predict, options, param, goal, hint, same-within, needs, check, compare)",
                "no-front-matter.md:1: the file must start with front matter: '---', title, order, summary, '---'",
                "not-utf8.md:9: the file is not valid UTF-8; save it as UTF-8",
                "options-without-predict.md:13: 'options' needs a '# predict:' question",
                "order-not-a-number.md:3: order must be a whole number (got 'first')",
                "param-backwards-range.md:13: param 'threads': the range 16..1 runs backwards",
                "param-declared-twice.md:14: param 'threads' is declared twice",
                "param-malformed.md:13: param must read 'NAME = DEFAULT in MIN..MAX -- Label' (got 'threads 4 in 1..16')",
                "param-out-of-range.md:13: param 'threads': Threads must be between 1 and 16, not 40.",
                "param-without-range.md:13: param 'threads': a number needs a range such as 'in 1..16'",
                "python-indentation-error.md:16: Python syntax error: expected an indented block after function definition on line 15",
                "python-syntax-error.md:15: Python syntax error: expected ':'",
                "too-many-repetitions.md:13: repetitions must be a whole number from 1 to 20 (got '50')",
                "unknown-chart.md:12: unknown chart 'pie' (one of bar, strip, line, timeline, table)",
                "25 problems in 25 lessons");
    }

    @Test
    void theShippedLessonsPass() {
        Outcome outcome = check(Path.of("lessons"), PYTHON);

        assertThat(outcome.lines()).singleElement().asString().startsWith("ok: ");
        assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void linesStayRightInAFileWithWindowsLineEndings() throws IOException {
        String text = lesson("Windows", 1, "[up](#nowhere)\n\n```python experiment\n# id: demo\n# title: Demo\n# chart: table\nprint(\n```");
        Files.writeString(dir.resolve("windows.md"), text.replace("\n", "\r\n"));

        assertThat(check(dir, PYTHON).lines()).contains(
                "windows.md:7: link to '#nowhere' goes nowhere: this lesson has no heading or experiment with the anchor 'nowhere'",
                "windows.md:13: Python syntax error: '(' was never closed");
    }

    @Test
    void aMalformedCheckConditionIsReportedAtItsLineWithWhatIsWrong() throws IOException {
        Files.writeString(dir.resolve("race.md"), lesson("Race", 1, """
                ```python experiment
                # id: race
                # title: Race
                # chart: table
                # predict: Updates lost?
                # options: none | some
                # check: none = "updates lost" = 0 | some = "updates lost" > 0
                import gillab as lab
                lab.metric("updates lost", 0)
                ```"""));

        Outcome outcome = check(dir, PYTHON);

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.lines()).contains("race.md:13: check for 'none': '\"updates lost\" = 0' is neither faster, same, slower, "
                + "a speedup range such as 1.5..2.5, nor a condition: unknown operator '=' in condition '\"updates lost\" = 0' "
                + "(one of < <= > >= == !=)");
    }

    @Test
    void linksThatWorkAreNotReported() throws IOException {
        Files.writeString(dir.resolve("a.md"), lesson("A", 1, "[b](/lessons/b), [b's part](b.md#part-two), "
                + "[mine](#mine), [web](https://example.org/x.md), [mail](mailto:a@b.c), [home](/)\n\n## Mine\n"));
        Files.writeString(dir.resolve("b.md"), lesson("B", 2, "## Part two\n\n[back](/lessons/a#mine)"));

        assertThat(check(dir, PYTHON)).isEqualTo(new Outcome(0, List.of("ok: 2 lessons, 0 experiments")));
    }

    @Test
    void anInterpreterThatCannotStartFailsTheCheckSayingWhy() throws IOException {
        Files.writeString(dir.resolve("a.md"), lesson("A", 1, "```python experiment\n# id: demo\n# title: Demo\n# chart: table\npass\n```"));

        Outcome outcome = check(dir, Path.of("/no/such/python3"));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.lines()).singleElement().asString()
                .contains("cannot check Python syntax: cannot start /no/such/python3 (set GILLAB_PYTHON");
    }

    @Test
    void aMissingFolderIsAProblemToo() {
        Outcome outcome = check(dir.resolve("absent"), PYTHON);

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.lines()).singleElement().asString().endsWith("absent:1: no such lessons folder");
    }
}
