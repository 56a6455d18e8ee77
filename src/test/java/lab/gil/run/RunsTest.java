package lab.gil.run;

import lab.gil.run.events.Watcher;
import lab.gil.run.execution.Executor;

import lab.gil.run.execution.ExperimentRunner;
import lab.gil.run.record.RunRepository;

import lab.gil.db.Database;
import lab.gil.interpreter.Interpreter;
import lab.gil.interpreter.InterpreterFacts;
import lab.gil.interpreter.Interpreters;
import lab.gil.lesson.LessonCatalog;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The queue's rules, with a stand-in executor that finishes only when the test says so. */
class RunsTest {
    @TempDir
    Path lessons;

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger executions = new AtomicInteger();
    private RunRepository repository;
    private JdbcDataSource dataSource;
    private Runs service;

    private Runs service(QueueSettings settings) throws IOException {
        return service(settings, (job, progress, cancelled) -> {
            executions.incrementAndGet();
            try {
                while (!release.await(20, TimeUnit.MILLISECONDS)) {
                    if (cancelled.get()) {
                        return new ExperimentRunner.Execution(RunStatus.KILLED, "You cancelled this run.", null);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ExperimentRunner.Execution(RunStatus.DONE, null, null);
        });
    }

    private Runs service(QueueSettings settings, Executor executor) throws IOException {
        Files.writeString(lessons.resolve("lab.md"), lesson("Lab", 1,
                "```python experiment\n# id: x\n# title: X\n# chart: table\n# param: n = 1 in 1..100 -- N\npass\n```\n"));
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Database.migrate(dataSource);
        repository = new RunRepository(dataSource);
        Interpreters interpreters = new Interpreters(List.of(new Interpreters.Available(
                Interpreter.of("python3", Path.of("/usr/bin/python3")), new InterpreterFacts("CPython", "3.11.2", true, false))), List.of());
        service = new Runs(new LessonCatalog(lessons, Duration.ZERO, Clock.systemUTC()), repository, executor, interpreters,
                settings, Clock.systemUTC());
        service.start();
        return service;
    }

    private static QueueSettings settings(int capacity, int perMinute, int waitingPerStudent) {
        return new QueueSettings(capacity, 1, perMinute, waitingPerStudent, 2000, Duration.ofSeconds(30));
    }

    private static RunRequest request(int n, String student) {
        return new RunRequest("lab", "x", Map.of("n", n), null, null, null, student, "client-" + student);
    }

    private Run awaitStatus(String id, RunStatus status) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            Optional<Run> run = service.find(id);
            if (run.isPresent() && run.get().status() == status) {
                return run.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("run " + id + " never became " + status + ": " + service.find(id));
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (service != null) {
            service.close();
        }
    }

    @Test
    void identicalRequestsShareOneExecutionButEachStudentKeepsTheirOwnRun() throws Exception {
        service(settings(10, 30, 3));
        Submitted first = service.submit(request(5, "ann"));
        awaitStatus(first.run().id(), RunStatus.RUNNING);
        Submitted second = service.submit(request(5, "bob"));

        assertThat(second.shared()).isTrue();
        assertThat(second.run().id()).isNotEqualTo(first.run().id());
        release.countDown();
        assertThat(awaitStatus(first.run().id(), RunStatus.DONE).student()).isEqualTo("ann");
        assertThat(awaitStatus(second.run().id(), RunStatus.DONE).student()).isEqualTo("bob");
        assertThat(executions.get()).isEqualTo(1);
    }

    @Test
    void runsWaitTheirTurnAndKnowTheirPlace() throws Exception {
        service(settings(10, 30, 3));
        Submitted running = service.submit(request(1, "ann"));
        awaitStatus(running.run().id(), RunStatus.RUNNING);
        Submitted second = service.submit(request(2, "bob"));
        Submitted third = service.submit(request(3, "cat"));

        assertThat(service.position(running.run().id())).isZero();
        assertThat(service.position(second.run().id())).isEqualTo(1);
        assertThat(service.position(third.run().id())).isEqualTo(2);
        // The run shows as running just before its worker calls the executor.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(executions.get()).isEqualTo(1));
    }

    @Test
    void aFullQueueAnswersBusyWithARetryTime() throws Exception {
        service(settings(1, 30, 3));
        awaitStatus(service.submit(request(1, "ann")).run().id(), RunStatus.RUNNING);
        service.submit(request(2, "bob"));

        assertThatThrownBy(() -> service.submit(request(3, "cat")))
                .isInstanceOfSatisfying(RunRefused.Busy.class, busy -> {
                    assertThat(busy.getMessage()).startsWith("The queue is full (1 runs waiting). Try again in ");
                    assertThat(busy.retryAfterSeconds()).isPositive();
                });
    }

    @Test
    void oneClientCannotFloodTheQueue() throws Exception {
        service(settings(50, 3, 50));
        for (int n = 1; n <= 3; n++) {
            service.submit(request(n, "ann"));
        }
        assertThatThrownBy(() -> service.submit(request(4, "ann")))
                .isInstanceOf(RunRefused.Busy.class).hasMessageStartingWith("You started 3 runs in the last minute");
        assertThat(service.submit(request(4, "bob")).run().student()).isEqualTo("bob");
    }

    @Test
    void aStudentMayHaveOnlyAFewRunsWaiting() throws Exception {
        service(settings(50, 30, 2));
        awaitStatus(service.submit(request(1, "ann")).run().id(), RunStatus.RUNNING);
        service.submit(request(2, "ann"));
        service.submit(request(3, "ann"));
        assertThatThrownBy(() -> service.submit(request(4, "ann")))
                .isInstanceOf(RunRefused.Busy.class).hasMessage("You already have 2 runs waiting. Wait for them to start.");
    }

    @Test
    void aStudentCanCancelTheirOwnRunButNotSomeoneElses() throws Exception {
        service(settings(10, 30, 3));
        Submitted running = service.submit(request(1, "ann"));
        awaitStatus(running.run().id(), RunStatus.RUNNING);
        Submitted waiting = service.submit(request(2, "bob"));

        assertThat(service.cancel(waiting.run().id(), "ann")).isFalse();
        assertThat(service.cancel(waiting.run().id(), "bob")).isTrue();
        assertThat(awaitStatus(waiting.run().id(), RunStatus.KILLED).error()).isEqualTo("You cancelled this run.");

        assertThat(service.cancel(running.run().id(), "ann")).isTrue();
        assertThat(awaitStatus(running.run().id(), RunStatus.KILLED).error()).isEqualTo("You cancelled this run.");
    }

    @Test
    void deletingTheHistoryCancelsTheStudentsRunsInProgressAndLeavesOthersAlone() throws Exception {
        service(settings(10, 30, 3));
        Submitted running = service.submit(request(1, "ann"));
        awaitStatus(running.run().id(), RunStatus.RUNNING);
        Submitted waiting = service.submit(request(2, "ann"));
        Submitted bobs = service.submit(request(3, "bob"));

        assertThat(service.deleteHistory("ann")).isEqualTo(2);
        // Ann's execution was stopped (the stand-in executor only ends on release or cancel): Bob's run goes next.
        awaitStatus(bobs.run().id(), RunStatus.RUNNING);
        assertThat(service.find(running.run().id())).isEmpty();
        assertThat(service.find(waiting.run().id())).isEmpty();
        assertThat(executions.get()).isEqualTo(2);

        release.countDown();
        awaitStatus(bobs.run().id(), RunStatus.DONE);
        assertThat(repository.listOfLesson("ann", "lab", 10)).isEmpty();
        assertThat(repository.listOfLesson("bob", "lab", 10)).hasSize(1);
    }

    @Test
    void aRunIsReleasedOnlyAfterItsEndIsRecordedAndAnnounced() throws Exception {
        AtomicReference<String> id = new AtomicReference<>();
        List<RunStatus> announced = new CopyOnWriteArrayList<>();
        AtomicReference<RunStatus> recordedAtRelease = new AtomicReference<>();
        AtomicReference<List<RunStatus>> announcedAtRelease = new AtomicReference<>();
        CountDownLatch released = new CountDownLatch(1);
        service(settings(10, 30, 3), (job, progress, cancelled) -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ExperimentRunner.Execution(RunStatus.DONE, null, null, () -> {
                recordedAtRelease.set(repository.find(id.get()).orElseThrow().status());
                announcedAtRelease.set(List.copyOf(announced));
                released.countDown();
            });
        });
        id.set(service.submit(request(1, "ann")).run().id());
        service.watch(id.get(), event -> announced.add(event.status()));
        release.countDown();

        assertThat(released.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(recordedAtRelease.get()).isEqualTo(RunStatus.DONE);
        assertThat(announcedAtRelease.get()).last().isEqualTo(RunStatus.DONE);
    }

    @Test
    void watchersPrepareTheEndWhileItIsRecordedAndHearOfItOnlyOnceItIs() throws Exception {
        service(settings(10, 30, 3));
        String id = service.submit(request(1, "ann")).run().id();
        awaitStatus(id, RunStatus.RUNNING);
        List<String> heard = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        service.watch(id, new Watcher() {
            @Override
            public void accept(RunEvent event) {
                heard.add("accept " + event.status().id() + ", recorded " + repository.find(id).orElseThrow().status().id());
                if (event.status().finished()) {
                    ended.countDown();
                }
            }

            @Override
            public void prepare(RunEvent event) {
                heard.add("prepare " + event.status().id());
            }
        });
        release.countDown();

        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(heard).containsSubsequence("prepare done", "accept done, recorded done");
    }

    @Test
    void recordingThatARunStartedNeverUndoesItsEnd() throws Exception {
        service(settings(10, 30, 3));
        Run queued = new Run("late-1", "lab", "x", "ann", "python3", Map.of("n", 1), "h", null, null, RunStatus.QUEUED, null,
                null, Instant.now(), null, null);
        repository.insert(queued);
        Run started = queued.withStatus(RunStatus.RUNNING, null, null, Instant.now(), null);

        repository.markStarted(started);
        assertThat(repository.find("late-1")).get().extracting(Run::status).isEqualTo(RunStatus.RUNNING);

        repository.updateStatus(started.withStatus(RunStatus.KILLED, "You cancelled this run.", null, started.startedAt(), Instant.now()));
        repository.markStarted(started);
        assertThat(repository.find("late-1")).get().satisfies(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.KILLED);
            assertThat(run.finishedAt()).isNotNull();
        });
    }

    @Test
    void runsLeftUnfinishedByAStoppedServerAreMarkedInterrupted() throws Exception {
        service(settings(10, 30, 3));
        Run finished = new Run("done-1", "lab", "x", "ann", "python3", Map.of("n", 1), "h", null, null, RunStatus.DONE, null,
                "{\"chart\":\"table\"}", Instant.now(), Instant.now(), Instant.now());
        Run orphan = new Run("orphan-1", "lab", "x", "ann", "python3", Map.of("n", 1), "h", null, null, RunStatus.RUNNING, null,
                null, Instant.now(), Instant.now(), null);
        repository.insert(finished);
        repository.insert(orphan);

        RunRepository otherInstance = new RunRepository(dataSource, "other-host");
        otherInstance.insert(new Run("elsewhere-1", "lab", "x", "bob", "python3", Map.of("n", 1), "h", null, null, RunStatus.RUNNING, null,
                null, Instant.now(), Instant.now(), null));

        assertThat(repository.interruptUnfinished(Instant.now())).isEqualTo(1);
        assertThat(repository.find("elsewhere-1")).get().extracting(Run::status).isEqualTo(RunStatus.RUNNING);
        assertThat(repository.find("orphan-1")).get().satisfies(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(run.error()).contains("server stopped");
        });
        assertThat(repository.find("done-1")).get().satisfies(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.DONE);
            assertThat(run.result()).isEqualTo(finished.result());
            assertThat(run.error()).isNull();
        });
    }
}
