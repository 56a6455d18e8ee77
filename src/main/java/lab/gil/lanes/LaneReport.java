package lab.gil.lanes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The lanes of one run as the result carries them, or the one sentence saying why there are none; warnings when
 * lanes were cut; and the sampler's facts for the fingerprint (its rate and its own CPU time).
 */
public record LaneReport(List<Lane> lanes, Optional<String> unavailable, List<String> warnings, Map<String, Object> facts) {
    /** Intervals all lanes of a run keep together, so a result stays a few hundred kilobytes at most. */
    static final int MAX_INTERVALS = 12_000;

    /** No lanes, for {@code reason}. */
    public static LaneReport unavailable(String reason, Map<String, Object> facts) {
        return new LaneReport(List.of(), Optional.of(reason), List.of(), facts);
    }

    /**
     * Turns what the sampler saw into lanes: times in seconds since the harness's clock zero (the same clock as
     * System.nanoTime, CLOCK_MONOTONIC), or since sampling started when the harness did not say; names from the
     * harness; lanes of one process together, the run's main process first.
     */
    static LaneReport of(LaneSampler.Samples samples, HarnessThreads harness, int hz) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("lanesHz", hz);
        facts.put("lanesCpuSeconds", samples.cpuNanos() < 0 ? null : Math.round(samples.cpuNanos() / 1e3) / 1e6);
        if (samples.failure().isPresent()) {
            return unavailable(samples.failure().get(), facts);
        }
        if (samples.waitsUnnamed()) {
            return unavailable("The kernel did not say what this run's sleeping threads waited on (/proc/PID/wchan), "
                    + "so waiting on a lock cannot be told from other waits and no thread lanes are drawn.", facts);
        }
        long t0 = harness.t0Nanos().orElse(samples.startNanos());
        long mainPid = harness.mainPid() >= 0 ? harness.mainPid()
                : samples.threads().stream().mapToLong(t -> t.pid).findFirst().orElse(-1);
        Map<Long, List<Lane>> byProcess = new LinkedHashMap<>();
        byProcess.put(mainPid, new ArrayList<>());
        int cut = 0;
        for (SampledThread thread : samples.threads()) {
            List<Lane.Interval> intervals = seconds(thread.lane.intervals(), t0);
            if (!intervals.isEmpty()) {
                byProcess.computeIfAbsent(thread.pid, k -> new ArrayList<>())
                        .add(new Lane(name(thread.pid, thread.tid, harness, mainPid), thread.pid, thread.tid, intervals));
                cut += thread.lane.cutAt().isPresent() ? 1 : 0;
            }
        }
        List<Lane> lanes = new ArrayList<>();
        byProcess.values().forEach(lanes::addAll);
        if (lanes.isEmpty()) {
            return unavailable("The run ended before any of its threads could be sampled.", facts);
        }
        int total = lanes.stream().mapToInt(l -> l.intervals().size()).sum();
        int perLane = LaneSampler.LANE_CAP;
        if (total > MAX_INTERVALS) {
            perLane = MAX_INTERVALS / lanes.size();
            int limit = perLane;
            cut = (int) lanes.stream().filter(l -> l.intervals().size() > limit).count();
            lanes.replaceAll(l -> l.intervals().size() <= limit ? l
                    : new Lane(l.name(), l.pid(), l.tid(), List.copyOf(l.intervals().subList(0, limit))));
        }
        List<String> warnings = new ArrayList<>();
        if (cut > 0) {
            warnings.add(String.format(Locale.ROOT, "Thread lanes keep at most %,d intervals each: %d of them end before "
                    + "their thread did.", perLane, cut));
        }
        if (samples.untracked() > 0) {
            warnings.add(String.format(Locale.ROOT, "Only the first %d threads of this run have lanes; %d more were not sampled.",
                    LaneSampler.MAX_THREADS, samples.untracked()));
        }
        return new LaneReport(List.copyOf(lanes), Optional.empty(), warnings, facts);
    }

    /**
     * The harness's name, else one made of the ids: the main process's first thread is {@code MainThread}, another
     * process is {@code pid N} (its harness name when it gave one) and its other threads {@code PROCESS/thread T}.
     */
    static String name(long pid, long tid, HarnessThreads harness, long mainPid) {
        String named = harness.name(pid, tid);
        if (named != null) {
            return named;
        }
        boolean main = pid == mainPid;
        if (tid == pid) {
            return main ? "MainThread" : "pid " + pid;
        }
        String process = harness.name(pid, pid);
        String prefix = main ? "" : (process != null ? process : "pid " + pid) + "/";
        return prefix + "thread " + tid;
    }

    /** Nanosecond intervals as seconds since {@code t0}, rounded to 0.1 ms; what lies before t0 is dropped. */
    static List<Lane.Interval> seconds(List<long[]> intervals, long t0) {
        List<Lane.Interval> result = new ArrayList<>(intervals.size());
        LaneState[] states = LaneState.values();
        for (long[] interval : intervals) {
            double start = Math.max(0, round(interval[0] - t0));
            double end = round(interval[1] - t0);
            if (end > start) {
                result.add(new Lane.Interval(start, end, states[(int) interval[2]].json()));
            }
        }
        return result;
    }

    private static double round(long nanos) {
        return Math.round(nanos / 1e5) / 1e4;
    }
}
