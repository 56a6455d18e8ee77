package lab.gil.lanes;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples every thread of one run on a thread of its own, at a fixed rate, from outside the interpreter: each round
 * lists the run's threads ({@link RunTasks}), reads each one's state from {@code /proc/PID/task/TID/stat} and, when it
 * sleeps, what it sleeps on from {@code wchan} (one pread each, into one reused buffer), and feeds its
 * {@link ThreadLane}. A round that comes late (the machine is busy) is not made up for: the next one follows at once
 * and the rate goes on from there.
 */
public final class LaneSampler {
    /** Threads sampled at most; the sandbox allows 64 processes and threads together by default. */
    static final int MAX_THREADS = 64;
    /** Intervals one lane keeps. */
    static final int LANE_CAP = 2_000;
    private static final byte[] FUTEX = {'f', 'u', 't', 'e', 'x'};

    private final RunTasks tasks;
    private final long periodNanos;
    private final long startNanos;
    private final Map<Long, SampledThread> live = new HashMap<>();
    private final List<SampledThread> all = new ArrayList<>();
    private final boolean pidNamespace;
    /** Host tids never sampled (again): the sandbox's own processes, and threads that ended. */
    private final Set<Long> skipped = new HashSet<>();
    private final Set<Long> untracked = new HashSet<>();
    private final RunTasks.Tids tids = new RunTasks.Tids();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
    private final Thread thread;
    private volatile boolean stopping;
    private long round;
    private long sleepingSamples;
    private long namedWaits;
    private long cpuNanos = -1;
    private String failure;

    private LaneSampler(RunTasks tasks, boolean pidNamespace, int hz, String name) {
        this.tasks = tasks;
        this.pidNamespace = pidNamespace;
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / hz;
        this.startNanos = System.nanoTime();
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
    }

    /**
     * Starts sampling the run whose first process is {@code rootPid} (a host pid), in {@code cgroupDir} if it has one.
     * With {@code pidNamespace} (bubblewrap), the run is what lives in its namespace except pid 1, bwrap's init.
     */
    static LaneSampler start(long rootPid, Optional<Path> cgroupDir, boolean pidNamespace, int hz, String name) {
        LaneSampler sampler = new LaneSampler(RunTasks.of(rootPid, cgroupDir), pidNamespace, hz, name);
        sampler.thread.start();
        return sampler;
    }

    /** Stops sampling (waiting for the sampling thread to end) and returns what was seen. */
    Samples stop() {
        stopping = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new Samples(List.copyOf(all), startNanos, periodNanos, round, cpuNanos, untracked.size(),
                sleepingSamples >= 10 && namedWaits == 0, Optional.ofNullable(failure));
    }

    private void loop() {
        long next = System.nanoTime();
        try {
            while (!stopping) {
                sampleRound();
                next += periodNanos;
                long now = System.nanoTime();
                if (next - now < 0) {
                    next = now;
                }
                LockSupport.parkNanos(next - now);
            }
        } catch (AccessDeniedException e) {
            failure = "The server may not read /proc of this run's threads (" + e.getFile() + "), so no thread lanes were measured.";
        } catch (IOException | RuntimeException e) {
            failure = "Reading this run's threads from /proc failed (" + e + "), so no thread lanes were measured.";
        } finally {
            live.values().forEach(t -> {
                t.lane.end();
                t.close();
            });
            live.clear();
            cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
    }

    private void sampleRound() throws IOException {
        tasks.list(tids);
        round++;
        for (int i = 0; i < tids.size(); i++) {
            long tid = tids.get(i);
            SampledThread sampled = live.get(tid);
            if (sampled == null) {
                sampled = track(tid);
                if (sampled == null) {
                    continue;
                }
            }
            sampled.seenInRound = round;
            sample(sampled);
        }
        live.values().removeIf(t -> {
            if (t.seenInRound == round) {
                return false;
            }
            skipped.add(t.hostTid); // a tid listed again (a thread not yet reaped) is not a new thread
            t.lane.end();
            t.close();
            return true;
        });
    }

    /** Starts following a thread seen for the first time; null for the sandbox's own processes and the gone. */
    private SampledThread track(long tid) throws IOException {
        if (skipped.contains(tid) || untracked.contains(tid)) {
            return null;
        }
        if (all.size() >= MAX_THREADS) {
            untracked.add(tid);
            return null;
        }
        SampledThread sampled;
        try {
            sampled = SampledThread.open(tid, new ThreadLane(periodNanos, LANE_CAP));
        } catch (AccessDeniedException e) {
            throw e;
        } catch (IOException e) {
            return null; // it ended between the listing and the look
        }
        if (sampled == null || (pidNamespace && (!sampled.nested || sampled.pid == 1))) {
            // bubblewrap's own processes hold the run's namespaces; they are not the run.
            skipped.add(tid);
            if (sampled != null) {
                sampled.close();
            }
            return null;
        }
        live.put(tid, sampled);
        all.add(sampled);
        return sampled;
    }

    private void sample(SampledThread sampled) {
        long at = System.nanoTime();
        LaneState state;
        try {
            int n = pread(sampled.stat());
            byte code = n > 0 ? stateCode(n) : (byte) 'X';
            if (code == 'R') {
                state = LaneState.RUNNING;
            } else if (code == 'S' || code == 'D') {
                state = sleepingOn(sampled);
            } else if (code == 'Z' || code == 'X' || code == 'x') {
                state = null;
            } else {
                return; // stopped or traced: neither running nor waiting, so this sample says nothing
            }
        } catch (IOException e) {
            state = null; // ESRCH: the thread is gone
        }
        if (state == null) {
            sampled.seenInRound = -1; // its lane ends with this round
            return;
        }
        sampled.lane.sample(at, state);
    }

    private LaneState sleepingOn(SampledThread sampled) throws IOException {
        int n = pread(sampled.wchan());
        sleepingSamples++;
        if (n <= 0 || (n == 1 && buffer.get(0) == '0')) {
            return LaneState.RUNNING; // it woke between the two reads (or the kernel would not say)
        }
        namedWaits++;
        return contains(n, FUTEX) ? LaneState.LOCK : LaneState.SYSCALL;
    }

    private int pread(java.nio.channels.FileChannel channel) throws IOException {
        buffer.clear();
        return channel.read(buffer, 0);
    }

    /** The state letter of a stat line: two bytes after the last ')', since the name in parentheses may hold anything. */
    private byte stateCode(int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (buffer.get(i) == ')') {
                return i + 2 < length ? buffer.get(i + 2) : (byte) '?';
            }
        }
        return '?';
    }

    private boolean contains(int length, byte[] word) {
        outer:
        for (int i = 0; i + word.length <= length; i++) {
            for (int j = 0; j < word.length; j++) {
                if (buffer.get(i + j) != word[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * What sampling saw: every thread followed (with its lane), when sampling started, its period, rounds done, the
     * sampler's own CPU time, threads left out over the cap, whether the kernel never named a wait (so lock and
     * syscall cannot be told apart), and why sampling failed, if it did.
     */
    record Samples(List<SampledThread> threads, long startNanos, long periodNanos, long rounds, long cpuNanos,
                   int untracked, boolean waitsUnnamed, Optional<String> failure) {
    }
}
