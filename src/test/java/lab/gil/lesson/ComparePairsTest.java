package lab.gil.lesson;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code # compare:} names the pairs of variants an experiment's verdicts read, and refuses what it cannot read. */
class ComparePairsTest {
    private final LessonParser parser = new LessonParser();

    private Lesson experimentWith(String compareLine) {
        String text = """
                ---
                title: Pairs
                order: 1
                summary: s
                ---

                ```python experiment
                # id: pairs
                # title: t
                # chart: bar
                %s
                pass
                ```
                """.formatted(compareLine);
        return parser.parse(Path.of("lessons", "pairs.md"), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pairsAreReadInOrderWithCommasInsideVariantNames() {
        Lesson lesson = experimentWith("# compare: computing, asyncio vs computing, sync | waiting, asyncio vs waiting, sync");

        assertThat(lesson.problems()).isEmpty();
        assertThat(lesson.experiment("pairs").orElseThrow().judging().pairs()).containsExactly(
                new VariantPair("computing, asyncio", "computing, sync"),
                new VariantPair("waiting, asyncio", "waiting, sync"));
    }

    @Test
    void withoutTheHeaderNoPairsAreDeclared() {
        assertThat(experimentWith("").experiment("pairs").orElseThrow().judging().pairs()).isEmpty();
    }

    @Test
    void aPairThatCannotBeReadPointsAtItsLine() {
        assertThat(experimentWith("# compare: gather, one by one").problems())
                .extracting(LessonProblem::line, LessonProblem::message)
                .containsExactly(Tuple.tuple(11, "compare must read 'VARIANT vs BASELINE', pairs separated by '|' (got 'gather, one by one')"));
        assertThat(experimentWith("# compare: a vs a").problems()).extracting(LessonProblem::message)
                .containsExactly("compare names 'a' on both sides of 'vs'");
        assertThat(experimentWith("# compare: b vs a | b vs a").problems()).extracting(LessonProblem::message)
                .containsExactly("compare names 'b vs a' twice");
        assertThat(experimentWith("# compare:").problems()).extracting(LessonProblem::message)
                .containsExactly("compare is empty");
    }
}
