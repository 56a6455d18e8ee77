package lab.gil.run.result;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run's thread lanes ({@code result.lanes}) say, as shares a {@code # check:} condition can read:
 * {@code lanes_overlap}, the share of the time any thread was running during which two or more were running at once;
 * {@code lanes_lock_share} and {@code lanes_syscall_share}, the share of all the threads' sampled time spent waiting on
 * a lock or in a system call. Every thread of the run counts, the main thread too (waiting in {@code join()} is a lock).
 */
public final class LaneFacts {
    private LaneFacts() {
    }

    /** @return the three facts, or an empty map when the run has no lanes */
    public static Map<String, Double> of(JsonNode lanes) {
        Map<String, Double> facts = new LinkedHashMap<>();
        if (!lanes.isArray() || lanes.isEmpty()) {
            return facts;
        }
        List<double[]> edges = new ArrayList<>();  // {time, +1 or -1} of every running interval
        double total = 0, lock = 0, syscall = 0;
        for (JsonNode lane : lanes) {
            for (JsonNode interval : lane.path("intervals")) {
                double start = interval.path(0).asDouble(), end = interval.path(1).asDouble();
                String state = interval.path(2).asText();
                double length = Math.max(0, end - start);
                total += length;
                switch (state) {
                    case "lock" -> lock += length;
                    case "syscall" -> syscall += length;
                    case "running" -> {
                        edges.add(new double[] {start, 1});
                        edges.add(new double[] {end, -1});
                    }
                    default -> {
                    }
                }
            }
        }
        if (total <= 0) {
            return facts;
        }
        facts.put("lanes_overlap", overlap(edges));
        facts.put("lanes_lock_share", lock / total);
        facts.put("lanes_syscall_share", syscall / total);
        return facts;
    }

    /** Time with two or more intervals open ÷ time with one or more open; an interval's end comes before a start at the same time. */
    static double overlap(List<double[]> edges) {
        edges.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        double anyRunning = 0, together = 0, last = 0;
        int open = 0;
        for (double[] edge : edges) {
            double span = edge[0] - last;
            if (open >= 1) {
                anyRunning += span;
            }
            if (open >= 2) {
                together += span;
            }
            open += (int) edge[1];
            last = edge[0];
        }
        return anyRunning > 0 ? together / anyRunning : 0;
    }
}
