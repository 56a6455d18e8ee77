package lab.gil.run.record;

import lab.gil.run.Run;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The single writer of run states: one thread keeps the writes of a run in the order they happened. A final state
 * the database refuses (it is down, or a statement failed) is kept here, answered from memory, and written again
 * with a growing pause until the database takes it. Nothing a write does ever reaches the worker that asked for it.
 */
public final class RunRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LAST_RETRY = Duration.ofSeconds(10);

    private final RunRepository repository;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "run-recorder");
        thread.setDaemon(true);
        return thread;
    });
    /** Final states not yet in the database (being written, or refused and kept), by run id, oldest first. Guarded by itself. */
    private final Map<String, Run> unwritten = new LinkedHashMap<>();
    private Duration nextRetry = FIRST_RETRY;
    private boolean retryScheduled;
    private volatile Instant lastFinished;
    private volatile Instant lastWritten;

    public RunRecorder(RunRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        // A pending retry must not hold up a stopping server: close() makes the last try itself.
        writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Inserts a new run before it is acknowledged, so a crash right after the answer loses nothing. */
    public void insert(Run run) {
        repository.insert(run);
    }

    /** Records that runs started, beside the run rather than before it; a failure only costs that detail. */
    public void started(List<Run> runs) {
        submit(() -> {
            for (Run run : runs) {
                try {
                    repository.markStarted(run);
                } catch (RuntimeException e) {
                    log.warn("could not record that run {} started: {}", run.id(), e.getMessage());
                }
            }
        });
    }

    /**
     * Records final states after the writes queued before them. The future completes when they are written or,
     * if the database refused them, kept for a later try: it never completes exceptionally.
     */
    public CompletableFuture<Void> finish(List<Run> ended) {
        lastFinished = clock.instant();
        // Until the database has them, the ends are answered from here, so a slow or failing write hides nothing.
        synchronized (unwritten) {
            ended.forEach(run -> unwritten.put(run.id(), run));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!submit(() -> {
            try {
                write(ended);
            } finally {
                done.complete(null);
            }
        })) {
            write(ended);
            done.complete(null);
        }
        return done;
    }

    /** A final state still waiting for the database, if this run has one. */
    public Optional<Run> unwritten(String id) {
        synchronized (unwritten) {
            return Optional.ofNullable(unwritten.get(id));
        }
    }

    /** The final states of one student's runs still waiting for the database, oldest first. */
    public List<Run> unwrittenOf(String student) {
        synchronized (unwritten) {
            return unwritten.values().stream().filter(run -> student.equals(run.student())).toList();
        }
    }

    public int unwrittenCount() {
        synchronized (unwritten) {
            return unwritten.size();
        }
    }

    /** When a run last ended on this server, recorded or not; null before the first. */
    public Instant lastFinished() {
        return lastFinished;
    }

    /** When a final state last reached the database; null before the first. */
    public Instant lastWritten() {
        return lastWritten;
    }

    private void write(List<Run> ended) {
        for (Run run : ended) {
            try {
                if (!repository.updateStatus(run)) {
                    log.info("run {} had already ended; its later end ({}) is not recorded", run.id(), run.status().id());
                }
                lastWritten = clock.instant();
                synchronized (unwritten) {
                    unwritten.remove(run.id());
                }
            } catch (RuntimeException e) {
                log.warn("could not record that run {} ended ({}); kept to write again: {}", run.id(), run.status().id(), e.getMessage());
                keep(run);
            }
        }
    }

    private void keep(Run run) {
        synchronized (unwritten) {
            unwritten.putIfAbsent(run.id(), run);
            if (!retryScheduled) {
                retryScheduled = true;
                schedule(nextRetry);
            }
        }
    }

    private void retry() {
        List<Run> waiting;
        synchronized (unwritten) {
            retryScheduled = false;
            nextRetry = min(nextRetry.multipliedBy(2), LAST_RETRY);
            waiting = new ArrayList<>(unwritten.values());
        }
        int before = waiting.size();
        write(waiting);
        int after;
        synchronized (unwritten) {
            after = unwritten.size();
            if (after == 0) {
                nextRetry = FIRST_RETRY;
            }
        }
        if (after < before) {
            log.info("recorded {} run ends kept while the database was unreachable; {} still waiting", before - after, after);
        }
    }

    private void schedule(Duration delay) {
        try {
            writer.schedule(this::retry, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.debug("the server is stopping; {} run ends stay unwritten", unwrittenCount());
        }
    }

    private boolean submit(Runnable task) {
        try {
            writer.execute(task);
            return true;
        } catch (RejectedExecutionException stopping) {
            return false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops the writer after the writes already queued; run ends still unwritten are tried once more. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Run> waiting;
        synchronized (unwritten) {
            waiting = new ArrayList<>(unwritten.values());
        }
        if (!waiting.isEmpty()) {
            write(waiting);
            if (unwrittenCount() > 0) {
                log.warn("{} run ends could not be recorded before the server stopped; they will show as interrupted", unwrittenCount());
            }
        }
    }
}
