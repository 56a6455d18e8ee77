package lab.gil.run.nodes;

import lab.gil.run.Run;
import lab.gil.run.RunStatus;
import lab.gil.run.execution.Executor;
import lab.gil.run.execution.ExperimentRunner.Execution;
import lab.gil.run.execution.ExperimentRunner.Job;
import lab.gil.run.record.RunRecorder;
import lab.gil.run.record.RunRepository;
import lab.gil.run.result.ResultJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A node's share of the work: one thread per slot claims the next execution from the shared queue, runs it, records
 * its runs' ends and tells every node; the heartbeat ({@link Heartbeat}) says the node is alive. A run is claimed
 * once and never queued again: if this node dies mid-run, another node marks it interrupted.
 */
public final class RunnerNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunnerNode.class);
    private static final long IDLE_WAIT_MS = 1000;
    static final String STOPPED = "The runner node running it stopped before this run finished. Run it again.";

    private final ExecutionTable table;
    private final NodeChannel channel;
    private final Executor executor;
    private final Function<ExecutionTable.Request, Job> planner;
    private final RunRecorder recorder;
    private final RunRepository repository;
    private final String name;
    private final int slots;
    private final Duration wallLimit;
    private final Clock clock;
    private final Object wake = new Object();
    private final List<Thread> threads = new ArrayList<>();
    /** What this node is running: each execution's cancel flag, which the heartbeat raises when nobody wants it. */
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();
    private volatile boolean closed;

    RunnerNode(ExecutionTable table, NodeChannel channel, Executor executor, Function<ExecutionTable.Request, Job> planner,
               RunRecorder recorder, RunRepository repository, String name, int slots, Duration wallLimit, Clock clock) {
        this.table = table;
        this.channel = channel;
        this.executor = executor;
        this.planner = planner;
        this.recorder = recorder;
        this.repository = repository;
        this.name = name;
        this.slots = slots;
        this.wallLimit = wallLimit;
        this.clock = clock;
        channel.onSignal(signal -> {
            if (Boolean.TRUE.equals(signal.q())) {
                synchronized (wake) {
                    wake.notifyAll();
                }
            }
        });
    }

    void start() {
        for (int i = 0; i < slots; i++) {
            int slot = i;
            Thread worker = new Thread(() -> work(slot), "runner-" + i);
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
    }

    int slots() {
        return slots;
    }

    long alive() {
        return threads.stream().filter(Thread::isAlive).count();
    }

    /** Raises the cancel flag of every execution of this node that nobody wants any more (read by the heartbeat). */
    void checkCancelled() {
        for (Map.Entry<String, AtomicBoolean> entry : running.entrySet()) {
            if (table.cancelled(entry.getKey())) {
                entry.getValue().set(true);
            }
        }
    }

    private void work(int slot) {
        while (!closed) {
            Optional<ExecutionTable.Claimed> claimed;
            try {
                claimed = table.claim(name);
            } catch (RuntimeException e) {
                log.warn("could not take a run from the shared queue: {}", e.getMessage());
                claimed = Optional.empty();
            }
            if (claimed.isEmpty()) {
                idle(slot);
                continue;
            }
            try {
                execute(claimed.get(), slot);
            } catch (Throwable e) {
                log.error("execution {} failed in the runner", claimed.get().id(), e);
            }
        }
    }

    private void idle(int slot) {
        try {
            executor.idle(slot);
        } catch (RuntimeException e) {
            log.warn("upkeep between runs failed: {}", e.getMessage());
        }
        synchronized (wake) {
            try {
                wake.wait(IDLE_WAIT_MS);
            } catch (InterruptedException e) {
                closed = true;
            }
        }
    }

    private void execute(ExecutionTable.Claimed claimed, int slot) {
        String id = claimed.id();
        AtomicBoolean cancelled = new AtomicBoolean();
        running.put(id, cancelled);
        // The runs as they started, to record their ends even if the database is away by then.
        Map<String, Run> started = new java.util.HashMap<>();
        claimed.runs().forEach(runId -> find(runId).ifPresent(run -> started.put(runId, run)));
        channel.send(Signal.progress(id, null, "", 0, wallLimit.toSeconds()));
        channel.send(Signal.queueChanged());
        Execution outcome;
        try {
            Job job = planner.apply(claimed.request());
            double limit = job.timeout().orElse(wallLimit).toSeconds();
            outcome = executor.run(slot, job, progress -> channel.send(Signal.progress(id, progress.fraction(), progress.message(),
                    progress.elapsedSeconds(), limit)), cancelled);
        } catch (IllegalArgumentException | lab.gil.run.RunRefused e) {
            outcome = new Execution(RunStatus.FAILED, e.getMessage(), null);
        } catch (Exception e) {
            log.error("an execution could not run", e);
            outcome = new Execution(RunStatus.FAILED, "The runner node could not start the interpreter: " + e.getMessage(), null);
        }
        try {
            if (closed) {
                outcome = new Execution(RunStatus.INTERRUPTED, STOPPED, outcome.result(), outcome.release());
            }
            finish(claimed, outcome, started);
        } finally {
            running.remove(id);
            try {
                outcome.release().run();
            } catch (RuntimeException e) {
                log.warn("freeing what a run left behind failed: {}", e.toString());
            }
        }
    }

    /** Records the end of every run still attached, then forgets the execution and tells every node it ended. */
    private void finish(ExecutionTable.Claimed claimed, Execution outcome, Map<String, Run> known) {
        String result;
        RunStatus status = outcome.status();
        String error = outcome.error();
        try {
            result = ResultJson.of(outcome.result());
        } catch (RuntimeException e) {
            log.error("the result of an execution could not be kept", e);
            status = RunStatus.FAILED;
            error = "The runner node could not keep this run's result. It has been logged.";
            result = null;
        }
        Instant finished = clock.instant();
        List<Run> ended = new ArrayList<>();
        for (String runId : attached(claimed)) {
            Optional<Run> run = known.containsKey(runId) ? Optional.of(known.get(runId)) : find(runId);
            if (run.isPresent()) {
                Instant started = run.get().startedAt() == null ? claimed.startedAt() : run.get().startedAt();
                ended.add(run.get().withStatus(status, error, result, started, finished));
            }
        }
        recorder.finish(ended).join();
        // An end the database refused is written again later; until then the execution stays, and the sweep forgets it
        // once its runs are recorded.
        if (ended.stream().allMatch(run -> recorder.unwritten(run.id()).isEmpty())) {
            try {
                table.remove(claimed.id());
            } catch (RuntimeException e) {
                log.warn("could not forget execution {} (it is swept once its runs are recorded): {}", claimed.id(), e.getMessage());
            }
        }
        channel.send(Signal.ended(claimed.id()));
        channel.send(Signal.queueChanged());
    }

    private List<String> attached(ExecutionTable.Claimed claimed) {
        try {
            return table.ending(claimed.id());
        } catch (RuntimeException e) {
            // The database is away: the runs that started with the execution are the ones to end.
            return claimed.runs();
        }
    }

    private Optional<Run> find(String id) {
        try {
            return repository.find(id);
        } catch (RuntimeException e) {
            log.warn("could not read run {} to record its end: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    /** Stops taking runs; running executions are told to stop and end interrupted. */
    @Override
    public void close() {
        closed = true;
        running.values().forEach(flag -> flag.set(true));
        synchronized (wake) {
            wake.notifyAll();
        }
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
