package lab.gil.run.queue;

import lab.gil.run.Run;
import lab.gil.run.execution.ExperimentRunner;

/** A run admission prepared: {@code key} names what identical requests share (everything that shapes the result). */
public record Planned(String key, ExperimentRunner.Job job, Run run) {
}
