package lab.gil.run.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lab.gil.lesson.PredictionRule;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LaneFactsTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void threadsTakingTurnsOverlapHardlyAtAllAndSpendTheRestWaitingOnTheLock() throws Exception {
        JsonNode lanes = json("""
                [{'name': 'a', 'intervals': [[0, 1, 'running'], [1, 2, 'lock'], [2, 3, 'running']]},
                 {'name': 'b', 'intervals': [[0, 1, 'lock'], [1, 2.1, 'running'], [2.1, 3, 'lock']]}]""");
        var facts = LaneFacts.of(lanes);
        assertThat(facts.get("lanes_overlap")).isCloseTo(0.1 / 3, within(1e-9));
        assertThat(facts.get("lanes_lock_share")).isCloseTo(2.9 / 6, within(1e-9));
        assertThat(facts.get("lanes_syscall_share")).isZero();
    }

    @Test
    void twoThreadsRunningSideBySideOverlapForTheTimeTheyShare() throws Exception {
        JsonNode lanes = json("""
                [{'name': 'main', 'intervals': [[0, 0.5, 'running'], [0.5, 4, 'syscall']]},
                 {'name': 'one', 'intervals': [[0.5, 4, 'running']]},
                 {'name': 'two', 'intervals': [[1, 4, 'running']]}]""");
        var facts = LaneFacts.of(lanes);
        assertThat(facts.get("lanes_overlap")).isCloseTo(3.0 / 4, within(1e-9));
        assertThat(facts.get("lanes_syscall_share")).isCloseTo(3.5 / 10.5, within(1e-9));
    }

    @Test
    void aRunWithoutLanesHasNoFacts() throws Exception {
        assertThat(LaneFacts.of(json("[]"))).isEmpty();
        assertThat(LaneFacts.of(json("{}").path("lanes"))).isEmpty();
    }

    @Test
    void thePredictionCheckOfATimelineReadsItsLaneFactsAndSaysThem() throws Exception {
        PredictionRule rule = new PredictionRule(Map.of("both at once", "lanes_overlap >= 0.5", "taking turns", "lanes_overlap < 0.2"));
        JsonNode result = json("""
                {'summary': 'Two threads.', 'metrics': [],
                 'lanes': [{'name': 'a', 'intervals': [[0, 1, 'running'], [1, 2, 'lock']]},
                           {'name': 'b', 'intervals': [[0, 1, 'lock'], [1, 2, 'running']]}]}""");
        PredictionCheck check = PredictionCheck.of("both at once", true, result, rule);
        assertThat(check.correct()).isFalse();
        assertThat(check.measured()).isEqualTo("Two threads. On the lanes: two or more threads running at once for 0% of the time any ran.");
        assertThat(PredictionCheck.of("taking turns", true, result, rule).correct()).isTrue();
    }
}
