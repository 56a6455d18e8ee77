package lab.gil.run.queue;

import lab.gil.interpreter.Interpreter;
import lab.gil.run.Run;
import lab.gil.run.RunEvent;
import lab.gil.run.RunStatus;
import lab.gil.run.events.RunEvents;
import lab.gil.run.execution.Executor;
import lab.gil.run.execution.ExperimentRunner.Execution;
import lab.gil.run.record.RunRecorder;
import lab.gil.run.result.ResultJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker threads: take → execute → record → announce → release. Whatever fails in one run's life ends at most
 * that run, with a status and a sentence; the worker then takes the next.
 */
public final class RunWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunWorkers.class);
    private static final Duration IDLE_CHECK = Duration.ofSeconds(2);
    static final String SERVER_FAULT = "The server failed while handling this run. It has been logged; run it again.";

    private final RunQueue queue;
    private final Executor executor;
    private final RunRecorder recorder;
    private final RunEvents events;
    private final Duration wallLimit;
    private final Clock clock;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong faults = new AtomicLong();
    /** The place each waiting run was last told. */
    private final Map<String, RunQueue.Place> announced = new HashMap<>();

    public RunWorkers(RunQueue queue, Executor executor, RunRecorder recorder, RunEvents events, Duration wallLimit, Clock clock) {
        this.queue = queue;
        this.executor = executor;
        this.recorder = recorder;
        this.events = events;
        this.wallLimit = wallLimit;
        this.clock = clock;
    }

    public void start(int count) {
        for (int i = 0; i < count; i++) {
            int slot = i;
            Thread worker = new Thread(() -> work(slot), "run-worker-" + i);
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
    }

    /** Workers still taking runs (all of them, unless the server is stopping). */
    public long alive() {
        return threads.stream().filter(Thread::isAlive).count();
    }

    /** Runs that ended because of a fault of the server rather than of the run. */
    public long faults() {
        return faults.get();
    }

    private void work(int slot) {
        while (true) {
            RunQueue.Taken taken;
            try {
                taken = queue.take(IDLE_CHECK);
            } catch (InterruptedException e) {
                return;
            }
            if (taken == null) {
                idleUpkeep(slot);
                continue;
            }
            try {
                execute(taken, slot);
            } catch (Throwable e) {
                // Nothing should arrive here; if something does, it ends this run and never the worker.
                faults.incrementAndGet();
                log.error("run {} failed in the server", taken.runs().isEmpty() ? "?" : taken.runs().get(0).id(), e);
                endAfterFault(taken.execution());
            }
        }
    }

    private void idleUpkeep(int slot) {
        try {
            executor.idle(slot);
        } catch (RuntimeException e) {
            log.warn("upkeep between runs failed: {}", e.getMessage());
        }
    }

    private void execute(RunQueue.Taken taken, int slot) {
        QueuedExecution execution = taken.execution();
        Instant started = taken.runs().isEmpty() ? clock.instant() : taken.runs().get(0).startedAt();
        // The API answers from memory while the run runs; the database learns it started beside the run, not before
        // it. A crash meanwhile loses nothing: queued and running runs alike are marked interrupted at the restart.
        recorder.started(taken.runs());
        announce(execution, RunStatus.RUNNING, null, "", 0);
        announcePositions();
        Execution outcome = run(execution, slot);
        try {
            finish(execution, queue.closed() ? new Execution(RunStatus.INTERRUPTED,
                    "The server stopped before this run finished. Run it again.", outcome.result()) : outcome, started);
        } finally {
            release(outcome);
        }
    }

    private Execution run(QueuedExecution execution, int slot) {
        Interpreter interpreter = execution.job.interpreter();
        try {
            // An operator may uninstall an interpreter while the server runs; say so instead of a sandbox error.
            if (!interpreter.present()) {
                return new Execution(RunStatus.FAILED, "The interpreter " + interpreter.name() + " is not available on this server any more.", null);
            }
            return executor.run(slot, execution.job, progress -> announce(execution, RunStatus.RUNNING, progress.fraction(),
                    progress.message(), progress.elapsedSeconds()), execution.cancelled);
        } catch (Exception e) {
            log.error("an execution of {} could not run", interpreter.name(), e);
            return new Execution(RunStatus.FAILED, "The server could not start the interpreter: " + e.getMessage(), null);
        }
    }

    private void finish(QueuedExecution execution, Execution outcome, Instant started) {
        String result;
        try {
            result = ResultJson.of(outcome.result());
        } catch (RuntimeException e) {
            log.error("the result of an execution could not be kept", e);
            outcome = new Execution(RunStatus.FAILED, "The server could not keep this run's result. It has been logged.", null);
            result = null;
        }
        Instant finished = clock.instant();
        List<Run> done = queue.finish(execution, Duration.between(started, finished));
        end(done, outcome.status(), outcome.error(), result, started, finished);
    }

    /** Records and announces the end: watchers prepare while it is written, and hear of it only once it is. */
    private void end(List<Run> done, RunStatus status, String error, String result, Instant started, Instant finished) {
        List<Run> ended = new ArrayList<>();
        List<RunEvent> endings = new ArrayList<>();
        double elapsed = Duration.between(started, finished).toMillis() / 1000.0;
        for (Run run : done) {
            ended.add(run.withStatus(status, error, result, run.startedAt() == null ? started : run.startedAt(), finished));
            endings.add(new RunEvent(run.id(), status, 0, 1.0, "", elapsed, wallLimit.toSeconds(), error));
        }
        var recorded = recorder.finish(ended);
        endings.forEach(events::prepare);
        recorded.join();
        endings.forEach(events::publish);
        if (!queue.closed()) {
            announcePositions();
        }
    }

    /** After a fault: whatever runs the execution still holds end failed, so none stays running for good. */
    private void endAfterFault(QueuedExecution execution) {
        try {
            Instant now = clock.instant();
            end(queue.finish(execution, Duration.ZERO), RunStatus.FAILED, SERVER_FAULT, null, now, now);
        } catch (Throwable e) {
            log.error("could not end the runs of a failed execution", e);
        }
    }

    private void release(Execution outcome) {
        try {
            outcome.release().run();
        } catch (RuntimeException e) {
            log.warn("freeing what a run left behind failed: {}", e.toString());
        }
    }

    private void announce(QueuedExecution execution, RunStatus status, Double fraction, String message, double elapsed) {
        double limit = execution.job.timeout().orElse(wallLimit).toSeconds();
        for (Run run : queue.runsOf(execution)) {
            events.publish(new RunEvent(run.id(), status, 0, fraction, message, elapsed, limit, null));
        }
    }

    /**
     * Tells every waiting run whose place or estimated start changed where it stands. One announcement at a time, so a
     * page never receives an older place after a newer one.
     */
    public void announcePositions() {
        synchronized (announced) {
            List<RunQueue.Place> places = queue.places();
            Map<String, RunQueue.Place> now = new HashMap<>();
            for (RunQueue.Place place : places) {
                now.put(place.id(), place);
                if (!place.equals(announced.get(place.id()))) {
                    events.publish(new RunEvent(place.id(), RunStatus.QUEUED, place.position(), null, "", 0,
                            wallLimit.toSeconds(), null, place.startsInSeconds()));
                }
            }
            announced.clear();
            announced.putAll(now);
        }
    }

    /** Stops the workers; a running execution was told to stop by the queue's close. */
    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
    }
}
