package lab.gil.run.execution;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Carries out one job; the real one is {@link ExperimentRunner}. */
@FunctionalInterface
public interface Executor {
    ExperimentRunner.Execution run(ExperimentRunner.Job job, Consumer<ExperimentRunner.Progress> onProgress,
                                   AtomicBoolean cancelled) throws IOException;

    /** The same in the slot of worker {@code worker} (each worker keeps its own slot of cores). */
    default ExperimentRunner.Execution run(int worker, ExperimentRunner.Job job, Consumer<ExperimentRunner.Progress> onProgress,
                                           AtomicBoolean cancelled) throws IOException {
        return run(job, onProgress, cancelled);
    }

    /** Upkeep done only while the queue is empty, so it never competes with a run. */
    default void idle() {
    }

    /** The same for the slot of worker {@code worker}. */
    default void idle(int worker) {
        idle();
    }
}
