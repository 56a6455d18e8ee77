package lab.gil.lanes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's setting for thread lanes ({@code GILLAB_LANES_HZ} samples a second, 0 for none) and the start of
 * one run's sampling.
 */
public final class LaneSampling {
    public static final int DEFAULT_HZ = 500;
    static final int MAX_HZ = 10_000;

    private final int hz;

    public LaneSampling(int hz) {
        if (hz < 0 || hz > MAX_HZ) {
            throw new IllegalArgumentException("GILLAB_LANES_HZ must be between 0 and " + MAX_HZ + ", not " + hz);
        }
        this.hz = hz;
    }

    public int hz() {
        return hz;
    }

    /**
     * Starts sampling the run whose first process is {@code rootPid} as the server sees it, in {@code cgroupDir} if
     * the run has a cgroup, in a pid namespace of its own or not. Call it just before the run is handed its job, and {@link RunLanes#finish} once every
     * process of the run has ended.
     */
    public RunLanes start(long rootPid, Optional<Path> cgroupDir, boolean pidNamespace, String name) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("lanesHz", hz);
        if (hz == 0) {
            return RunLanes.without(LaneReport.unavailable("Thread lanes are turned off on this server (GILLAB_LANES_HZ=0).", facts));
        }
        if (!Files.isDirectory(Path.of("/proc/self/task"))) {
            return RunLanes.without(LaneReport.unavailable("This server has no Linux /proc to read the run's threads from, "
                    + "so no thread lanes were measured.", facts));
        }
        return new RunLanes(LaneSampler.start(rootPid, cgroupDir, pidNamespace, hz, name), hz);
    }

    /** One run's sampling, running until {@link #finish}. */
    public static final class RunLanes implements AutoCloseable {
        private final LaneSampler sampler;
        private final int hz;
        private LaneReport report;

        private RunLanes(LaneSampler sampler, int hz) {
            this.sampler = sampler;
            this.hz = hz;
        }

        private static RunLanes without(LaneReport report) {
            RunLanes lanes = new RunLanes(null, 0);
            lanes.report = report;
            return lanes;
        }

        /** Stops sampling and returns the lanes, named from the harness records among the channel's {@code lines}. */
        public synchronized LaneReport finish(List<String> lines) {
            if (report == null) {
                LaneSampler.Samples samples = sampler.stop();
                report = LaneReport.of(samples, HarnessThreads.read(lines), hz);
            }
            return report;
        }

        /** Stops sampling if it is still going (a run that failed to start); safe to call more than once. */
        @Override
        public synchronized void close() {
            if (report == null) {
                sampler.stop();
                report = LaneReport.unavailable("Sampling stopped before the run ended.", Map.of());
            }
        }
    }
}
