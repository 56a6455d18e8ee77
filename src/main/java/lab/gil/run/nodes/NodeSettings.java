package lab.gil.run.nodes;

import java.time.Duration;

/**
 * How this node takes part in a shared queue: {@code shared} when the database is PostgreSQL (several nodes may share
 * it), {@code runsHere} when this node executes runs itself (a runner node always; a web node unless
 * GILLAB_LOCAL_RUNNER=false), how often it says it is alive, and after how long silent a node counts as gone.
 */
public record NodeSettings(boolean shared, boolean runsHere, Duration beat, Duration timeout) {
    /** One node with its queue in memory: the embedded H2 default. */
    public static final NodeSettings LOCAL = new NodeSettings(false, true, Duration.ofSeconds(2), Duration.ofSeconds(15));

    public NodeSettings {
        if (shared && timeout.compareTo(beat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("GILLAB_RUNNER_TIMEOUT_S must be at least twice the heartbeat (" + beat.toSeconds() + " s)");
        }
    }

    /** The same as a runner node: it executes runs whatever the web setting says. */
    public NodeSettings asRunner() {
        return new NodeSettings(shared, true, beat, timeout);
    }
}
