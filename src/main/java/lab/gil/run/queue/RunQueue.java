package lab.gil.run.queue;

import lab.gil.run.Run;
import lab.gil.run.RunRefused;
import lab.gil.run.RunStatus;
import lab.gil.run.Submitted;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Waiting and running executions: sharing, fair order across students ({@link Rounds}), positions and estimated
 * starts, capacity and cancels. No threads and no I/O of its own; every change of an execution or of its runs happens
 * under one lock, so a cancel can meet a start at any instant.
 */
public final class RunQueue {
    private final Object lock = new Object();
    private final LinkedList<QueuedExecution> queue = new LinkedList<>();
    private final Map<String, QueuedExecution> byKey = new HashMap<>();
    private final Map<String, QueuedExecution> byRun = new HashMap<>();
    private final int capacity;
    private final int parallel;
    private final Clock clock;
    private final Rounds rounds = new Rounds();
    private double averageSeconds = 5;
    private long arrivals;
    private boolean closed;

    /** Checks a student's budget under the queue's lock, given how many runs they have waiting. */
    @FunctionalInterface
    public interface Budget {
        void admit(long waitingOfStudent, int count);
    }

    /** A waiting run, its place (1 starts next) and in how many seconds it will likely start. */
    public record Place(String id, int position, int startsInSeconds) {
        static final Place NONE = new Place(null, 0, 0);
    }

    /** Runs admitted together, and whether any of them went ahead of runs already waiting (their places changed). */
    public record Enqueued(List<Submitted> submitted, boolean overtook) {
    }

    /** An execution a worker took, and its runs as they started. */
    public record Taken(QueuedExecution execution, List<Run> runs) {
    }

    public RunQueue(int capacity, int parallel, Clock clock) {
        this.capacity = capacity;
        this.parallel = parallel;
        this.clock = clock;
    }

    /**
     * Admits runs together: the budget, then the room, then each run joins an identical execution or queues its own.
     * {@code insert} records each run before it is answered; a failing insert leaves the queue as it was for that run.
     */
    public Enqueued enqueue(String student, List<Planned> planned, Budget budget, Consumer<Run> insert) {
        synchronized (lock) {
            if (closed) {
                throw new RunRefused.Busy("The server is shutting down. Try again in a moment.", 10);
            }
            budget.admit(student == null ? 0 : waitingOf(student), planned.size());
            long fresh = planned.stream().filter(p -> !byKey.containsKey(p.key())).count();
            if (fresh > 0 && waiting() + fresh > capacity) {
                throw new RunRefused.Busy("The queue is full (" + capacity + " runs waiting). Try again in "
                        + retryAfter() + " s.", retryAfter());
            }
            List<QueuedExecution> before = waitingInOrder();
            List<Run> added = new ArrayList<>();
            List<Boolean> shared = new ArrayList<>();
            for (Planned plan : planned) {
                QueuedExecution existing = byKey.get(plan.key());
                if (existing != null) {
                    Run run = existing.running ? plan.run().withStatus(RunStatus.RUNNING, null, null, clock.instant(), null) : plan.run();
                    insert.accept(run);
                    existing.attach(run, rounds.assign(student));
                    byRun.put(run.id(), existing);
                    added.add(run);
                    shared.add(true);
                    continue;
                }
                insert.accept(plan.run());
                QueuedExecution execution = new QueuedExecution(plan.key(), plan.job(), arrivals++);
                execution.attach(plan.run(), rounds.assign(student));
                queue.addLast(execution);
                byKey.put(plan.key(), execution);
                byRun.put(plan.run().id(), execution);
                added.add(plan.run());
                shared.add(false);
            }
            lock.notifyAll();
            Map<String, Place> places = placesById();
            List<Submitted> submitted = new ArrayList<>();
            for (int i = 0; i < added.size(); i++) {
                Place place = places.getOrDefault(added.get(i).id(), Place.NONE);
                submitted.add(new Submitted(added.get(i), place.position(), shared.get(i), place.startsInSeconds()));
            }
            List<QueuedExecution> after = waitingInOrder();
            boolean overtook = false;
            for (int i = 0; i < before.size() && !overtook; i++) {
                overtook = after.indexOf(before.get(i)) > i;
            }
            return new Enqueued(submitted, overtook);
        }
    }

    /**
     * Waits for the next execution and marks it and its runs running. Returns null when the queue stayed empty for
     * {@code idle} (time for upkeep); throws InterruptedException once the queue is closed.
     */
    public Taken take(Duration idle) throws InterruptedException {
        synchronized (lock) {
            boolean waited = false;
            while (true) {
                if (closed) {
                    throw new InterruptedException("the queue is closed");
                }
                Optional<QueuedExecution> next = waitingInOrder().stream().findFirst();
                if (next.isPresent()) {
                    QueuedExecution execution = next.get();
                    execution.running = true;
                    Instant now = clock.instant();
                    execution.startedAt = now;
                    execution.runs.replaceAll(run -> run.withStatus(RunStatus.RUNNING, null, null, now, null));
                    return new Taken(execution, List.copyOf(execution.runs));
                }
                if (queue.isEmpty() && waited) {
                    return null;
                }
                waited = queue.isEmpty();
                lock.wait(queue.isEmpty() ? idle.toMillis() : 0);
            }
        }
    }

