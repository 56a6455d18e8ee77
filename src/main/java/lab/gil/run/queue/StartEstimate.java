package lab.gil.run.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When each waiting execution will likely start: the slots free up as their running executions reach the recent
 * average run time, and each waiting execution, in queue order, takes the slot that frees first.
 */
public final class StartEstimate {
    private StartEstimate() {
    }

    /** Seconds from {@code now} until each of {@code waiting} executions starts, in queue order. */
    public static List<Integer> secondsUntilStart(List<Instant> runningSince, int waiting, int slots, double averageSeconds, Instant now) {
        double[] free = new double[Math.max(1, slots)];
        for (int i = 0; i < Math.min(free.length, runningSince.size()); i++) {
            double elapsed = Duration.between(runningSince.get(i), now).toMillis() / 1000.0;
            free[i] = Math.max(0, averageSeconds - elapsed);
        }
        List<Integer> starts = new ArrayList<>(waiting);
        for (int i = 0; i < waiting; i++) {
            int slot = 0;
            for (int s = 1; s < free.length; s++) {
                if (free[s] < free[slot]) {
                    slot = s;
                }
            }
            starts.add((int) Math.ceil(free[slot]));
            free[slot] += averageSeconds;
        }
        return starts;
    }
}
