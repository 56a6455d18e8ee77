package lab.gil.lesson;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredictionRuleTest {
    private static final List<String> OPTIONS = List.of("shorter", "about the same", "about half", "longer");
    private final PredictionRule rule = PredictionRule.parse("shorter = faster | about the same = same | about half = 1.5..2.5 | longer = slower", OPTIONS);

    @Test
    void anAnswerIsRightWhenTheConclusiveVerdictSaysWhatItsOutcomeNames() {
        assertThat(rule.correct("about the same", true, "about the same", 0.98)).contains(true);
        assertThat(rule.correct("shorter", true, "about the same", 0.98)).contains(false);
        assertThat(rule.correct("longer", true, "1.3× slower", 0.77)).contains(true);
        assertThat(rule.correct("shorter", true, "3.9× faster", 3.9)).contains(true);
    }

    @Test
    void aRangeIsReadAgainstTheSpeedup() {
        assertThat(rule.correct("about half", true, "2.1× faster", 2.1)).contains(true);
        assertThat(rule.correct("about half", true, "3.9× faster", 3.9)).contains(false);
    }

    @Test
    void anInconclusiveVerdictOrAnAnswerWithoutARuleGetsNoMark() {
        assertThat(rule.correct("about the same", false, "inconclusive: the machine was busy", 0.9)).isEqualTo(Optional.empty());
        assertThat(PredictionRule.NONE.correct("shorter", true, "about the same", 1.0)).isEmpty();
        assertThat(rule.correct(null, true, "about the same", 1.0)).isEmpty();
    }

    @Test
    void aRuleNamingAnUnknownAnswerOrOutcomeIsRefusedWithASentence() {
        assertThatThrownBy(() -> PredictionRule.parse("quicker = faster", OPTIONS))
                .hasMessage("check names 'quicker', which is not one of the options (shorter | about the same | about half | longer)");
        assertThatThrownBy(() -> PredictionRule.parse("shorter = quick", OPTIONS))
                .hasMessage("check: 'quick' must be faster, same, slower or a speedup range such as 1.5..2.5");
        assertThatThrownBy(() -> PredictionRule.parse("shorter", OPTIONS))
                .hasMessage("check must read 'answer = faster|same|slower|LOW..HIGH | …' (got 'shorter')");
    }
}
