package lab.gil.instructor;

import java.util.ArrayList;
import java.util.List;

/** Equal-width bins with round edges (0.01, 0.02, 0.025, 0.05, 0.1, … wide), at most {@link #MAX_BINS} of them. */
final class Histogram {
    static final int MAX_BINS = 20;
    private static final double[] STEPS = {1, 2, 2.5, 5};

    /** One bar: values from {@code from} (inclusive) to {@code to} (exclusive). */
    record Bin(double from, double to, int count) {
    }

    private Histogram() {
    }

    static List<Bin> of(List<Double> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double width = width(max - min);
        long first = slot(min, width);
        int count = (int) (slot(max, width) - first) + 1;
        int[] counts = new int[count];
        for (double value : values) {
            counts[(int) (slot(value, width) - first)]++;
        }
        List<Bin> bins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bins.add(new Bin(round((first + i) * width), round((first + i + 1) * width), counts[i]));
        }
        return bins;
    }

    /** Which bin a value falls in, counted from zero; the nudge keeps 2.0 / 0.1 in bin 20, not 19.999…. */
    private static long slot(double value, double width) {
        return (long) Math.floor(value / width + 1e-9);
    }

    /** The narrowest round width, at least 0.01, that fits the range into the allowed number of bins. */
    private static double width(double range) {
        for (double scale = 0.01; ; scale *= 10) {
            for (double step : STEPS) {
                if (range / (step * scale) < MAX_BINS - 1) {
                    return step * scale;
                }
            }
        }
    }

    private static double round(double edge) {
        return Math.round(edge * 1e6) / 1e6;
    }
}
