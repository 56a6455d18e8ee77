package lab.gil.run.queue;

import lab.gil.run.Run;
import lab.gil.run.execution.ExperimentRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** One execution and the runs (the first asked, then identical ones) attached to it. Mutated only under the queue's lock. */
public final class QueuedExecution {
    final String key;
    final ExperimentRunner.Job job;
    final List<Run> runs = new ArrayList<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    boolean running;

    QueuedExecution(String key, ExperimentRunner.Job job, Run first) {
        this.key = key;
        this.job = job;
        runs.add(first);
    }

    public ExperimentRunner.Job job() {
        return job;
    }

    public AtomicBoolean cancelled() {
        return cancelled;
    }
}
