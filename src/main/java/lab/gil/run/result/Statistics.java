package lab.gil.run.result;

import java.util.Arrays;
import java.util.List;

/**
 * Summaries of repeated timings. Medians and quartiles rather than means, because a shared machine adds
 * occasional long outliers; the noise flag follows pyperf's rule of thumb (standard deviation of 10 % or
 * more of the mean), plus a wide min–max spread.
 */
public final class Statistics {
    static final double NOISY_CV = 0.10;
    static final double NOISY_SPREAD = 0.5;

    private Statistics() {
    }

    /** What the chart and table show for one variant. */
    public record Summary(double median, double q1, double q3, double min, double max, double mean, double cv, boolean noisy) {
    }

    public static Summary summarize(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarize");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double mean = Arrays.stream(sorted).average().orElseThrow();
        double cv = mean == 0 || sorted.length < 2 ? 0 : standardDeviation(sorted, mean) / mean;
        double median = quantile(sorted, 0.5);
        double spread = median == 0 ? 0 : (sorted[sorted.length - 1] - sorted[0]) / median;
        boolean noisy = sorted.length >= 2 && (cv >= NOISY_CV || spread >= NOISY_SPREAD);
        return new Summary(median, quantile(sorted, 0.25), quantile(sorted, 0.75), sorted[0], sorted[sorted.length - 1], mean, cv, noisy);
    }

    /** Linear interpolation between closest ranks (the common "type 7" definition). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = (int) Math.ceil(position);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    private static double standardDeviation(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}
