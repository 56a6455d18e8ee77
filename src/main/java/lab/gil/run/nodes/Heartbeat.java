package lab.gil.run.nodes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every beat: a runner node says it is alive and notices the executions nobody wants any more; every node looks for
 * nodes silent for longer than the timeout and interrupts their runs. A node sweeps only after it has itself reached
 * the database for a whole timeout: after an outage every node is silent, and the live ones must have beaten again
 * before any of them counts as gone.
 */
final class Heartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final NodeTable nodes;
    private final NodeChannel channel;
    private final RunnerNode runner;
    private final String name;
    private final NodeSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "node-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private Instant reachableSince;
    private volatile Instant lastBeat;

    /** @param runner this node's runner, or null on a web node that runs nothing */
    Heartbeat(NodeTable nodes, NodeChannel channel, RunnerNode runner, String name, NodeSettings settings, Clock clock) {
        this.nodes = nodes;
        this.channel = channel;
        this.runner = runner;
        this.name = name;
        this.settings = settings;
        this.clock = clock;
    }

    void start() {
        long every = settings.beat().toMillis();
        timer.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** When this node last reached the database for its beat; null before the first. */
    Instant lastBeat() {
        return lastBeat;
    }

    void beat() {
        Instant now = clock.instant();
        try {
            if (runner != null) {
                nodes.beat(name);
            }
            lastBeat = now;
            if (reachableSince == null) {
                reachableSince = now;
            }
            if (Duration.between(reachableSince, now).compareTo(settings.timeout()) >= 0) {
                List<String> interrupted = nodes.sweep(settings.timeout());
                if (!interrupted.isEmpty()) {
                    log.warn("interrupted {} executions of runner nodes silent for over {} s", interrupted.size(), settings.timeout().toSeconds());
                    interrupted.forEach(execution -> channel.send(Signal.ended(execution)));
                    channel.send(Signal.queueChanged());
                }
            }
            if (runner != null) {
                runner.checkCancelled();
            }
        } catch (RuntimeException e) {
            reachableSince = null;
            log.warn("heartbeat failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
