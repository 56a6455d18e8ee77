package lab.gil.run.result;

import lab.gil.lesson.Judging;
import lab.gil.lesson.VariantPair;
import lab.gil.run.RunResult;
import lab.gil.run.RunResult.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VerdictsTest {
    private static final Map<String, Object> QUIET = Map.of("usableCores", 2, "loadAverage", 0.2, "effectiveParallelism", 1.9);
    private static final Map<String, Object> BUSY = Map.of("usableCores", 2, "loadAverage", 3.1, "effectiveParallelism", 1.1);
    private static final Judging PARALLEL = new Judging(0.10, Judging.Needs.PARALLEL);

    private static RunResult.Repetitions reps(String name, Double... values) {
        Statistics.Summary s = Statistics.summarize(List.of(values));
        return new RunResult.Repetitions(name, "s", List.of(values), s.median(), s.q1(), s.q3(), s.min(), s.max(), s.cv(), s.noisy());
    }

    private static Verdict judge(RunResult.Repetitions a, RunResult.Repetitions b, Judging judging, Map<String, Object> env) {
        return Verdicts.judge(a, b, judging, env);
    }

    @Test
    void ratiosArePairedRoundByRoundAsReferenceOverCompared() {
        assertThat(Verdicts.ratios(List.of(1.0, 2.0, 3.0), List.of(0.5, 2.0))).containsExactly(2.0, 1.0);
        assertThat(Verdicts.ratios(List.of(1.0, 0.0), List.of(1.0, 1.0))).containsExactly(1.0);
    }

    @Test
    void withThreeRoundsTheIntervalSpansTheSmallestAndLargestRatio() {
        double[] interval = Verdicts.bootstrap(new double[]{0.9, 1.0, 1.3});
        assertThat(interval).containsExactly(0.9, 1.3);
    }

    @Test
    void theBootstrapIsSeededSoTheSameTimingsGiveTheSameInterval() {
        double[] ratios = {0.95, 1.02, 1.10, 0.99, 1.04, 0.97, 1.01, 1.20, 0.93, 1.00};
        double[] first = Verdicts.bootstrap(ratios);
        assertThat(Verdicts.bootstrap(ratios)).containsExactly(first);
        assertThat(first[0]).isGreaterThan(0.93).isLessThan(1.0);
        assertThat(first[1]).isGreaterThan(1.0).isLessThan(1.20);
    }

    @Test
    void timingsWithinTheBandReadAboutTheSame() {
        Verdict v = judge(reps("1 thread", 0.40, 0.41, 0.42), reps("4 threads", 0.41, 0.42, 0.41), Judging.DEFAULT, QUIET);
        assertThat(v.words()).isEqualTo("about the same");
        assertThat(v.conclusive()).isTrue();
        assertThat(v.problem()).isNull();
        assertThat(v.ratio()).isCloseTo(0.976, within(0.001));
        assertThat(v.low()).isLessThanOrEqualTo(v.ratio());
        assertThat(v.high()).isGreaterThanOrEqualTo(v.ratio());
        assertThat(v.reference()).isEqualTo("1 thread");
        assertThat(v.compared()).isEqualTo("4 threads");
        assertThat(v.rounds()).isEqualTo(3);
    }

    @Test
    void aWholeIntervalAboveTheBandReadsFasterWithTheMedianRatio() {
        Verdict v = judge(reps("one by one", 0.60, 0.61, 0.62), reps("4 threads", 0.15, 0.16, 0.155), Judging.DEFAULT, QUIET);
        assertThat(v.words()).isEqualTo("4× faster");
        assertThat(v.conclusive()).isTrue();
    }

    @Test
    void aWholeIntervalBelowTheBandReadsSlower() {
        Verdict v = judge(reps("threads", 0.010, 0.011, 0.010), reps("spawn", 0.30, 0.31, 0.29), Judging.DEFAULT, QUIET);
        assertThat(v.words()).isEqualTo("29× slower");
    }

    @Test
    void anIntervalAcrossAnEdgeOfTheBandIsInconclusiveAndBlamesABusyMachine() {
        Verdict v = judge(reps("1 thread", 0.40, 0.41, 0.42), reps("4 threads", 0.50, 0.33, 0.42), PARALLEL, BUSY);
        assertThat(v.words()).isEqualTo("inconclusive: the machine was busy");
        assertThat(v.conclusive()).isFalse();
        assertThat(v.low()).isLessThan(1 / 1.1);
        assertThat(v.high()).isGreaterThan(1.1);
    }

    @Test
    void onAQuietMachineAnInconclusiveIntervalBlamesTheSpreadOfTheTimings() {
        Verdict v = judge(reps("1 thread", 0.40, 0.41, 0.42), reps("4 threads", 0.50, 0.33, 0.42), PARALLEL, QUIET);
        assertThat(v.words()).isEqualTo("inconclusive: the timings varied too much");
    }

    @Test
    void theExperimentsOwnBandDecidesWhatIsAboutTheSame() {
        RunResult.Repetitions a = reps("sync", 1.00, 1.01, 0.99);
        RunResult.Repetitions b = reps("asyncio", 0.80, 0.81, 0.79);
        assertThat(judge(a, b, Judging.DEFAULT, QUIET).words()).isEqualTo("1.25× faster");
        assertThat(judge(a, b, new Judging(0.30, Judging.Needs.NOTHING), QUIET).words()).isEqualTo("about the same");
    }

    @Test
    void oneRoundGivesNoIntervalAndNoConclusion() {
        Verdict v = judge(reps("a", 1.0), reps("b", 0.5), Judging.DEFAULT, QUIET);
        assertThat(v.words()).isEqualTo("inconclusive: one repetition cannot show the noise");
        assertThat(v.low()).isEqualTo(2.0);
        assertThat(v.high()).isEqualTo(2.0);
        assertThat(v.conclusive()).isFalse();
    }

    @Test
    void aParallelSpeedupAboveTheUsableCoresIsABrokenMeasurement() {
        Verdict v = judge(reps("1 process", 0.81, 0.80, 0.82), reps("8 processes", 0.30, 0.29, 0.30), PARALLEL, QUIET);
        assertThat(v.words()).isEqualTo("broken measurement: faster than the cores allow");
        assertThat(v.conclusive()).isFalse();
        assertThat(v.problem()).startsWith("'8 processes' read 2.73× as fast as '1 process', but this machine gives experiments 2 cores:");
    }

    @Test
    void sleepingWorkMayOverlapFarBeyondTheCores() {
        Verdict v = judge(reps("one by one", 0.60, 0.61, 0.62), reps("4 threads", 0.15, 0.16, 0.155), Judging.DEFAULT, QUIET);
        assertThat(v.problem()).isNull();
    }

    @Test
    void aSpeedupJustAboveTheCoresIsAllowedAsNoise() {
        Verdict v = judge(reps("1 process", 0.42, 0.42, 0.42), reps("2 processes", 0.20, 0.20, 0.20), PARALLEL, QUIET);
        assertThat(v.problem()).isNull();
        assertThat(v.words()).isEqualTo("2.1× faster");
    }

    @Test
    void everyVariantAfterTheFirstIsComparedWithTheFirst() {
        List<Verdict> verdicts = Verdicts.of(List.of(reps("a", 1.0, 1.0), reps("b", 0.5, 0.5), reps("c", 1.0, 1.0)), Judging.DEFAULT, QUIET);
        assertThat(verdicts).extracting(Verdict::compared).containsExactly("b", "c");
        assertThat(verdicts).extracting(Verdict::reference).containsOnly("a");
        assertThat(Verdicts.of(List.of(reps("a", 1.0)), Judging.DEFAULT, QUIET)).isEmpty();
    }

    @Test
    void aSpeedupCurveAboveTheCoresIsFlaggedOnlyForParallelWork() {
        List<RunResult.SeriesView> series = List.of(new RunResult.SeriesView("processes", "workers", "speedup", true,
                List.of(new double[]{1, 1.0}, new double[]{2, 1.6}, new double[]{8, 2.7})));
        Verdict v = Verdicts.ofSeries(series, PARALLEL, QUIET);
        assertThat(v.problem()).startsWith("'processes at workers = 8' read 2.7× as fast as 'one worker'");
        assertThat(Verdicts.ofSeries(series, Judging.DEFAULT, QUIET)).isNull();
        assertThat(Verdicts.ofSeries(List.of(new RunResult.SeriesView("processes", "workers", "speedup", true,
                List.<double[]>of(new double[]{2, 1.9}))), PARALLEL, QUIET)).isNull();
    }

    @Test
    void declaredPairsAreJudgedInTheirOrderAndUndeclaredOnesFallBackToTheFirstVariant() {
        List<RunResult.Repetitions> four = List.of(
                reps("computing, sync", 1.00, 1.01, 0.99), reps("computing, asyncio", 1.30, 1.31, 1.29),
                reps("waiting, sync", 0.50, 0.51, 0.50), reps("waiting, asyncio", 0.10, 0.10, 0.11));
        Judging paired = new Judging(0.10, Judging.Needs.NOTHING, lab.gil.lesson.PredictionRule.NONE, List.of(
                new VariantPair("computing, asyncio", "computing, sync"), new VariantPair("waiting, asyncio", "waiting, sync")));

        List<Verdict> verdicts = Verdicts.of(four, paired, QUIET);
        assertThat(verdicts).extracting(Verdict::compared, Verdict::reference).containsExactly(
                org.assertj.core.groups.Tuple.tuple("computing, asyncio", "computing, sync"),
                org.assertj.core.groups.Tuple.tuple("waiting, asyncio", "waiting, sync"));
        assertThat(verdicts.get(1).words()).isEqualTo("5× faster");

        Judging unmatched = new Judging(0.10, Judging.Needs.NOTHING, lab.gil.lesson.PredictionRule.NONE,
                List.of(new VariantPair("renamed", "computing, sync")));
        assertThat(Verdicts.of(four, unmatched, QUIET)).extracting(Verdict::reference).containsOnly("computing, sync").hasSize(3);
    }
}
