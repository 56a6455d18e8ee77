package lab.gil.lesson;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
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
                .hasMessageStartingWith("check for 'shorter': 'quick' is neither faster, same, slower, a speedup range such as 1.5..2.5, "
                        + "nor a condition: condition 'quick' needs a comparison after 'quick'");
        assertThatThrownBy(() -> PredictionRule.parse("shorter", OPTIONS))
                .hasMessage("check must read 'answer = outcome | …', the outcome faster, same, slower, a speedup range such as "
                        + "1.5..2.5, or a condition such as '\"updates lost\" > 0' (got 'shorter')");
    }

    private static final List<String> COUNTS = List.of("exactly 400,000", "a little under", "far under");
    private static final String CODE = "lab.metric(\"updates lost\", lost)\nlab.metric(\"share lost\", share)";
    private final PredictionRule counted = PredictionRule.parse(
            "exactly 400,000 = \"updates lost\" == 0 | a little under = \"updates lost\" > 0 and \"share lost\" < 10 "
                    + "| far under = \"share lost\" >= 10", COUNTS, CODE);

    @Test
    void aConditionIsReadAgainstTheMetricsTheRunRecorded() {
        Map<String, Double> none = Map.of("updates lost", 0.0, "share lost", 0.0);
        Map<String, Double> many = Map.of("updates lost", 150_000.0, "share lost", 37.5);
        assertThat(counted.correct("exactly 400,000", none)).contains(true);
        assertThat(counted.correct("far under", none)).contains(false);
        assertThat(counted.correct("far under", many)).contains(true);
        assertThat(counted.correct("a little under", many)).contains(false);
        assertThat(counted.hasConditions()).isTrue();
        assertThat(counted.reads()).containsExactly("updates lost", "share lost");
    }

    @Test
    void anUnnamedAnswerIsWrongOnlyWhenANamedConditionHoldsAndAMissingValueSettlesNothing() {
        PredictionRule lanes = PredictionRule.parse("both at once = lanes_overlap >= 0.5 | taking turns = lanes_overlap < 0.2",
                List.of("both at once", "taking turns", "one after the other"), "");
        assertThat(lanes.correct("one after the other", Map.of("lanes_overlap", 0.05))).contains(false);
        assertThat(lanes.correct("one after the other", Map.of("lanes_overlap", 0.3))).isEmpty();
        assertThat(lanes.correct("taking turns", Map.of("lanes_overlap", 0.3))).isEmpty();
        assertThat(lanes.correct("taking turns", Map.of())).as("a run without lanes").isEmpty();
        assertThat(lanes.correct(null, Map.of("lanes_overlap", 0.05))).isEmpty();
    }

    @Test
    void aConditionReadingAMetricTheCodeNeverNamesOrAnUnknownLaneFactIsRefused() {
        assertThatThrownBy(() -> PredictionRule.parse("far under = \"updates gone\" > 0", COUNTS, CODE))
                .hasMessage("check for 'far under' reads the metric 'updates gone', but the code never names it");
        assertThatThrownBy(() -> PredictionRule.parse("far under = lanes_overlapp > 0", COUNTS, CODE))
                .hasMessage("check for 'far under' reads 'lanes_overlapp', which is not a lane fact "
                        + "(lanes_overlap, lanes_lock_share, lanes_syscall_share); did you mean 'lanes_overlap'?");
        assertThatThrownBy(() -> PredictionRule.parse("far under = \"share lost\" >> 10", COUNTS, CODE))
                .hasMessageContaining("unknown operator '>>'");
    }

    @Test
    void aVerdictRuleIgnoresConditionsAndAConditionRuleIgnoresTheVerdict() {
        assertThat(counted.correct("far under", true, "about the same", 1.0)).isEmpty();
        assertThat(rule.correct("shorter", Map.of("speedup", 3.0))).isEmpty();
    }

    @Test
    void aMetricNamedThroughAnFStringCountsAsNamedByTheCode() {
        String code = "for kind in kinds:\n    lab.metric(f\"per worker, {kind}\", cost)\n";
        assertThat(PredictionRule.names(code, "per worker, threads")).isTrue();
        assertThat(PredictionRule.names(code, "per thread")).isFalse();
        PredictionRule named = PredictionRule.parse("cheap = \"per worker, threads\" < 100", List.of("cheap", "dear"), code);
        assertThat(named.correct("dear", Map.of("per worker, threads", 12.0))).contains(false);
    }

    @Test
    void anAnswerWhoseMetricWasNotRecordedIsWrongWhenAnotherAnswersConditionHolds() {
        PredictionRule tasks = PredictionRule.parse("fetch = \"fetch held\" > 0 | load = \"load held\" > 0",
                List.of("fetch", "load"), "lab.metric(f\"{name} held\", ms)");
        assertThat(tasks.correct("fetch", Map.of("load held", 250.0))).contains(false);
        assertThat(tasks.correct("load", Map.of("load held", 250.0))).contains(true);
        assertThat(tasks.correct("fetch", Map.of())).isEmpty();
    }
}
