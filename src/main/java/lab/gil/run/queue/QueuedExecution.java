package lab.gil.run.queue;

import lab.gil.run.Run;
import lab.gil.run.execution.ExperimentRunner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** One execution and the runs (the first asked, then identical ones) attached to it. Mutated only under the queue's lock. */
public final class QueuedExecution {
    final String key;
    final ExperimentRunner.Job job;
    /** Arrival order, which breaks ties between executions of the same round. */
    final long seq;
    final List<Run> runs = new ArrayList<>();
    /** Each attached run's round (see {@link Rounds}); the execution waits in the lowest of them. */
    final Map<String, Integer> rounds = new HashMap<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    boolean running;
    Instant startedAt;

    QueuedExecution(String key, ExperimentRunner.Job job, long seq) {
        this.key = key;
        this.job = job;
        this.seq = seq;
    }

    void attach(Run run, int round) {
        runs.add(run);
        rounds.put(run.id(), round);
    }

    void detach(Run run) {
        runs.remove(run);
        rounds.remove(run.id());
    }

    int round() {
        return rounds.values().stream().mapToInt(Integer::intValue).min().orElse(Integer.MAX_VALUE);
    }

    public ExperimentRunner.Job job() {
        return job;
    }

    public AtomicBoolean cancelled() {
        return cancelled;
    }
}
