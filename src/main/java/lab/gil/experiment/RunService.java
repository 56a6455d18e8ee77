package lab.gil.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import lab.gil.interpreter.Interpreter;
import lab.gil.interpreter.Interpreters;
import lab.gil.lesson.ExperimentSpec;
import lab.gil.lesson.LessonCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Accepts runs, queues them, and runs them one at a time (or as many at once as the operator allows: runs
 * that overlap spoil each other's timings). Identical requests waiting or running share one execution; a
 * full queue or an over-eager client gets a "busy, retry in N s" answer instead of a longer wait.
 */
public final class RunService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunService.class);
    static final int MAX_CODE_CHARS = 100_000;
    private static final long IDLE_CHECK_MS = 2_000;
    static final int MAX_RESULT_CHARS = 900_000;
    private static final String NO_INTERPRETER = "This server has no working Python interpreter. Ask its operator to check /health.";

    private final LessonCatalog catalog;
    private final RunRepository repository;
    private final Executor runner;
    private final Interpreters interpreters;
    private final Settings settings;
    private final Clock clock;

    private final Object lock = new Object();
    private final LinkedList<Pending> queue = new LinkedList<>();
    private final Map<String, Pending> byKey = new HashMap<>();
    private final Map<String, Pending> byRun = new HashMap<>();
    private final Map<String, Deque<Instant>> recentByClient = new HashMap<>();
    private final Map<String, List<Watcher>> watchers = new HashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    /** Writes that need not hold up a run (that it started); one thread keeps them in order. */
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "run-recorder");
        thread.setDaemon(true);
        return thread;
    });
    private double averageSeconds = 5;
    private volatile boolean closed;

    /** Carries out one job; the real one is {@link ExperimentRunner}. */
    @FunctionalInterface
    public interface Executor {
        ExperimentRunner.Execution run(ExperimentRunner.Job job, Consumer<ExperimentRunner.Progress> onProgress,
                                       AtomicBoolean cancelled) throws IOException;

        /** Upkeep done only while the queue is empty, so it never competes with a run. */
        default void idle() {
        }
    }

    /** Hears about the events of one run. */
    @FunctionalInterface
    public interface Watcher {
        void accept(RunEvent event);

        /**
         * Called with a run's final event while it is being recorded, before {@link #accept}: work such as rendering
         * the event overlaps the write instead of following it.
         */
        default void prepare(RunEvent event) {
        }
    }

    /** Operator settings for the queue. */
    public record Settings(int capacity, int parallel, int perClientPerMinute, int perClientWaiting, Duration wallLimit) {
    }

    public record Request(String lesson, String experiment, Map<String, ?> params, String code, String interpreter,
                          String prediction, String student, String client) {
    }

    public record Submitted(Run run, int position, boolean shared) {
    }

    /** Too much to do right now; the client should come back in {@code retryAfterSeconds}. */
    public static final class Busy extends RuntimeException {
        private final int retryAfterSeconds;

        Busy(String message, int retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A request for a lesson or experiment that does not exist. */
    public static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    /** One execution and the runs (the first asked, then identical ones) waiting on it. */
    private static final class Pending {
        final String key;
        final ExperimentRunner.Job job;
        final List<Run> runs = new CopyOnWriteArrayList<>();
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile boolean running;

        Pending(String key, ExperimentRunner.Job job, Run first) {
            this.key = key;
            this.job = job;
            runs.add(first);
        }
    }

    public RunService(LessonCatalog catalog, RunRepository repository, Executor runner, Interpreters interpreters,
                      Settings settings, Clock clock) {
        this.catalog = catalog;
        this.repository = repository;
        this.runner = runner;
        this.interpreters = interpreters;
        this.settings = settings;
        this.clock = clock;
    }

    /** Marks runs a previous server left unfinished, and starts the workers. */
    public void start() {
        int interrupted = repository.interruptUnfinished(clock.instant());
        if (interrupted > 0) {
            log.warn("marked {} unfinished runs from before the restart as interrupted", interrupted);
        }
        for (int i = 0; i < settings.parallel(); i++) {
            Thread worker = new Thread(this::work, "run-worker-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    public Submitted submit(Request request) {
        return submitAll(request, List.of(interpreterFor(request.interpreter()))).get(0);
    }

    /**
     * Runs one experiment on every interpreter the server has, one run each, admitted together: a student with
     * nothing waiting may always compare, and a full queue refuses the whole comparison rather than half of it.
     */
    public List<Submitted> compare(Request request) {
        if (interpreters.all().isEmpty()) {
            throw new IllegalArgumentException(NO_INTERPRETER);
        }
        return submitAll(request, interpreters.all());
    }

    private Interpreter interpreterFor(String name) {
        if (name == null || name.isBlank()) {
            return interpreters.defaultInterpreter().orElseThrow(() -> new IllegalArgumentException(NO_INTERPRETER));
        }
        return interpreters.find(name).orElseThrow(() -> new IllegalArgumentException(interpreters.findUnavailable(name)
                .map(u -> "The interpreter " + name + " does not work on this server: " + u.reason() + ".")
                .orElse("This server has no interpreter '" + name + "'.")));
    }

    private List<Submitted> submitAll(Request request, List<Interpreter> chosen) {
        ExperimentSpec spec = catalog.experiment(request.lesson(), request.experiment())
                .orElseThrow(() -> new NotFound("There is no experiment '" + request.experiment() + "' in lesson '" + request.lesson() + "'."));
        Map<String, Object> params = spec.resolveParams(request.params() == null ? Map.of() : request.params());
        String code = request.code() == null || request.code().isBlank() ? spec.code() : request.code().replace("\r\n", "\n");
        if (code.length() > MAX_CODE_CHARS) {
            throw new IllegalArgumentException("The code is too long (" + code.length() + " characters; at most " + MAX_CODE_CHARS + ").");
        }
        String prediction = cleanPrediction(request.prediction());
        String codeHash = sha256(code);
        Optional<Duration> timeout = spec.timeoutSeconds().map(Duration::ofSeconds).filter(t -> t.compareTo(settings.wallLimit()) < 0);
        List<String> keys = chosen.stream().map(i -> i.name() + "|" + codeHash + "|" + canonical(params) + "|" + spec.repetitions()).toList();

        synchronized (lock) {
            if (closed) {
                throw new Busy("The server is shutting down. Try again in a moment.", 10);
            }
            admit(request.client(), request.student(), chosen.size());
            long fresh = keys.stream().filter(k -> !byKey.containsKey(k)).count();
            if (fresh > 0 && queue.stream().filter(p -> !p.running).count() + fresh > settings.capacity()) {
                throw new Busy("The queue is full (" + settings.capacity() + " runs waiting). Try again in "
                        + retryAfter() + " s.", retryAfter());
            }
            List<Submitted> submitted = new ArrayList<>();
            for (int i = 0; i < chosen.size(); i++) {
                Interpreter interpreter = chosen.get(i);
                Run run = new Run(UUID.randomUUID().toString(), request.lesson(), request.experiment(), request.student(),
                        interpreter.name(), params, codeHash, code.equals(spec.code()) ? null : code, prediction,
                        RunStatus.QUEUED, null, null, clock.instant(), null, null);
                Pending existing = byKey.get(keys.get(i));
                if (existing != null) {
                    Run stored = existing.running ? run.withStatus(RunStatus.RUNNING, null, null, clock.instant(), null) : run;
                    repository.insert(stored);
                    existing.runs.add(stored);
                    byRun.put(run.id(), existing);
                    submitted.add(new Submitted(stored, positionOf(existing), true));
                    continue;
                }
                repository.insert(run);
                ExperimentRunner.Job job = new ExperimentRunner.Job(code, params, spec.repetitions(), spec.chart(), interpreter, timeout, spec.goal());
                Pending pending = new Pending(keys.get(i), job, run);
                queue.addLast(pending);
                byKey.put(keys.get(i), pending);
                byRun.put(run.id(), pending);
                submitted.add(new Submitted(run, positionOf(pending), false));
            }
            lock.notifyAll();
            return submitted;
        }
    }

    public Optional<Run> find(String id) {
        synchronized (lock) {
            Pending pending = byRun.get(id);
            if (pending != null) {
                return pending.runs.stream().filter(r -> r.id().equals(id)).findFirst();
            }
        }
        return repository.find(id);
    }

    /** 1 for the next run to start, 0 while running or finished. */
    public int position(String id) {
        synchronized (lock) {
            Pending pending = byRun.get(id);
            return pending == null ? 0 : positionOf(pending);
        }
    }

    public List<Run> history(String student, String lesson, String experiment, int limit) {
        return repository.history(student, lesson, experiment, limit);
    }

    /** A student's runs of one lesson, newest first, without their results. */
    public String runsVersion(String student) {
        return repository.runsVersion(student);
    }

    public List<Run> latestFinished(String student) {
        return repository.latestFinished(student);
    }

    public List<Run> listOfLesson(String student, String lesson, int limit) {
        return repository.listOfLesson(student, lesson, limit);
    }

    public List<RunRepository.Progress> progress(String student) {
        return repository.progress(student);
    }

    /**
     * Forgets a student's runs (their history and predictions); returns how many were deleted. Their runs still
     * waiting or running are cancelled first, so none of them comes back when it ends.
     */
    public int deleteHistory(String student) {
        List<String> active;
        synchronized (lock) {
            active = queue.stream().flatMap(pending -> pending.runs.stream())
                    .filter(run -> student.equals(run.student())).map(Run::id).toList();
        }
        active.forEach(id -> cancel(id, student, "Your history was deleted, this run with it."));
        return repository.deleteByStudent(student);
    }

    /** Cancels a student's own run; a shared execution stops only when nobody else waits on it. */
    public boolean cancel(String id, String student) {
        return cancel(id, student, "You cancelled this run.");
    }

    private boolean cancel(String id, String student, String reason) {
        Run cancelled;
        synchronized (lock) {
            Pending pending = byRun.get(id);
            if (pending == null) {
                return false;
            }
            Optional<Run> own = pending.runs.stream().filter(r -> r.id().equals(id) && r.student() != null && r.student().equals(student)).findFirst();
            if (own.isEmpty()) {
                return false;
            }
            pending.runs.remove(own.get());
            byRun.remove(id);
            if (pending.runs.isEmpty()) {
                if (pending.running) {
                    pending.cancelled.set(true);
                } else {
                    queue.remove(pending);
                    byKey.remove(pending.key);
                }
            }
            cancelled = own.get().withStatus(RunStatus.KILLED, reason, null, own.get().startedAt(), clock.instant());
        }
        repository.updateStatus(cancelled);
        publish(new RunEvent(id, RunStatus.KILLED, 0, null, "", 0, settings.wallLimit().toSeconds(), cancelled.error()));
        publishPositions();
        return true;
    }

    public void watch(String id, Watcher watcher) {
        synchronized (watchers) {
            watchers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(watcher);
        }
    }

    public void unwatch(String id, Watcher watcher) {
        synchronized (watchers) {
            List<Watcher> list = watchers.get(id);
            if (list != null) {
                list.remove(watcher);
                if (list.isEmpty()) {
                    watchers.remove(id);
                }
            }
        }
    }

    public RunEvent snapshot(Run run) {
        Instant until = run.finishedAt() != null ? run.finishedAt() : clock.instant();
        double elapsed = run.startedAt() == null ? 0 : Duration.between(run.startedAt(), until).toMillis() / 1000.0;
        return new RunEvent(run.id(), run.status(), position(run.id()), null, "", elapsed, settings.wallLimit().toSeconds(), run.error());
    }

    private void work() {
        while (true) {
            Pending next;
            boolean idle = false;
            synchronized (lock) {
                if (!closed && queue.isEmpty()) {
                    try {
                        lock.wait(IDLE_CHECK_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    idle = queue.isEmpty();
                }
                while (!closed && !idle && queue.stream().allMatch(p -> p.running)) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = idle ? null : queue.stream().filter(p -> !p.running).findFirst().orElseThrow();
                if (next != null) {
                    next.running = true;
                }
            }
            if (next == null) {
                idleUpkeep();
            } else {
                execute(next);
            }
        }
    }

    private void idleUpkeep() {
        try {
            runner.idle();
        } catch (RuntimeException e) {
            log.warn("upkeep between runs failed: {}", e.getMessage());
        }
    }

    private void execute(Pending pending) {
        Instant started = clock.instant();
        List<Run> running = new ArrayList<>();
        for (Run run : pending.runs) {
            Run now = run.withStatus(RunStatus.RUNNING, null, null, started, null);
            pending.runs.set(pending.runs.indexOf(run), now);
            running.add(now);
        }
        // The API answers from memory while the run runs; the database learns it started beside the run, not before
        // it. A crash meanwhile loses nothing: queued and running runs alike are marked interrupted at the restart.
        recordStarted(running);
        publishAll(pending, RunStatus.RUNNING, null, "", 0, null);
        publishPositions();
        ExperimentRunner.Execution execution;
        Interpreter interpreter = pending.job.interpreter();
        try {
            // An operator may uninstall an interpreter while the server runs; say so instead of a sandbox error.
            execution = interpreter.present()
                    ? runner.run(pending.job, progress -> publishAll(pending, RunStatus.RUNNING, progress.fraction(),
                    progress.message(), progress.elapsedSeconds(), null), pending.cancelled)
                    : new ExperimentRunner.Execution(RunStatus.FAILED,
                    "The interpreter " + interpreter.name() + " is not available on this server any more.", null);
        } catch (Exception e) {
            log.error("run {} could not be executed", pending.runs.isEmpty() ? "?" : pending.runs.get(0).id(), e);
            execution = new ExperimentRunner.Execution(RunStatus.FAILED,
                    "The server could not start the interpreter: " + e.getMessage(), null);
        }
        try {
            finish(pending, execution, started);
        } finally {
            execution.release().run();
        }
    }

    private void recordStarted(List<Run> runs) {
        try {
            recorder.execute(() -> {
                for (Run run : runs) {
                    try {
                        repository.markStarted(run);
                    } catch (RuntimeException e) {
                        log.warn("could not record that run {} started: {}", run.id(), e.getMessage());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("the server is stopping; run {} stays queued in the database", runs.isEmpty() ? "?" : runs.get(0).id());
        }
    }

    private void finish(Pending pending, ExperimentRunner.Execution outcome, Instant started) {
        ExperimentRunner.Execution execution = closed
                ? new ExperimentRunner.Execution(RunStatus.INTERRUPTED, "The server stopped before this run finished. Run it again.", outcome.result())
                : outcome;
        String result = serialize(execution.result());
        Instant finished = clock.instant();
        List<Run> done;
        synchronized (lock) {
            queue.remove(pending);
            byKey.remove(pending.key);
            done = new ArrayList<>(pending.runs);
            done.forEach(run -> byRun.remove(run.id()));
            double seconds = Duration.between(started, finished).toMillis() / 1000.0;
            averageSeconds = 0.7 * averageSeconds + 0.3 * seconds;
        }
        List<Run> ended = new ArrayList<>();
        List<RunEvent> events = new ArrayList<>();
        for (Run run : done) {
            ended.add(run.withStatus(execution.status(), execution.error(), result, run.startedAt() == null ? started : run.startedAt(), finished));
            events.add(new RunEvent(run.id(), execution.status(), 0, 1.0, "", Duration.between(started, finished).toMillis() / 1000.0,
                    settings.wallLimit().toSeconds(), execution.error()));
        }
        // Nobody hears of the end before it is recorded; watchers prepare what they will send meanwhile.
        CompletableFuture<Void> recorded = record(ended);
        events.forEach(event -> forEachWatcher(event, watcher -> watcher.prepare(event)));
        recorded.join();
        events.forEach(this::publish);
        publishPositions();
    }

    /** Writes the runs' final state on the recorder's thread, after the writes queued before it. */
    private CompletableFuture<Void> record(List<Run> ended) {
        try {
            return CompletableFuture.runAsync(() -> ended.forEach(repository::updateStatus), recorder);
        } catch (RejectedExecutionException stopping) {
            ended.forEach(repository::updateStatus);
            return CompletableFuture.completedFuture(null);
        }
    }

    private static String serialize(RunResult result) {
        if (result == null) {
            return null;
        }
        try {
            String json = Json.MAPPER.writeValueAsString(result);
            if (json.length() > MAX_RESULT_CHARS) {
                RunResult smaller = new RunResult(result.chart(), result.metrics(), result.series(), List.of(), result.repetitions(),
                        result.summary(), append(result.warnings(), "The result was too large to keep its timeline."),
                        result.fingerprint(), shorten(result.stdout()), shorten(result.stderr()), result.exitCode(), result.wallSeconds(), result.goal());
                json = Json.MAPPER.writeValueAsString(smaller);
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> append(List<String> list, String item) {
        List<String> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }

    private static String shorten(String text) {
        return text.length() > 20_000 ? text.substring(0, 20_000) + "\n… (cut)" : text;
    }

    /**
     * Per-client limits: a burst budget per minute and a cap on runs waiting at once. A batch of {@code count}
     * runs (a comparison) may exceed either on its own, but not add to earlier runs beyond them.
     */
    private void admit(String client, String student, int count) {
        Instant now = clock.instant();
        Deque<Instant> recent = recentByClient.computeIfAbsent(client == null ? "?" : client, k -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minusSeconds(60))) {
            recent.pollFirst();
        }
        if (recent.size() + count > Math.max(settings.perClientPerMinute(), count)) {
            int wait = (int) Math.max(1, Duration.between(now, recent.peekFirst().plusSeconds(60)).toSeconds() + 1);
            throw new Busy("You started " + recent.size() + " runs in the last minute, the most allowed. Try again in " + wait + " s.", wait);
        }
        if (student != null) {
            long waiting = queue.stream().filter(p -> !p.running).flatMap(p -> p.runs.stream())
                    .filter(r -> student.equals(r.student())).count();
            if (waiting + count > Math.max(settings.perClientWaiting(), count)) {
                throw new Busy("You already have " + waiting + " runs waiting. Wait for them to start.", retryAfter());
            }
        }
        for (int i = 0; i < count; i++) {
            recent.addLast(now);
        }
    }

    private int retryAfter() {
        long waiting = queue.stream().filter(p -> !p.running).count();
        return (int) Math.max(1, Math.ceil(averageSeconds * (waiting + 1) / settings.parallel()));
    }

    private int positionOf(Pending pending) {
        if (pending.running) {
            return 0;
        }
        int position = 1;
        for (Pending p : queue) {
            if (p == pending) {
                return position;
            }
            if (!p.running) {
                position++;
            }
        }
        return 0;
    }

    private void publishPositions() {
        List<RunEvent> events = new ArrayList<>();
        synchronized (lock) {
            for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (!p.running) {
                    for (Run run : p.runs) {
                        events.add(new RunEvent(run.id(), RunStatus.QUEUED, positionOf(p), null, "", 0, settings.wallLimit().toSeconds(), null));
                    }
                }
            }
        }
        events.forEach(this::publish);
    }

    private void publishAll(Pending pending, RunStatus status, Double fraction, String message, double elapsed, String error) {
        double limit = pending.job.timeout().orElse(settings.wallLimit()).toSeconds();
        for (Run run : pending.runs) {
            publish(new RunEvent(run.id(), status, 0, fraction, message, elapsed, limit, error));
        }
    }

    private void publish(RunEvent event) {
        forEachWatcher(event, watcher -> watcher.accept(event));
    }

    private void forEachWatcher(RunEvent event, Consumer<Watcher> action) {
        List<Watcher> list;
        synchronized (watchers) {
            list = watchers.get(event.id());
        }
        if (list != null) {
            for (Watcher watcher : list) {
                try {
                    action.accept(watcher);
                } catch (RuntimeException e) {
                    log.debug("a watcher of run {} failed: {}", event.id(), e.getMessage());
                }
            }
        }
    }

    private static String cleanPrediction(String prediction) {
        if (prediction == null || prediction.isBlank()) {
            return null;
        }
        String clean = prediction.strip().replaceAll("\\p{Cntrl}", " ");
        return clean.length() > 200 ? clean.substring(0, 200) : clean;
    }

    static String canonical(Map<String, Object> params) {
        try {
            return Json.MAPPER.writeValueAsString(new TreeMap<>(params));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            queue.forEach(p -> p.cancelled.set(true));
            lock.notifyAll();
        }
        workers.forEach(Thread::interrupt);
        recorder.shutdown();
    }
}
