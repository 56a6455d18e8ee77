package lab.gil.experiment;

import lab.gil.lesson.ChartKind;
import lab.gil.lesson.Goal;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ResultBuilderTest {
    private static Recording recording(Map<String, Object> env, Map<String, List<Double>> reps) {
        return new Recording(env, List.of(), Map.of(), List.of(), new LinkedHashMap<>(reps), Optional.empty(), Optional.empty(), 0);
    }

    private static RunResult build(Map<String, Object> env, Map<String, Object> server, Map<String, List<Double>> reps) {
        return ResultBuilder.build(ChartKind.BAR, recording(env, reps), server, "", "", 0, 1.0);
    }

    @Test
    void summaryComparesEveryVariantWithTheFastest() {
        Map<String, List<Double>> reps = new LinkedHashMap<>();
        reps.put("1 thread", List.of(0.40, 0.41, 0.42));
        reps.put("4 threads", List.of(0.42, 0.43, 0.44));
        RunResult result = build(Map.of("usableCores", 2, "loadAverage", 0.1), Map.of("effectiveParallelism", 1.9), reps);
        assertThat(result.summary()).isEqualTo("Fastest: 1 thread, 410.0 ms median; 4 threads took 1.05× as long.");
        assertThat(result.repetitions()).extracting(RunResult.Repetitions::variant).containsExactly("1 thread", "4 threads");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void theGoalIsJudgedAgainstTheLastValueOfEachMetric() {
        List<Recording.Metric> metrics = List.of(new Recording.Metric("max_lag_ms", 250.0, "ms"),
                new Recording.Metric("max_lag_ms", 12.0, "ms"), new Recording.Metric("other", 1.0, ""));
        Recording recording = new Recording(Map.of(), metrics, Map.of(), List.of(), Map.of(), Optional.empty(), Optional.empty(), 0);

        RunResult result = ResultBuilder.build(ChartKind.TABLE, Goal.parse("max_lag_ms < 50"), recording, Map.of(), "", "", 0, 1.0);

        assertThat(result.goal().passed()).isTrue();
        assertThat(result.goal().values()).containsExactly(Map.entry("max_lag_ms", 12.0));
        assertThat(ResultBuilder.build(ChartKind.TABLE, recording, Map.of(), "", "", 0, 1.0).goal()).isNull();
    }

    @Test
    void warnsWhenOnlyOneCoreIsUsable() {
        RunResult result = build(Map.of("usableCores", 1, "loadAverage", 0.0), Map.of(), Map.of());
        assertThat(result.warnings()).singleElement().asString().contains("one usable core");
    }

    @Test
    void warnsWhenTheMachineIsBusyOrTheCoresAreShared() {
        RunResult result = build(Map.of("usableCores", 2, "loadAverage", 3.5), Map.of("effectiveParallelism", 1.2), Map.of());
        assertThat(result.warnings()).hasSize(2);
        assertThat(result.warnings().get(0)).contains("busy").contains("load 3.5 on 2 cores");
        assertThat(result.warnings().get(1)).contains("only 1.20× as fast");
    }

    @Test
    void warnsAboutEachNoisyVariant() {
        RunResult result = build(Map.of("usableCores", 2, "loadAverage", 0.0), Map.of(),
                Map.of("jumpy", List.of(0.1, 0.2, 0.1)));
        assertThat(result.warnings()).singleElement().asString().startsWith("Noisy result: the timings of 'jumpy'");
    }

    @Test
    void fingerprintMergesInterpreterAndServerFacts() {
        RunResult result = build(Map.of("t", "env", "pid", 4, "version", "3.11.2", "usableCores", 2, "loadAverage", 0.0),
                Map.of("sandbox", "bubblewrap"), Map.of());
        assertThat(result.fingerprint()).containsEntry("version", "3.11.2").containsEntry("sandbox", "bubblewrap")
                .doesNotContainKeys("t", "pid");
    }
}
