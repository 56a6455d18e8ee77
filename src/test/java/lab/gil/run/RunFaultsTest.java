package lab.gil.run;

import lab.gil.db.Database;
import lab.gil.interpreter.Interpreter;
import lab.gil.interpreter.InterpreterFacts;
import lab.gil.interpreter.Interpreters;
import lab.gil.lesson.LessonCatalog;
import lab.gil.run.events.Watcher;
import lab.gil.run.execution.Executor;
import lab.gil.run.execution.ExperimentRunner.Execution;
import lab.gil.run.record.RunRepository;
import lab.gil.support.FlakyDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Whatever fails in one run's life ends at most that run; the worker then takes the next. */
class RunFaultsTest {
    @TempDir
    Path lessons;

    private FlakyDataSource database;
    private RunRepository repository;
    private Runs runs;

    private Runs runs(Executor executor, Clock clock) throws Exception {
        Files.writeString(lessons.resolve("lab.md"), lesson("Lab", 1,
                "```python experiment\n# id: x\n# title: X\n# chart: table\n# param: n = 1 in 1..100 -- N\npass\n```\n"));
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Database.migrate(h2);
        database = new FlakyDataSource(h2);
        repository = new RunRepository(database);
        Interpreters interpreters = new Interpreters(List.of(new Interpreters.Available(
                Interpreter.of("python3", Path.of("/usr/bin/python3")), new InterpreterFacts("CPython", "3.11.2", true, false))), List.of());
        runs = new Runs(new LessonCatalog(lessons, Duration.ZERO, Clock.systemUTC()), repository, executor, interpreters,
                new QueueSettings(10, 1, 100, 10, 1000, Duration.ofSeconds(30)), clock);
        runs.start();
        return runs;
    }

    private Runs runs(Executor executor) throws Exception {
        return runs(executor, Clock.systemUTC());
    }

    private static Executor finishing(Function<Integer, Execution> byN) {
        return (job, progress, cancelled) -> byN.apply(((Number) job.params().get("n")).intValue());
    }

    private static RunRequest request(int n, String student) {
        return new RunRequest("lab", "x", Map.of("n", n), null, null, null, student, "10.0.0.1");
    }

