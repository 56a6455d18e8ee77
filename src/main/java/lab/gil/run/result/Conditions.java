package lab.gil.run.result;

import lab.gil.lesson.Judging;
import lab.gil.run.RunResult;
import lab.gil.run.RunResult.Condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The conditions a run was measured under, as one badge the page shows after the chart: good, a busy machine, or a
 * machine that cannot show parallelism, with the sentences behind it. Core warnings go only to experiments that
 * declare {@code needs: parallel}: a sleeping, counting or memory experiment teaches the same on one core.
 */
final class Conditions {
    static final double BUSY_LOAD_PER_CORE = 0.75;
    static final double POOR_PARALLELISM = 1.5;

    private Conditions() {
    }

    static RunResult.Conditions of(Map<String, Object> fingerprint, List<RunResult.Repetitions> repetitions,
                                   List<String> dataNotes, Judging judging) {
        List<Condition> items = new ArrayList<>();
        double cores = number(fingerprint.get("usableCores"));
        double load = number(fingerprint.get("loadAverage"));
        double parallelism = number(fingerprint.get("effectiveParallelism"));
        List<RunResult.Repetitions> noisy = repetitions.stream().filter(RunResult.Repetitions::noisy).toList();
        if (judging.needsParallel() && cores == 1) {
            items.add(new Condition("no-parallelism", "This server gives experiments one usable core: threads and processes "
                    + "cannot run in parallel here, so no speedup from parallelism can show."));
        }
        if (judging.needsParallel() && cores >= 2 && parallelism > 0 && parallelism < POOR_PARALLELISM) {
            items.add(new Condition("no-parallelism", String.format(Locale.ROOT, "Right now %d processes finish only %s× as fast "
                    + "as one on this machine (its cores are shared): expect less than the ideal speedup.", (int) cores,
                    ResultBuilder.decimal(parallelism))));
        }
        // Load explains noise and hides parallelism; for anything else a busy machine changes nothing worth a warning.
        if (cores >= 1 && load > cores * BUSY_LOAD_PER_CORE && (judging.needsParallel() || !noisy.isEmpty())) {
            items.add(new Condition("busy", String.format(Locale.ROOT, "The machine was busy when this run started (load %s on "
                    + "%d %s): timings are less reliable than usual.", ResultBuilder.decimal(load), (int) cores, cores == 1 ? "core" : "cores")));
        }
        if (!noisy.isEmpty()) {
            items.add(new Condition("noisy", "Noisy timings: " + noisy.stream().map(r -> String.format(Locale.ROOT,
                    "'%s' varied by %.0f%% (%s to %s)", r.variant(), r.cv() * 100, ResultBuilder.seconds(r.min()),
                    ResultBuilder.seconds(r.max()))).collect(Collectors.joining(", ")) + ". Run again with more repetitions."));
        }
        dataNotes.forEach(note -> items.add(new Condition("data", note)));
        return new RunResult.Conditions(state(items), List.copyOf(items));
    }

    /** The worst of the items: no parallelism over busy over good (notes about cut data change nothing). */
    private static String state(List<Condition> items) {
        if (items.stream().anyMatch(i -> i.kind().equals("no-parallelism"))) {
            return "no-parallelism";
        }
        return items.stream().anyMatch(i -> i.kind().equals("busy") || i.kind().equals("noisy")) ? "busy" : "good";
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : -1;
    }
}
