package lab.gil.lesson;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LessonParserTest {
    private final LessonParser parser = new LessonParser();

    private Lesson parse(String name, String text) {
        return parser.parse(Path.of("lessons", name), text.getBytes(StandardCharsets.UTF_8));
    }

    private static final String EXPERIMENT = """
            ---
            title: The GIL
            order: 1
            summary: One thread at a time.
            ---

            ## First section

            Some prose with `code`.

            ```python experiment
            # id: cpu-threads
            # title: A loop on threads
            # chart: bar
            # repetitions: 5
            # predict: Faster or slower?
            # options: faster | same | slower
            # param: threads = 4 in 1..16 -- Threads
            # param: interval = 0.005 in 0.0001..0.1 -- Switch interval
            # param: method = fork in fork|spawn|forkserver -- Start method
            # param: use_lock = false -- Use a lock
            import gillab as lab
            p = lab.params()
            ```

            ## Second section

            > **Takeaway**
            > Threads wait together.
            """;

    @Test
    void readsFrontMatterProseAndExperiments() {
        Lesson lesson = parse("the-gil.md", EXPERIMENT);

        assertThat(lesson.problems()).isEmpty();
        assertThat(lesson.slug()).isEqualTo("the-gil");
        assertThat(lesson.title()).isEqualTo("The GIL");
        assertThat(lesson.order()).isEqualTo(1);
        assertThat(lesson.summary()).isEqualTo("One thread at a time.");
        assertThat(lesson.parts()).extracting(Lesson.Part::kind).containsExactly("prose", "experiment", "prose");
        assertThat(lesson.toc()).extracting(Lesson.TocEntry::id).containsExactly("first-section", "second-section");
    }

    @Test
    void experimentHeaderBecomesTypedSpec() {
        ExperimentSpec spec = parse("the-gil.md", EXPERIMENT).experiment("cpu-threads").orElseThrow();

        assertThat(spec.title()).isEqualTo("A loop on threads");
        assertThat(spec.chart()).isEqualTo(ChartKind.BAR);
        assertThat(spec.repetitions()).isEqualTo(5);
        assertThat(spec.options()).containsExactly("faster", "same", "slower");
        assertThat(spec.line()).isEqualTo(11);
        assertThat(spec.params()).extracting(ParamSpec::type)
                .containsExactly(ParamSpec.Type.INT, ParamSpec.Type.FLOAT, ParamSpec.Type.TEXT, ParamSpec.Type.BOOL);
        assertThat(spec.param("threads").orElseThrow().defaultValue()).isEqualTo(4L);
        assertThat(spec.param("method").orElseThrow().choices()).containsExactly("fork", "spawn", "forkserver");
        assertThat(spec.code()).startsWith("# id: cpu-threads").endsWith("p = lab.params()");
    }

    @Test
    void takeawayQuoteBecomesCallout() {
        Lesson lesson = parse("the-gil.md", EXPERIMENT);
        String lastProse = ((Lesson.Prose) lesson.parts().get(2)).html();
        assertThat(lastProse).contains("class=\"callout callout-takeaway\"");
    }

    @Test
    void rawHtmlInProseIsEscaped() {
        Lesson lesson = parse("x.md", "---\ntitle: X\norder: 1\nsummary: s\n---\n\n<script>alert(1)</script>\n");
        assertThat(((Lesson.Prose) lesson.parts().get(0)).html()).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    @Test
    void mistakesInTheHeaderPointAtTheirLines() {
        Lesson lesson = parse("broken.md", """
                ---
                title: Broken
                order: 1
                summary: s
                ---

                ```python experiment
                # id: Bad Id
                # title: t
                # chart: bars
                # repetiton: 3
                # param: n = 4 -- no range
                # param: m = fast in slow|medium
                pass
                ```
                """);

        assertThat(lesson.problems()).extracting(LessonProblem::line, LessonProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(8, "experiment id 'Bad Id' must be lowercase letters, digits and '-'"),
                org.assertj.core.groups.Tuple.tuple(10, "unknown chart 'bars'; did you mean 'bar'? (one of bar, strip, line, timeline, table)"),
                org.assertj.core.groups.Tuple.tuple(11, "unknown header key 'repetiton'; did you mean 'repetitions'? (keys: id, title, chart, repetitions, timeout, predict, options, param, goal, hint, same-within, needs, check, compare)"),
                org.assertj.core.groups.Tuple.tuple(12, "param 'n': a number needs a range such as 'in 1..16'"),
                org.assertj.core.groups.Tuple.tuple(13, "param 'm': the default 'fast' is not one of slow, medium"));
        assertThat(lesson.experiments()).isEmpty();
        assertThat(lesson.problems().get(0).format()).isEqualTo(Path.of("lessons", "broken.md") + ":8: experiment id 'Bad Id' must be lowercase letters, digits and '-'");
    }

    @Test
    void anExperimentDeclaresItsBandOfAboutTheSameAndWhatItNeeds() {
        Lesson lesson = parse("judged.md", """
                ---
                title: Judged
                order: 1
                summary: s
                ---

                ```python experiment
                # id: cpu
                # title: t
                # chart: bar
                # same-within: 15%
                # needs: parallel
                pass
                ```

                ```python experiment
                # id: plain
                # title: t
                # chart: bar
                pass
                ```
                """);

        assertThat(lesson.problems()).isEmpty();
        assertThat(lesson.experiment("cpu").orElseThrow().judging()).isEqualTo(new Judging(0.15, Judging.Needs.PARALLEL));
        assertThat(lesson.experiment("plain").orElseThrow().judging()).isEqualTo(Judging.DEFAULT);
    }

    @Test
    void aBandOrANeedThatCannotBeReadPointsAtItsLine() {
        Lesson lesson = parse("judged.md", """
                ---
                title: Judged
                order: 1
                summary: s
                ---

                ```python experiment
                # id: cpu
                # title: t
                # chart: bar
                # same-within: 150%
                # needs: paralel
                pass
                ```
                """);

        assertThat(lesson.problems()).extracting(LessonProblem::line, LessonProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(11, "same-within must be a share such as '10%' (more than 0%, less than 100%; got '150%')"),
                org.assertj.core.groups.Tuple.tuple(12, "unknown need 'paralel'; did you mean 'parallel'? (one of parallel, nothing)"));
    }

    @Test
    void anExerciseHasAGoalAndHintsInTheOrderWritten() {
        Lesson lesson = parse("ex.md", """
                ---
                title: Exercises
                order: 1
                summary: s
                ---

                ```python experiment
                # id: race
                # title: Fix the race
                # chart: table
                # goal: lost_updates == 0 -- Not one update lost
                # hint: Look at the update.
                # hint: Use a Lock.
                import gillab as lab
                lab.metric("lost_updates", 0)
                ```
                """);

        assertThat(lesson.problems()).isEmpty();
        ExperimentSpec spec = lesson.experiment("race").orElseThrow();
        assertThat(spec.goal().expression()).isEqualTo("lost_updates == 0");
        assertThat(spec.goal().description()).isEqualTo("Not one update lost");
        assertThat(spec.hints()).containsExactly("Look at the update.", "Use a Lock.");
    }

    @Test
    void mistakesInAGoalPointAtItsLine() {
        Lesson lesson = parse("goals.md", """
                ---
                title: Goals
                order: 1
                summary: s
                ---

                ```python experiment
                # id: a
                # title: t
                # chart: table
                # goal: lost_updates = 0
                pass
                ```

                ```python experiment
                # id: b
                # title: t
                # chart: table
                # goal: max_lag_ms < 20ms
                pass
                ```

                ```python experiment
                # id: c
                # title: t
                # chart: table
                # goal:
                # hint:
                pass
                ```

                ```python experiment
                # id: d
                # title: t
                # chart: table
                # goal: speedup >= 1.5
                lab.metric("sped up", 2)
                ```
                """);

        assertThat(lesson.problems()).extracting(LessonProblem::line, LessonProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(11, "unknown operator '=' in goal 'lost_updates = 0' (one of < <= > >= == !=)"),
                org.assertj.core.groups.Tuple.tuple(19, "'20ms' in goal 'max_lag_ms < 20ms' is not a number"),
                org.assertj.core.groups.Tuple.tuple(27, "goal is empty; write a condition on a metric, such as 'max_lag_ms < 20'"),
                org.assertj.core.groups.Tuple.tuple(28, "hint is empty"),
                org.assertj.core.groups.Tuple.tuple(36, "the goal reads the metric 'speedup', but the code never names it"));
        assertThat(lesson.experiments()).isEmpty();
    }

    @Test
    void duplicateExperimentIdsAreReported() {
        String block = "```python experiment\n# id: same\n# title: t\n# chart: bar\npass\n```\n\n";
        Lesson lesson = parse("dup.md", "---\ntitle: D\norder: 1\nsummary: s\n---\n\n" + block + block);
        assertThat(lesson.problems()).singleElement()
                .satisfies(p -> assertThat(p.format()).endsWith("dup.md:14: experiment id 'same' is used twice in this lesson"));
    }

    @Test
    void missingFrontMatterIsAProblemOnLineOne() {
        Lesson lesson = parse("plain.md", "# Just a heading\n");
        assertThat(lesson.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).contains("must start with front matter");
        });
    }

    @Test
    void unknownFrontMatterKeyAndBadOrderPointAtTheirLines() {
        Lesson lesson = parse("fm.md", "---\ntitle: T\norder: first\nsumary: s\n---\n\ntext\n");
        assertThat(lesson.problems()).extracting(LessonProblem::line).containsExactlyInAnyOrder(4, 1, 3);
        assertThat(lesson.problems()).extracting(LessonProblem::message)
                .anySatisfy(m -> assertThat(m).contains("unknown front matter key 'sumary'; did you mean 'summary'?"))
                .anySatisfy(m -> assertThat(m).contains("order must be a whole number"));
    }

    @Test
    void frontMatterThatIsNotYamlIsReportedAtItsLineInTheFile() {
        Lesson lesson = parse("bad-yaml.md", "---\ntitle: T\norder: 1\nsummary: [unclosed\n---\n\ntext\n");

        assertThat(lesson.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.format()).startsWith(Path.of("lessons", "bad-yaml.md") + ":4: front matter is not valid YAML: ")
                    .contains("flow sequence").contains("the end of the front matter");
        });
    }

    @Test
    void anUnclosedQuoteIsReportedWhereItOpens() {
        Lesson lesson = parse("quote.md", "---\norder: 1\ntitle: \"The GIL\nsummary: s\n---\n");

        assertThat(lesson.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).startsWith("front matter is not valid YAML: while scanning a quoted scalar");
        });
    }

    @Test
    void anUnquotedColonInAValueIsAYamlMistakeAtItsLine() {
        Lesson lesson = parse("colon.md", "---\ntitle: Threads: a race\norder: 1\nsummary: s\n---\n");

        assertThat(lesson.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).isEqualTo("front matter is not valid YAML: mapping values are not allowed here");
        });
    }

    @Test
    void quotedValuesAndCommentsAreReadAsYamlReadsThem() {
        Lesson lesson = parse("quoted.md", "---\n# the lesson's card\ntitle: 'Threads: it''s a race'\norder: 2 # second\n"
                + "summary: >-\n  Two threads,\n  one lock.\n---\n\n## Body\n");

        assertThat(lesson.problems()).isEmpty();
        assertThat(lesson.title()).isEqualTo("Threads: it's a race");
        assertThat(lesson.order()).isEqualTo(2);
        assertThat(lesson.summary()).isEqualTo("Two threads, one lock.");
        assertThat(lesson.toc()).extracting(Lesson.TocEntry::id).containsExactly("body");
    }

    @Test
    void aListWhereTextBelongsAndAKeyGivenTwiceAreReported() {
        Lesson lesson = parse("twice.md", "---\ntitle: T\norder: 1\nsummary: [a, b]\ntitle: U\n---\n");

        assertThat(lesson.problems()).extracting(LessonProblem::line, LessonProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(4, "'summary' must be one line of text, not a list or a mapping"),
                org.assertj.core.groups.Tuple.tuple(5, "front matter key 'title' is given twice (first on line 2)"));
    }

    @Test
    void frontMatterThatIsNotAMappingSaysWhatItMustBe() {
        Lesson lesson = parse("list.md", "---\n- title\n- order\n---\n");

        assertThat(lesson.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).isEqualTo("front matter must be 'key: value' lines (keys: title, order, summary)");
        });
    }

    @Test
    void invalidUtf8IsReportedAtItsLine() {
        byte[] bytes = "---\ntitle: T\norder: 1\nsummary: caf\u00e9\n---\n".getBytes(StandardCharsets.ISO_8859_1);
        Lesson lesson = parser.parse(Path.of("latin1.md"), bytes);
        assertThat(lesson.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("not valid UTF-8");
        });
    }

    @Test
    void linksToLessonFilesPointAtTheirPages() {
        Lesson lesson = parse("x.md", "---\ntitle: X\norder: 1\nsummary: s\n---\n\nSee [the GIL](the-gil.md#what-the-gil-is) and [docs](https://example.org/a.md).\n");
        String html = ((Lesson.Prose) lesson.parts().get(0)).html();
        assertThat(html).contains("href=\"/lessons/the-gil#what-the-gil-is\"").contains("href=\"https://example.org/a.md\"");
    }

    @Test
    void unclosedFrontMatterSaysSo() {
        Lesson lesson = parse("open.md", "---\ntitle: T\norder: 1\nsummary: s\n\nText\n");
        assertThat(lesson.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).isEqualTo("front matter is not closed: end it with a line '---'");
        });
    }

    @Test
    void paramNamesThatHideDictMethodsAreRefused() {
        Lesson lesson = parse("p.md", "---\ntitle: T\norder: 1\nsummary: s\n---\n\n```python experiment\n# id: e\n# title: E\n# chart: bar\n# param: items = 3 in 1..9 -- Items\npass\n```\n");
        assertThat(lesson.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(11);
            assertThat(p.message()).contains("hides a method of lab.params()");
        });
    }

    @Test
    void swappedLettersStillGetADidYouMean() {
        assertThat(Suggest.didYouMean("chrat", ExperimentParser.KEYS)).isEqualTo("; did you mean 'chart'?");
    }

    @Test
    void fileNameMustBeAUsableSlug() {
        Lesson lesson = parse("My Lesson.md", "---\ntitle: T\norder: 1\nsummary: s\n---\n");
        assertThat(lesson.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("file name"));
    }
}
