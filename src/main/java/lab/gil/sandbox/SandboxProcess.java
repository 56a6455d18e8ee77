package lab.gil.sandbox;

import lab.gil.sandbox.CgroupTree.RunCgroup;
import lab.gil.sandbox.Outcome.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One contained run. Its output is read as it comes; {@link #await} ends it at the wall-clock limit and returns the
 * {@link Outcome}. Whatever ends the run (its own exit, a limit, {@link #kill}, {@link #close}), every process it
 * started is killed before {@code await} returns; {@link #close} then removes its cgroup, which the caller may put
 * off until it has reported the outcome.
 */
public final class SandboxProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SandboxProcess.class);
    private static final int SIGXCPU_EXIT = 128 + 24;
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final long TERM_GRACE_MS = 250;
    private static final long DRAIN_MS = 2000;

    private final Process process;
    private final Limits limits;
    private final Optional<RunCgroup> cgroup;
    private final boolean pidNamespace;
    private final OutputCapture output;
    private volatile long startNanos = System.nanoTime();
    private final AtomicReference<Reason> stopReason = new AtomicReference<>();
    private final Object awaitLock = new Object();
    private final Object killLock = new Object();
    private Outcome outcome;
    private boolean removed;

    SandboxProcess(Process process, Limits limits, Optional<RunCgroup> cgroup, boolean pidNamespace, String name) {
        this.process = process;
        this.limits = limits;
        this.cgroup = cgroup;
        this.pidNamespace = pidNamespace;
        this.output = new OutputCapture(process.getInputStream(), process.getErrorStream(), limits.outputBytes(),
                () -> stop(Reason.OUTPUT_LIMIT), name);
    }

    /**
     * Starts the wall-clock limit afresh. A pre-started interpreter waits idle for its job; its time
     * starts when the job is handed over, not when the process did.
     */
    public void restartClock() {
        startNanos = System.nanoTime();
    }

    /** Whether the contained program is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The host pid of the run's first process (with bubblewrap, bwrap's own), for reading the run's /proc from outside. */
    public long pid() {
        return process.pid();
    }

    /** The run's cgroup folder (the first hierarchy's, with cgroup v1), whose thread list names every thread of the run. */
    public Optional<Path> cgroupDir() {
        return cgroup.map(group -> group.procsFiles().get(0).getParent());
    }

    /** Whether the run has a pid namespace of its own (bubblewrap), whose pid 1 is bwrap rather than the program. */
    public boolean hasPidNamespace() {
        return pidNamespace;
    }

    /** The program's standard input; close it to give the program end of file. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /**
     * Waits for the run to end, at most until the wall-clock limit, then kills whatever of it is left and returns how
     * it ended. Later calls return the same outcome. An interrupt ends the run as {@link Reason#KILLED}.
     */
    public Outcome await() {
        synchronized (awaitLock) {
            if (outcome == null) {
                outcome = finish();
            }
            return outcome;
        }
    }

    /** Stops the run now; {@link #await} then reports {@link Reason#KILLED} unless a limit had already ended it. */
    public void kill() {
        stop(Reason.KILLED);
    }

    /** Kills the run if it is still going and releases everything it held. Safe to call more than once. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        await();
        synchronized (awaitLock) {
            if (!removed) {
                removed = true;
                cgroup.ifPresent(RunCgroup::remove);
            }
        }
    }

    private Outcome finish() {
        boolean interrupted = false;
        try {
            long left = limits.wall().toNanos() - (System.nanoTime() - startNanos);
            if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                stop(Reason.WALL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            stop(Reason.KILLED);
        }
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
        killLeftovers();
        try {
            output.awaitEnd(DRAIN_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        Optional<Duration> cpu = cgroup.flatMap(RunCgroup::cpu);
        long oomKills = cgroup.map(RunCgroup::oomKills).orElse(0L);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        int exitCode = process.exitValue();
        Reason reason = reason(exitCode, oomKills, cpu);
        return new Outcome(exitCode, reason, output.stdout(), output.stderr(), output.truncated(), wall, cpu);
    }

    private Reason reason(int exitCode, long oomKills, Optional<Duration> cpu) {
        Reason stopped = stopReason.get();
        // A process killed for memory often leaves the rest waiting for it (a Pool does) until the wall limit.
        if (oomKills > 0 && (stopped == null || stopped == Reason.WALL_TIMEOUT)) {
            return Reason.MEMORY_LIMIT;
        }
        if (stopped != null) {
            return stopped;
        }
        if (exitCode == SIGXCPU_EXIT) {
            return Reason.CPU_LIMIT;
        }
        // The hard CPU limit, a second after SIGXCPU, kills with SIGKILL: recognisable only if the CPU was measured.
        boolean usedCpuLimit = cpu.map(c -> c.compareTo(limits.cpu()) >= 0).orElse(false);
        return exitCode == SIGKILL_EXIT && usedCpuLimit ? Reason.CPU_LIMIT : Reason.NONE;
    }

    private void stop(Reason reason) {
        stopReason.compareAndSet(null, reason);
        synchronized (killLock) {
            if (!process.isAlive()) {
                return;
            }
            try {
                if (pidNamespace) {
                    killNamespace();
                } else {
                    terminateThenKill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
            killLeftovers();
        }
    }

    /**
     * SIGKILL to the namespace's init (bwrap's only child) makes the kernel kill every process of the run at once.
     * Killing the outer bwrap instead would rely on the death signal its child sets for itself, and a run killed in
     * its first milliseconds could slip out before it is set; so the outer one is left to exit on its own.
     */
    private void killNamespace() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (process.isAlive() && System.nanoTime() < deadline) {
            List<ProcessHandle> inits = process.children().toList();
            inits.forEach(ProcessHandle::destroyForcibly);
            process.waitFor(inits.isEmpty() ? 2 : 100, TimeUnit.MILLISECONDS);
        }
    }

    /** Without a pid namespace: SIGTERM gives a well-behaved program a moment to flush, then SIGKILL. */
    private void terminateThenKill() throws InterruptedException {
        Set<Long> seen = runPids();
        process.destroy();
        seen.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        process.waitFor(TERM_GRACE_MS, TimeUnit.MILLISECONDS);
        process.destroyForcibly();
        CgroupFiles.killEach(List.copyOf(seen));
    }

    /**
     * Kills every process of the run that is still there. With a cgroup that is exact; in a pid namespace the kernel
     * already did it when bwrap's init died; otherwise the run's session and the descendants still attached to it
     * are what can be found.
     */
    private void killLeftovers() {
        synchronized (killLock) {
            if (cgroup.isPresent()) {
                try {
                    cgroup.get().killAll();
                } catch (IOException e) {
                    log.warn("could not kill the cgroup of sandbox process {}: {}", process.pid(), e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!pidNamespace) {
                CgroupFiles.killEach(List.copyOf(runPids()));
            }
        }
    }

    /** Without a pid namespace: descendants of the run's first process and members of the session it started. */
    private Set<Long> runPids() {
        Set<Long> pids = new HashSet<>(ProcFs.inSession(process.pid()));
        process.descendants().forEach(child -> pids.add(child.pid()));
        pids.remove(ProcessHandle.current().pid());
        return pids;
    }
}