    /** The runs attached to an execution right now (a cancel may have removed some). */
    public List<Run> runsOf(QueuedExecution execution) {
        synchronized (lock) {
            return List.copyOf(execution.runs);
        }
    }

    /** Removes a finished execution and returns the runs still attached to it. */
    public List<Run> finish(QueuedExecution execution, Duration took) {
        synchronized (lock) {
            queue.remove(execution);
            byKey.remove(execution.key, execution);
            List<Run> runs = List.copyOf(execution.runs);
            runs.forEach(run -> byRun.remove(run.id()));
            runs.forEach(run -> forgetIfIdle(run.student()));
            averageSeconds = 0.7 * averageSeconds + 0.3 * took.toMillis() / 1000.0;
            lock.notifyAll();
            return runs;
        }
    }

    /**
     * Detaches a student's own run. A waiting execution nobody else wants leaves the queue; a running one is told to
     * stop. Returns the run as it was, or empty if it is not this student's or no longer queued or running.
     */
    public Optional<Run> cancel(String id, String student) {
        synchronized (lock) {
            QueuedExecution execution = byRun.get(id);
            if (execution == null || student == null) {
                return Optional.empty();
            }
            Optional<Run> own = execution.runs.stream().filter(r -> r.id().equals(id) && student.equals(r.student())).findFirst();
            if (own.isEmpty()) {
                return Optional.empty();
            }
            execution.detach(own.get());
            byRun.remove(id);
            if (execution.runs.isEmpty()) {
                if (execution.running) {
                    execution.cancelled.set(true);
                } else {
                    queue.remove(execution);
                    byKey.remove(execution.key, execution);
                }
            }
            forgetIfIdle(student);
            return own;
        }
    }

    public Optional<Run> find(String id) {
        synchronized (lock) {
            QueuedExecution execution = byRun.get(id);
            return execution == null ? Optional.empty() : execution.runs.stream().filter(r -> r.id().equals(id)).findFirst();
        }
    }

    /** A run's place while it waits; position 0 while it runs or once it finished. */
    public Place place(String id) {
        synchronized (lock) {
            return placesById().getOrDefault(id, Place.NONE);
        }
    }

    /**
     * The ids of a student's runs, waiting ones first: cancelled in this order, none of them can start in the moment a
     * running one is stopped.
     */
    public List<String> activeOf(String student) {
        synchronized (lock) {
            return queue.stream().sorted(Comparator.comparing(p -> p.running)).flatMap(p -> p.runs.stream())
                    .filter(run -> student.equals(run.student())).map(Run::id).toList();
        }
    }

    /** Every waiting run with its place, in the order they will start. */
    public List<Place> places() {
        synchronized (lock) {
            return List.copyOf(placesById().values());
        }
    }

    /** Seconds until a newcomer would likely start, from the recent average run time. */
    public int retryAfter() {
        synchronized (lock) {
            return (int) Math.max(1, Math.ceil(averageSeconds * (waiting() + 1) / parallel));
        }
    }

    /** Refuses new runs, tells running executions to stop, and wakes the workers so they leave. */
    public void close() {
        synchronized (lock) {
            closed = true;
            queue.forEach(p -> p.cancelled.set(true));
            lock.notifyAll();
        }
    }

    public boolean closed() {
        synchronized (lock) {
            return closed;
        }
    }

    private long waiting() {
        return queue.stream().filter(p -> !p.running).count();
    }

    private long waitingOf(String student) {
        return queue.stream().filter(p -> !p.running).flatMap(p -> p.runs.stream()).filter(r -> student.equals(r.student())).count();
    }

    private List<QueuedExecution> waitingInOrder() {
        return queue.stream().filter(p -> !p.running).sorted(Rounds.ORDER).toList();
    }

    private Map<String, Place> placesById() {
        List<QueuedExecution> waiting = waitingInOrder();
        Instant now = clock.instant();
        // An execution is marked running a moment before its start time is read: until then it counts as just started.
        List<Instant> runningSince = queue.stream().filter(p -> p.running).map(p -> p.startedAt == null ? now : p.startedAt).toList();
        List<Integer> starts = StartEstimate.secondsUntilStart(runningSince, waiting.size(), parallel, averageSeconds, now);
        Map<String, Place> places = new LinkedHashMap<>();
        for (int i = 0; i < waiting.size(); i++) {
            for (Run run : waiting.get(i).runs) {
                places.put(run.id(), new Place(run.id(), i + 1, starts.get(i)));
            }
        }
        return places;
    }

    private void forgetIfIdle(String student) {
        boolean active = queue.stream().flatMap(p -> p.runs.stream()).anyMatch(r -> Objects.equals(student, r.student()));
        if (!active) {
            rounds.idle(student);
        }
    }
}
