package lab.gil.run;

import lab.gil.interpreter.Interpreters;
import lab.gil.lesson.LessonCatalog;
import lab.gil.run.admission.Admission;
import lab.gil.sandbox.EditedCodePolicy;
import lab.gil.run.admission.ClientLimits;
import lab.gil.run.events.RunEvents;
import lab.gil.run.events.Watcher;
import lab.gil.run.execution.Executor;
import lab.gil.run.nodes.NodeSettings;
import lab.gil.run.nodes.SharedQueue;
import lab.gil.run.queue.Planned;
import lab.gil.run.queue.RunQueue;
import lab.gil.run.queue.RunWorkers;
import lab.gil.run.record.RunRecorder;
import lab.gil.run.record.RunRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import java.util.List;
import java.util.Optional;

/**
 * What the web layer and the command line ask of the run pipeline: submit, compare, find, cancel, watch. Behind it a
 * run travels admission → queue → execution → channel → result → record → events (the packages of {@code run}).
 * Runs execute one at a time, or as many at once as the operator allows (overlapping runs spoil each other's
 * timings); identical requests share one execution; a full queue or an over-eager student gets "busy, retry in N s".
 */
public final class Runs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Runs.class);

    private final RunRepository repository;
    private final QueueSettings settings;
    private final Clock clock;
    private final Admission admission;
    private final ClientLimits limits;
    private final RunQueue queue;
    private final RunRecorder recorder;
    private final RunEvents events = new RunEvents();
    private final RunWorkers workers;
    /** The queue shared by the nodes of a PostgreSQL database, or null: the queue is in memory (one node). */
    private final SharedQueue shared;

    /** Where the queue is shared: the database, this node's part and name, and the slots it runs at once. */
    public record Shared(DataSource dataSource, NodeSettings nodes, String name, int slots) {
    }

    /** What {@code /health} tells of the runs: workers alive, ends not yet recorded, when the last run ended. */
    public record Flow(long workers, long workersWanted, int unwrittenEnds, Instant lastFinished) {
        public boolean flowing() {
            return workers == workersWanted && unwrittenEnds == 0;
        }
    }

    public Runs(LessonCatalog catalog, RunRepository repository, Executor executor, Interpreters interpreters,
                QueueSettings settings, Clock clock) {
        this(catalog, repository, executor, interpreters, settings, clock, EditedCodePolicy.UNCHECKED);
    }

    /** The same, refusing students' edited code when {@code editedCode} says so. */
    public Runs(LessonCatalog catalog, RunRepository repository, Executor executor, Interpreters interpreters,
                QueueSettings settings, Clock clock, EditedCodePolicy editedCode) {
        this(catalog, repository, executor, interpreters, settings, clock, editedCode, null);
    }

    /** The same on the queue shared by the nodes of one PostgreSQL database, when {@code nodes} is not null. */
    public Runs(LessonCatalog catalog, RunRepository repository, Executor executor, Interpreters interpreters,
                QueueSettings settings, Clock clock, EditedCodePolicy editedCode, Shared nodes) {
        this.repository = repository;
        this.settings = settings;
        this.clock = clock;
        this.admission = new Admission(catalog, interpreters, settings.wallLimit(), clock, editedCode);
        this.limits = new ClientLimits(settings.perStudentPerMinute(), settings.perStudentWaiting(), settings.perAddressPerMinute(),
                settings.newStudentsPerAddressPerMinute(), clock);
        this.queue = new RunQueue(settings.capacity(), settings.parallel(), clock);
        this.recorder = new RunRecorder(repository, clock);
        this.workers = new RunWorkers(queue, executor, recorder, events, settings.wallLimit(), clock);
        this.shared = nodes == null ? null : new SharedQueue(nodes.dataSource(), nodes.nodes(), nodes.name(), nodes.slots(), executor,
                request -> admission.one(request).get(0).job(), recorder, repository, events, settings.wallLimit(), clock);
    }

    /** Marks runs a previous server left unfinished, and starts the workers. */
    public void start() {
        if (shared != null) {
            // Runs waiting in the shared queue belong to no node: they are not interrupted when this one restarts.
            shared.start();
            return;
        }
        int interrupted = repository.interruptUnfinished(clock.instant());
        if (interrupted > 0) {
            log.warn("marked {} unfinished runs from before the restart as interrupted", interrupted);
        }
        workers.start(settings.parallel());
    }

    public Submitted submit(RunRequest request) {
        return enqueue(request, admission.one(request)).get(0);
    }

    /**
     * Runs one experiment on every interpreter the server has, one run each, admitted together: a student with
     * nothing waiting may always compare, and a full queue refuses the whole comparison rather than half of it.
     */
    public List<Submitted> compare(RunRequest request) {
        return enqueue(request, admission.everyInterpreter(request));
    }

    private List<Submitted> enqueue(RunRequest request, List<Planned> planned) {
        if (shared != null) {
            int retryAfter = shared.retryAfter();
            return shared.admit(request.student(), planned, (waiting, count) -> limits.admit(request.student(), request.client(),
                    waiting, count, retryAfter), settings.capacity(), retryAfter);
        }
        RunQueue.Enqueued enqueued = queue.enqueue(request.student(), planned,
                (waiting, count) -> limits.admit(request.student(), request.client(), waiting, count, queue.retryAfter()),
                recorder::insert);
        if (enqueued.overtook()) {
            // A student's first run went ahead of others' later runs: their pages learn their new places.
            workers.announcePositions();
        }
        return enqueued.submitted();
    }

    /** A run as it is now: from the queue while it waits or runs, else as recorded (or still to be recorded). */
    public Optional<Run> find(String id) {
        Optional<Run> active = queue.find(id).or(() -> recorder.unwritten(id));
        return active.isPresent() ? active : repository.find(id);
    }

    /**
     * A student's runs that have ended but whose end the database does not have yet (it is being written, or the
     * database refused it): what a page reading the database must add to be as current as {@link #find}.
     */
    public List<Run> endedNotYetRecorded(String student) {
        return recorder.unwrittenOf(student);
    }

    /** 1 for the next run to start, 0 while running or finished. */
    public int position(String id) {
        return place(id).position();
    }

    /** Seconds until a waiting run will likely start; 0 once it runs. */
    public int startsIn(String id) {
        return place(id).startsInSeconds();
    }

    /**
     * Forgets a student's runs (their history and predictions); returns how many were deleted. Their runs still
     * waiting or running are cancelled first, so none of them comes back when it ends.
     */
    public int deleteHistory(String student) {
        (shared != null ? shared.activeOf(student) : queue.activeOf(student)).forEach(id -> cancel(id, student, "Your history was deleted, this run with it."));
        return repository.deleteByStudent(student);
    }

    /** Cancels a student's own run; a shared execution stops only when nobody else waits on it. */
    public boolean cancel(String id, String student) {
        return cancel(id, student, "You cancelled this run.");
    }

    private boolean cancel(String id, String student, String reason) {
        if (shared != null) {
            return student != null && shared.cancel(id, student, reason);
        }
        Optional<Run> own = queue.cancel(id, student);
        if (own.isEmpty()) {
            return false;
        }
        Run cancelled = own.get().withStatus(RunStatus.KILLED, reason, null, own.get().startedAt(), clock.instant());
        recorder.finish(List.of(cancelled)).join();
        events.publish(new RunEvent(id, RunStatus.KILLED, 0, null, "", 0, settings.wallLimit().toSeconds(), reason));
        workers.announcePositions();
        return true;
    }

    public void watch(String id, Watcher watcher) {
        events.watch(id, watcher);
        if (shared != null) {
            shared.watch(id);
        }
    }

    public void unwatch(String id, Watcher watcher) {
        events.unwatch(id, watcher);
        if (shared != null) {
            shared.unwatch(id);
        }
    }

    /** The event that tells a newcomer where a run stands. */
    public RunEvent snapshot(Run run) {
        Instant until = run.finishedAt() != null ? run.finishedAt() : clock.instant();
        double elapsed = run.startedAt() == null ? 0 : Duration.between(run.startedAt(), until).toMillis() / 1000.0;
        RunQueue.Place place = run.status() == RunStatus.QUEUED ? place(run.id()) : new RunQueue.Place(run.id(), 0, 0);
        return new RunEvent(run.id(), run.status(), place.position(), null, "", elapsed, settings.wallLimit().toSeconds(), run.error(),
                place.startsInSeconds());
    }

    public Flow flow() {
        if (shared != null) {
            return new Flow(shared.workers(), shared.workersWanted(), recorder.unwrittenCount(), recorder.lastFinished());
        }
        return new Flow(queue.closed() ? settings.parallel() : workers.alive(), settings.parallel(),
                recorder.unwrittenCount(), recorder.lastFinished());
    }

    /** The shared queue's runner nodes, when the queue is shared. */
    public Optional<SharedQueue> nodes() {
        return Optional.ofNullable(shared);
    }

    private RunQueue.Place place(String id) {
        if (shared != null) {
            return shared.place(id).orElse(new RunQueue.Place(id, 0, 0));
        }
        return queue.place(id);
    }

    @Override
    public void close() {
        if (shared != null) {
            shared.close();
        }
        events.close();
        queue.close();
        workers.close();
        recorder.close();
    }
}
