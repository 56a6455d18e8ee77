package lab.gil.run.result;

import lab.gil.lesson.Judging;
import lab.gil.run.RunResult;
import lab.gil.run.RunResult.Verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Reads a comparison of variants as a verdict with its uncertainty rather than a bare ratio of medians. The rounds of
 * {@code lab.compare} run every variant once each, in a shuffled order, so round {@code i} of two variants was timed
 * under the same conditions: the ratio of the two is taken round by round, and a bootstrap over the rounds gives the
 * 95% interval of their median. The words follow from where the whole interval lies against the experiment's band of
 * "about the same"; an interval that crosses an edge of the band supports no conclusion and says so.
 */
public final class Verdicts {
    static final int RESAMPLES = 2_000;
    /** Fixed, so the same timings always give the same interval (and tests stay stable). */
    static final long SEED = 13;
    /** How far above the usable cores a speedup may read before it counts as impossible rather than noise. */
    static final double CORE_NOISE = 0.10;
    static final String BUSY = "inconclusive: the machine was busy";
    static final String VARIED = "inconclusive: the timings varied too much";
    static final String ONE_ROUND = "inconclusive: one repetition cannot show the noise";

    private Verdicts() {
    }

    /**
     * The pairs the experiment declares ({@code # compare:}) that the run timed, in their order; without any, every
     * variant after the first against the first (the experiment's baseline). Empty with fewer than two variants.
     */
    static List<Verdict> of(List<RunResult.Repetitions> repetitions, Judging judging, Map<String, Object> fingerprint) {
        Map<String, RunResult.Repetitions> byVariant = new HashMap<>();
        repetitions.forEach(r -> byVariant.putIfAbsent(r.variant(), r));
        List<Verdict> declared = judging.pairs().stream()
                .filter(pair -> byVariant.containsKey(pair.compared()) && byVariant.containsKey(pair.baseline()))
                .map(pair -> judge(byVariant.get(pair.baseline()), byVariant.get(pair.compared()), judging, fingerprint))
                .toList();
        if (!declared.isEmpty()) {
            return declared;
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 1; i < repetitions.size(); i++) {
            verdicts.add(judge(repetitions.get(0), repetitions.get(i), judging, fingerprint));
        }
        return verdicts;
    }

    static Verdict judge(RunResult.Repetitions reference, RunResult.Repetitions compared, Judging judging,
                         Map<String, Object> fingerprint) {
        double[] ratios = ratios(reference.values(), compared.values());
        if (ratios.length == 0) {
            return new Verdict("inconclusive: no usable timings", Double.NaN, Double.NaN, Double.NaN, false, null,
                    reference.variant(), compared.variant(), 0);
        }
        double ratio = median(ratios.clone());
        double[] interval = ratios.length == 1 ? new double[]{ratio, ratio} : bootstrap(ratios);
        double low = interval[0], high = interval[1];
        String problem = impossible(low, ratio, judging, fingerprint, compared.variant(), reference.variant());
        double upper = 1 + judging.sameWithin(), lower = 1 / upper;
        String words;
        boolean conclusive = ratios.length > 1 && problem == null;
        if (problem != null) {
            words = "broken measurement: faster than the cores allow";
        } else if (ratios.length == 1) {
            words = ONE_ROUND;
        } else if (low >= lower && high <= upper) {
            words = "about the same";
        } else if (low > upper) {
            words = times(ratio) + " faster";
        } else if (high < lower) {
            words = times(1 / ratio) + " slower";
        } else {
            conclusive = false;
            words = busy(fingerprint, judging) ? BUSY : VARIED;
        }
        return new Verdict(words, ratio, low, high, conclusive, problem, reference.variant(), compared.variant(), ratios.length);
    }

    /**
     * A speedup curve (a series drawn against the ideal line) read for what it cannot show: a point above the usable
     * cores, allowing for noise, makes a verdict naming the broken measurement; otherwise there is nothing to judge (null).
     */
    static Verdict ofSeries(List<RunResult.SeriesView> series, Judging judging, Map<String, Object> fingerprint) {
        for (RunResult.SeriesView s : series) {
            if (!s.ideal()) {
                continue;
            }
            for (double[] point : s.points()) {
                String compared = s.name() + " at " + s.xLabel() + " = " + ResultBuilder.decimal(point[0]);
                String problem = impossible(point[1], point[1], judging, fingerprint, compared, "one worker");
                if (problem != null) {
                    return new Verdict("broken measurement: faster than the cores allow", point[1], point[1], point[1], false,
                            problem, "one worker", compared, 1);
                }
            }
        }
        return null;
    }

    /** reference ÷ compared, round by round; rounds with a non-positive time are left out. */
    static double[] ratios(List<Double> reference, List<Double> compared) {
        int rounds = Math.min(reference.size(), compared.size());
        return java.util.stream.IntStream.range(0, rounds)
                .filter(i -> reference.get(i) > 0 && compared.get(i) > 0)
                .mapToDouble(i -> reference.get(i) / compared.get(i)).toArray();
    }

    /** The 2.5% and 97.5% points of the median of {@code ratios} resampled with replacement, seeded. */
    static double[] bootstrap(double[] ratios) {
        Random random = new Random(SEED);
        double[] medians = new double[RESAMPLES];
        double[] sample = new double[ratios.length];
        for (int b = 0; b < RESAMPLES; b++) {
            for (int i = 0; i < sample.length; i++) {
                sample[i] = ratios[random.nextInt(ratios.length)];
            }
            medians[b] = median(sample);
        }
        Arrays.sort(medians);
        return new double[]{Statistics.quantile(medians, 0.025), Statistics.quantile(medians, 0.975)};
    }

    /**
     * One sentence when a speedup exceeds what the machine can give: only work that needs parallel cores is capped
     * by them, and only when even the low end of the interval is above the cores, allowing for noise.
     */
    static String impossible(double low, double ratio, Judging judging, Map<String, Object> fingerprint,
                             String compared, String reference) {
        double cores = number(fingerprint.get("usableCores"));
        if (!judging.needsParallel() || cores < 1 || low <= cores * (1 + CORE_NOISE)) {
            return null;
        }
        return String.format(Locale.ROOT, "'%s' read %s× as fast as '%s', but this machine gives experiments %d %s: "
                        + "no parallel work can be that much faster, so this measurement is broken (a variant did less work, "
                        + "or the baseline was slowed by something else). Run it again, or check the code.",
                compared, ResultBuilder.decimal(ratio), reference, (int) cores, cores == 1 ? "core" : "cores");
    }

    /** The machine's state as the run measured it: load above the busy line, or (for parallel work) poor parallelism. */
    static boolean busy(Map<String, Object> fingerprint, Judging judging) {
        double cores = number(fingerprint.get("usableCores"));
        double load = number(fingerprint.get("loadAverage"));
        double parallelism = number(fingerprint.get("effectiveParallelism"));
        return cores >= 1 && load > cores * ResultBuilder.BUSY_LOAD_PER_CORE
                || judging.needsParallel() && cores >= 2 && parallelism > 0 && parallelism < ResultBuilder.POOR_PARALLELISM;
    }

    /** "1.9×", "12×", "1,240×": three significant digits, as the page writes numbers. */
    static String times(double value) {
        return ResultBuilder.decimal(value) + "×";
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        return Statistics.quantile(values, 0.5);
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : -1;
    }
}
