package lab.gil.run.result;

import lab.gil.run.RunResult;
import lab.gil.run.channel.Recording;

import lab.gil.lanes.Lane;
import lab.gil.lanes.LaneReport;
import lab.gil.lesson.ChartKind;
import lab.gil.lesson.Goal;
import lab.gil.lesson.Judging;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ResultBuilderTest {
    private static final LaneReport NO_LANES =
            LaneReport.unavailable("Thread lanes are turned off on this server (GILLAB_LANES_HZ=0).", Map.of());

    private static Recording recording(Map<String, Object> env, Map<String, List<Double>> reps) {
        return new Recording(env, List.of(), Map.of(), List.of(), new LinkedHashMap<>(reps), Optional.empty(), Optional.empty(), 0);
    }

    private static RunResult build(Map<String, Object> env, Map<String, Object> server, Map<String, List<Double>> reps) {
        return ResultBuilder.build(ChartKind.BAR, recording(env, reps), server, "", "", 0, 1.0, NO_LANES);
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

        RunResult result = ResultBuilder.build(ChartKind.TABLE, Goal.parse("max_lag_ms < 50"), recording, Map.of(), "", "", 0, 1.0, NO_LANES);

        assertThat(result.goal().passed()).isTrue();
        assertThat(result.goal().values()).containsExactly(Map.entry("max_lag_ms", 12.0));
        assertThat(ResultBuilder.build(ChartKind.TABLE, recording, Map.of(), "", "", 0, 1.0, NO_LANES).goal()).isNull();
    }

    private static RunResult parallel(Map<String, Object> env, Map<String, Object> server, Map<String, List<Double>> reps) {
        return ResultBuilder.build(ChartKind.BAR, null, new Judging(0.10, Judging.Needs.PARALLEL), recording(env, reps), server,
                "", "", 0, 1.0, NO_LANES);
    }

    @Test
    void parallelWorkIsWarnedWhenOnlyOneCoreIsUsable() {
        RunResult result = parallel(Map.of("usableCores", 1, "loadAverage", 0.0), Map.of(), Map.of());
        assertThat(result.warnings()).singleElement().asString().contains("one usable core");
        assertThat(result.conditions().state()).isEqualTo("no-parallelism");
    }

    @Test
    void parallelWorkIsWarnedWhenTheMachineIsBusyOrTheCoresAreShared() {
        RunResult result = parallel(Map.of("usableCores", 2, "loadAverage", 3.5), Map.of("effectiveParallelism", 1.2), Map.of());
        assertThat(result.conditions().items()).extracting(RunResult.Condition::kind).containsExactly("no-parallelism", "busy");
        assertThat(result.warnings().get(0)).contains("only 1.2× as fast");
        assertThat(result.warnings().get(1)).contains("busy").contains("load 3.5 on 2 cores");
        assertThat(result.conditions().state()).isEqualTo("no-parallelism");
    }

    @Test
    void workThatNeedsNoParallelismGetsNoCoreWarningsOnABusyMachine() {
        RunResult result = build(Map.of("usableCores", 1, "loadAverage", 3.5), Map.of("effectiveParallelism", 0.9),
                Map.of("sleeps", List.of(0.10, 0.10, 0.10)));
        assertThat(result.warnings()).isEmpty();
        assertThat(result.conditions().state()).isEqualTo("good");
    }

    @Test
    void noisyVariantsShareOneWarningAndABusyMachineIsNamedAsTheirCause() {
        Map<String, List<Double>> reps = new LinkedHashMap<>();
        reps.put("jumpy", List.of(0.1, 0.2, 0.1));
        reps.put("wobbly", List.of(0.3, 0.1, 0.1));
        RunResult result = build(Map.of("usableCores", 2, "loadAverage", 3.0), Map.of(), reps);
        assertThat(result.conditions().items()).extracting(RunResult.Condition::kind).containsExactly("busy", "noisy");
        assertThat(result.warnings().get(1)).isEqualTo("Noisy timings: 'jumpy' varied by 43% (100.0 ms to 200.0 ms), "
                + "'wobbly' varied by 69% (100.0 ms to 300.0 ms). Run again with more repetitions.");
        assertThat(result.conditions().state()).isEqualTo("busy");
    }

    @Test
    void fingerprintMergesInterpreterAndServerFacts() {
        RunResult result = build(Map.of("t", "env", "pid", 4, "version", "3.11.2", "usableCores", 2, "loadAverage", 0.0),
                Map.of("sandbox", "bubblewrap"), Map.of());
        assertThat(result.fingerprint()).containsEntry("version", "3.11.2").containsEntry("sandbox", "bubblewrap")
                .doesNotContainKeys("t", "pid");
    }

    private static RunResult drawn(ChartKind chart, List<Recording.Metric> metrics, Map<String, Recording.Series> series,
                                   List<Recording.Span> spans, Map<String, Object> env) {
        Recording recording = new Recording(env, metrics, series, spans, Map.of(), Optional.empty(), Optional.empty(), 0);
        return ResultBuilder.build(chart, recording, Map.of(), "", "", 0, 1.0, NO_LANES);
    }

    @Test
    void aLineChartWithoutASummaryIsReadAsTheBestPointOfEachSeriesAndTheIdealCap() {
        Map<String, Recording.Series> series = new LinkedHashMap<>();
        series.put("processes", new Recording.Series("processes", "workers", "speedup", true,
                List.of(new double[]{1, 1.0}, new double[]{2, 1.58}, new double[]{4, 1.5})));
        series.put("threads", new Recording.Series("threads", "workers", "speedup", true,
                List.of(new double[]{1, 1.0}, new double[]{2, 0.99})));
        RunResult result = drawn(ChartKind.LINE, List.of(), series, List.of(), Map.of("usableCores", 2, "effectiveParallelism", 1.6234));
        assertThat(result.summary()).isEqualTo("processes: best speedup 1.58 at workers = 2; threads: best speedup 1 at workers = 1; ideal here 1.62.");
    }

    @Test
    void aTimelineWithoutASummaryCountsLanesAndAddsUpTheTimeInEachState() {
        List<Recording.Span> spans = List.of(
                new Recording.Span("a", "Thread-1", 0.0, 0.6, "running"),
                new Recording.Span("b", "Thread-2", 0.0, 0.6, "waiting"),
                new Recording.Span("c", "Thread-2", 0.6, 1.0, "running"),
                new Recording.Span("d", "Thread-1", 0.6, 0.65, "io"));
        RunResult result = drawn(ChartKind.TIMELINE, List.of(), Map.of(), spans, Map.of());
        assertThat(result.summary()).isEqualTo("2 lanes over 1.00 s; summed over all lanes: running 1.00 s, waiting for the GIL 600.0 ms, I/O or sleep 50.0 ms.");
    }

    @Test
    void aTimelineWithMeasuredLanesIsReadAsItsThreadsProcessesAndTimeInEachKernelState() {
        List<Lane> lanes = List.of(
                new Lane("MainThread", 2, 2, List.of(new Lane.Interval(0.0, 0.1, "running"), new Lane.Interval(0.1, 1.0, "lock"))),
                new Lane("thread 1", 2, 3, List.of(new Lane.Interval(0.1, 0.5, "running"), new Lane.Interval(0.5, 0.9, "lock"))),
                new Lane("Process-1", 4, 4, List.of(new Lane.Interval(0.2, 0.25, "syscall"))));
        LaneReport report = new LaneReport(lanes, Optional.empty(), List.of(), Map.of());
        Recording recording = new Recording(Map.of(), List.of(), Map.of(), List.of(new Recording.Span("work", "thread 1", 0.1, 0.9, "running")),
                Map.of(), Optional.empty(), Optional.empty(), 0);
        RunResult result = ResultBuilder.build(ChartKind.TIMELINE, recording, Map.of(), "", "", 0, 1.0, report);
        assertThat(result.summary()).isEqualTo("3 thread lanes in 2 processes over 1.00 s; summed over all lanes: "
                + "running (or ready to run) 500.0 ms, waiting on a lock 1.30 s, in a system call 50.0 ms.");
    }

    @Test
    void aTableWithoutASummaryNamesItsFirstThreeMetricsWithTheirUnits() {
        List<Recording.Metric> metrics = List.of(new Recording.Metric("expected", 2_000_000.0, ""),
                new Recording.Metric("lost", 12.94, "%"), new Recording.Metric("wall time", 0.6213, "s"),
                new Recording.Metric("not shown", 1.0, ""));
        RunResult result = drawn(ChartKind.TABLE, metrics, Map.of(), List.of(), Map.of());
        assertThat(result.summary()).isEqualTo("expected 2,000,000; lost 12.9%; wall time 0.621 s.");
    }

    @Test
    void aChartWithNothingOfItsKindFallsBackToTheMetricsAndAnEmptyRunSaysNothing() {
        List<Recording.Metric> metrics = List.of(new Recording.Metric("speedup", 1.5, "×"));
        assertThat(drawn(ChartKind.BAR, metrics, Map.of(), List.of(), Map.of()).summary()).isEqualTo("speedup 1.5×.");
        assertThat(drawn(ChartKind.TIMELINE, List.of(), Map.of(), List.of(), Map.of()).summary()).isEmpty();
    }

    @Test
    void theExperimentsOwnSummaryIsKeptAsWritten() {
        Recording recording = new Recording(Map.of(), List.of(new Recording.Metric("x", 1.0, "")), Map.of(), List.of(), Map.of(),
                Optional.of("Measured little."), Optional.empty(), 0);
        assertThat(ResultBuilder.build(ChartKind.TABLE, recording, Map.of(), "", "", 0, 1.0, NO_LANES).summary()).isEqualTo("Measured little.");
    }
}
