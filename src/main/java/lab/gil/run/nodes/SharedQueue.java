package lab.gil.run.nodes;

import lab.gil.run.RunRequest;
import lab.gil.run.Submitted;
import lab.gil.run.events.RunEvents;
import lab.gil.run.execution.Executor;
import lab.gil.run.execution.ExperimentRunner.Job;
import lab.gil.run.queue.Planned;
import lab.gil.run.queue.RunQueue;
import lab.gil.run.record.RunRecorder;
import lab.gil.run.record.RunRepository;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The queue shared by the nodes of one PostgreSQL database, as the run façade uses it: admit, place, cancel, watch.
 * A node that runs experiments ({@link NodeSettings#runsHere}) also has a {@link RunnerNode} and beats a heartbeat;
 * every node sweeps the runs of nodes gone silent.
 */
public final class SharedQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedQueue.class);
    private final ExecutionTable table;
    private final NodeTable nodes;
    private final Places places;
    private final NodeChannel channel;
    private final EventBridge bridge;
    private final RunnerNode runner;
    private final Heartbeat heartbeat;
    private final NodeSettings settings;
    private final String name;
    private final Object admissions = new Object();

    /**
     * @param planner plans a queued request again, as this node's admission would (its lessons, interpreters and
     *                edited-code policy)
     * @param slots   executions this node runs at once, when it runs any
     */
    public SharedQueue(DataSource dataSource, NodeSettings settings, String name, int slots, Executor executor,
                       Function<RunRequest, Job> planner, RunRecorder recorder, RunRepository repository, RunEvents events,
                       Duration wallLimit, Clock clock) {
        Sql sql = new Sql(dataSource);
        this.settings = settings;
        this.name = name;
        this.table = new ExecutionTable(sql, name, clock);
        this.nodes = new NodeTable(sql, clock);
        this.places = new Places(sql, clock);
        this.channel = new NodeChannel(dataSource);
        this.bridge = new EventBridge(sql, events, repository, recorder, ids -> places.of(ids, liveSlots()), wallLimit);
        channel.onSignal(bridge::accept);
        channel.onReconnect(bridge::catchUp);
        this.runner = settings.runsHere() ? new RunnerNode(table, channel, executor, request -> planner.apply(new RunRequest(
                request.lesson(), request.experiment(), request.params(), request.code(), request.interpreter(), null, null, null,
                request.repetitions())), recorder, repository, name, slots, wallLimit, clock) : null;
        this.heartbeat = new Heartbeat(nodes, channel, runner, name, settings, clock);
    }

    /**
     * Listens to the other nodes and, on a runner, says this node is here (interrupting what an earlier process of
     * the same name left running) and starts taking runs. Refuses a name another live node uses.
     */
    public void start() {
        channel.start();
        int unshared = nodes.interruptUnshared(name);
        if (unshared > 0) {
            log.warn("marked {} runs queued before the queue was shared as interrupted", unshared);
        }
        if (runner != null) {
            awaitNameFree();
            List<String> left = nodes.register(name, runner.slots());
            left.forEach(execution -> channel.send(Signal.ended(execution)));
            runner.start();
        }
        heartbeat.start();
    }

    /**
     * Waits while a node of this name still beats: after a crash its last beat stays fresh for up to the timeout. A
     * name that keeps beating belongs to another live process, and this one refuses to start.
     */
    private void awaitNameFree() {
        long deadline = System.nanoTime() + settings.timeout().plus(settings.beat().multipliedBy(2)).toNanos();
        while (nodes.alive(name, settings.timeout())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Another runner node named '" + name + "' is alive on this database. "
                        + "Give each node its own GILLAB_INSTANCE.");
            }
            try {
                Thread.sleep(settings.beat().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the name '" + name + "' to be free", e);
            }
        }
    }

    /**
     * Admits runs into the shared queue (see {@link ExecutionTable#admit}) and tells every node the order changed.
     * {@code retryAfter} is what a refusal says, read before: the budget is checked inside the admission's transaction.
     */
    public List<Submitted> admit(String student, List<Planned> planned, RunQueue.Budget budget, int capacity, int retryAfter) {
        List<ExecutionTable.Admitted> admitted;
        // One admission of this node at a time: the others wait here, not holding a connection of the pool while the
        // database's admission lock is taken.
        synchronized (admissions) {
            admitted = table.admit(student, planned, budget, capacity, retryAfter);
        }
        channel.send(Signal.queueChanged());
        Map<String, RunQueue.Place> placed = places.of(admitted.stream().map(a -> a.run().id()).toList(), liveSlots());
        List<Submitted> submitted = new ArrayList<>();
        for (ExecutionTable.Admitted one : admitted) {
            RunQueue.Place place = placed.get(one.run().id());
            submitted.add(new Submitted(one.run(), place == null ? 0 : place.position(), one.shared(),
                    place == null ? 0 : place.startsInSeconds()));
        }
        return submitted;
    }

    /** A run's place while it waits. */
    public Optional<RunQueue.Place> place(String id) {
        try {
            return Optional.ofNullable(places.of(List.of(id), liveSlots()).get(id));
        } catch (RuntimeException e) {
            // The database is away: the run's place is unknown for now, the run itself may still be answered.
            log.debug("no place for run {}: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    /** Cancels a student's own run; every node's pages hear of it. */
    public boolean cancel(String id, String student, String reason) {
        Optional<String> execution = table.cancel(id, student, reason);
        if (execution.isEmpty()) {
            return false;
        }
        channel.send(Signal.run(id));
        channel.send(Signal.queueChanged());
        return true;
    }

    public List<String> activeOf(String student) {
        return table.activeOf(student);
    }

    public int retryAfter() {
        return places.retryAfter(liveSlots());
    }

    public void watch(String id) {
        try {
            bridge.watch(id);
        } catch (RuntimeException e) {
            // The database is away: the page still hears what this node learns itself, and catches up when it is back.
            log.warn("cannot follow run {} across nodes: {}", id, e.getMessage());
        }
    }

    public void unwatch(String id) {
        bridge.unwatch(id);
    }

    /** The runner nodes alive now (this one among them, if it runs experiments). */
    public List<Runner> runners() {
        return nodes.live(settings.timeout()).stream().map(n -> new Runner(n.name(), n.slots(), n.beatAt().toString())).toList();
    }

    /** A live runner node as {@code /health} lists it. */
    public record Runner(String name, int slots, String lastBeat) {
    }

    /** Threads of this node taking runs (0 on a web node that runs nothing), and how many it should have. */
    public long workers() {
        return runner == null ? 0 : runner.alive();
    }

    public long workersWanted() {
        return runner == null ? 0 : runner.slots();
    }

    public boolean listening() {
        return channel.listening();
    }

    private int liveSlots() {
        try {
            return nodes.live(settings.timeout()).stream().mapToInt(NodeTable.Node::slots).sum();
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /** Stops taking runs (those running end interrupted), leaves the list of nodes and stops listening. */
    @Override
    public void close() {
        heartbeat.close();
        if (runner != null) {
            runner.close();
            try {
                nodes.leave(name);
            } catch (RuntimeException ignored) {
                // The database is away: the node is dropped from the list once its heartbeat is old.
            }
        }
        channel.close();
    }
}
