package lab.gil.run.execution;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Carries out one job; the real one is {@link ExperimentRunner}. */
@FunctionalInterface
public interface Executor {
    ExperimentRunner.Execution run(ExperimentRunner.Job job, Consumer<ExperimentRunner.Progress> onProgress,
                                   AtomicBoolean cancelled) throws IOException;

    /** Upkeep done only while the queue is empty, so it never competes with a run. */
    default void idle() {
    }
}