    private Run awaitFinal(String id) {
        return await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> runs.find(id).orElseThrow(), run -> run.status().finished());
    }

    private Run awaitRecorded(String id, RunStatus status) {
        return await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> repository.find(id).orElseThrow(), run -> run.status() == status);
    }

    @AfterEach
    void stop() {
        if (runs != null) {
            runs.close();
        }
    }

    @Test
    void aCancelAtTheInstantARunStartsEndsOnlyThatRun() throws Exception {
        AtomicReference<String> first = new AtomicReference<>();
        // The worker reads the clock while it takes the run; the student's cancel lands exactly then, on its thread.
        StartHook clock = new StartHook(() -> {
            await().until(() -> first.get() != null);
            runs.cancel(first.get(), "ann");
        });
        runs(finishing(n -> new Execution(RunStatus.DONE, null, null)), clock);
        clock.armed = true;
        first.set(runs.submit(request(1, "ann")).run().id());

        assertThat(awaitFinal(first.get())).satisfies(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.KILLED);
            assertThat(run.error()).isEqualTo("You cancelled this run.");
        });
        assertThat(clock.fired.get()).isEqualTo(1);
        String next = runs.submit(request(2, "bob")).run().id();
        assertThat(awaitFinal(next).status()).isEqualTo(RunStatus.DONE);
        assertThat(runs.flow().workers()).isEqualTo(1);
    }

    @Test
    void aWatcherThatThrowsDoesNotStopTheRunOrTheWorker() throws Exception {
        CountDownLatch watching = new CountDownLatch(1);
        runs(finishing(n -> {
            awaitLatch(watching);
            return new Execution(RunStatus.DONE, null, null);
        }));
        String first = runs.submit(request(1, "ann")).run().id();
        List<RunStatus> heard = new CopyOnWriteArrayList<>();
        runs.watch(first, new Watcher() {
            @Override
            public void accept(RunEvent event) {
                heard.add(event.status());
                throw new IllegalStateException("the browser went away");
            }

            @Override
            public void prepare(RunEvent event) {
                throw new IllegalStateException("the renderer broke");
            }
        });
        watching.countDown();

        assertThat(awaitRecorded(first, RunStatus.DONE).status()).isEqualTo(RunStatus.DONE);
        String next = runs.submit(request(2, "bob")).run().id();
        assertThat(awaitRecorded(next, RunStatus.DONE).status()).isEqualTo(RunStatus.DONE);
        assertThat(heard).contains(RunStatus.DONE);
    }

    @Test
    void anExecutorThatBreaksFailsThatRunWithASentenceAndTheNextRunFinishes() throws Exception {
        runs(finishing(n -> {
            if (n == 1) {
                throw new AssertionError("a bug in the sandbox");
            }
            if (n == 2) {
                throw new IllegalStateException("the sandbox could not start");
            }
            return new Execution(RunStatus.DONE, null, null, () -> {
                throw new IllegalStateException("the work folder could not be freed");
            });
        }));
        String broken = runs.submit(request(1, "ann")).run().id();
        String failing = runs.submit(request(2, "bob")).run().id();
        String next = runs.submit(request(3, "cat")).run().id();

        assertThat(awaitRecorded(broken, RunStatus.FAILED).error()).isEqualTo("The server failed while handling this run. It has been logged; run it again.");
        assertThat(awaitRecorded(failing, RunStatus.FAILED).error()).isEqualTo("The server could not start the interpreter: the sandbox could not start");
        assertThat(awaitRecorded(next, RunStatus.DONE).status()).isEqualTo(RunStatus.DONE);
        String afterFailedRelease = runs.submit(request(4, "dan")).run().id();
        assertThat(awaitRecorded(afterFailedRelease, RunStatus.DONE).status()).isEqualTo(RunStatus.DONE);
        assertThat(runs.flow().workers()).isEqualTo(1);
    }

    @Test
    void anEndTheDatabaseRefusesIsKeptAndWrittenOnceItIsBackAndTheNextRunFinishes() throws Exception {
        AtomicInteger executed = new AtomicInteger();
        CountDownLatch bothQueued = new CountDownLatch(1);
        runs(finishing(n -> {
            executed.incrementAndGet();
            if (n == 1) {
                awaitLatch(bothQueued);
                database.down();
            }
            return new Execution(RunStatus.DONE, null, null);
        }));
        String during = runs.submit(request(1, "ann")).run().id();
        String waiting = runs.submit(request(2, "bob")).run().id();
        bothQueued.countDown();

        // Both end while the database is down: the API answers their end from memory, health counts them.
        assertThat(awaitFinal(during).status()).isEqualTo(RunStatus.DONE);
        assertThat(awaitFinal(waiting).status()).isEqualTo(RunStatus.DONE);
        assertThat(runs.flow().unwrittenEnds()).isEqualTo(2);
        assertThat(runs.flow().flowing()).isFalse();

        database.up();
        assertThat(awaitRecorded(during, RunStatus.DONE).finishedAt()).isNotNull();
        assertThat(awaitRecorded(waiting, RunStatus.DONE).finishedAt()).isNotNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> runs.flow().flowing());
        String next = runs.submit(request(3, "cat")).run().id();
        assertThat(awaitRecorded(next, RunStatus.DONE).status()).isEqualTo(RunStatus.DONE);
        assertThat(executed.get()).isEqualTo(3);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The system clock, but the first read on a worker's thread after arming runs {@code hook} on that thread. */
    private static final class StartHook extends Clock {
        private final Runnable hook;
        private final AtomicInteger fired = new AtomicInteger();
        private volatile boolean armed;

        StartHook(Runnable hook) {
            this.hook = hook;
        }

        @Override
        public Instant instant() {
            if (armed && Thread.currentThread().getName().startsWith("run-worker-") && fired.compareAndSet(0, 1)) {
                hook.run();
            }
            return Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
