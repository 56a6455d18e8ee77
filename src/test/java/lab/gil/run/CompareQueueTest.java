package lab.gil.run;

import lab.gil.interpreter.Interpreter;
import lab.gil.interpreter.InterpreterFacts;
import lab.gil.interpreter.Interpreters;
import lab.gil.run.Submitted;
import lab.gil.run.RunRequest;
import lab.gil.run.RunRefused;
import lab.gil.run.execution.Executor;
import lab.gil.run.QueueSettings;

import lab.gil.db.Database;
import lab.gil.run.execution.ExperimentRunner;
import lab.gil.run.Run;
import lab.gil.run.record.RunRepository;
import lab.gil.run.Runs;
import lab.gil.run.RunStatus;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the queue admits a comparison: one run per interpreter, all or nothing, with a stand-in executor. */
class CompareQueueTest {
    @TempDir
    Path lessons;

    private final CountDownLatch release = new CountDownLatch(1);
    private Runs service;
    private JdbcDataSource dataSource;

    private Runs service(int capacity, int waitingPerStudent) throws IOException {
        Files.writeString(lessons.resolve("lab.md"), lesson("Lab", 1,
                "```python experiment\n# id: x\n# title: X\n# chart: table\n# param: n = 1 in 1..100 -- N\npass\n```\n"));
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Database.migrate(dataSource);
        InterpreterFacts cpython = new InterpreterFacts("CPython", "3.13.1", true, true);
        Interpreters interpreters = new Interpreters(List.of(
                new Interpreters.Available(Interpreter.of("python3", Path.of("/usr/bin/python3")), cpython),
                new Interpreters.Available(Interpreter.of("ft", Path.of("/usr/bin/python3")), cpython),
                new Interpreters.Available(Interpreter.of("ft+gil", Path.of("/usr/bin/python3")), cpython)),
                List.of(new Interpreters.Unavailable("broken", Path.of("/opt/broken/bin/python3"), "it exited with code 127")));
        Executor blocking = (job, progress, cancelled) -> {
            try {
                // Holds the queue's worker until the test ends or the run is cancelled.
                while (!cancelled.get() && !release.await(20, TimeUnit.MILLISECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ExperimentRunner.Execution(RunStatus.DONE, null, null);
        };
        service = new Runs(new LessonCatalog(lessons, Duration.ZERO, Clock.systemUTC()), new RunRepository(dataSource), blocking,
                interpreters, new QueueSettings(capacity, 1, 30, waitingPerStudent, 2000, Duration.ofSeconds(30)), Clock.systemUTC());
        service.start();
        return service;
    }

    private static RunRequest request(int n, String student) {
        return new RunRequest("lab", "x", Map.of("n", n), null, null, null, student, "client-" + student);
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aComparisonQueuesOneRunPerWorkingInterpreterInOrder() throws Exception {
        service(10, 3);

        List<Submitted> runs = service.compare(request(1, "ann"));

        assertThat(runs).extracting(s -> s.run().interpreter()).containsExactly("python3", "ft", "ft+gil");
        assertThat(runs).extracting(Submitted::shared).containsOnly(false);
        assertThat(runs).extracting(s -> s.run().params()).containsOnly(Map.of("n", 1L));
    }

    @Test
    void aStudentWithNothingWaitingMayCompareOnMoreInterpretersThanTheWaitingCap() throws Exception {
        service(10, 1);

        assertThat(service.compare(request(1, "ann"))).hasSize(3);
        assertThatThrownBy(() -> service.submit(request(2, "ann")))
                .isInstanceOf(RunRefused.Busy.class).hasMessageStartingWith("You already have");
    }

    @Test
    void aQueueWithoutRoomForTheWholeComparisonRefusesAllOfIt() throws Exception {
        service(2, 10);

        assertThatThrownBy(() -> service.compare(request(1, "ann")))
                .isInstanceOf(RunRefused.Busy.class).hasMessageStartingWith("The queue is full (2 runs waiting)");
        assertThat(new RunRepository(dataSource).listOfLesson("ann", "lab", 10)).isEmpty();
    }

    @Test
    void anInterpreterThatCannotStartIsRefusedWithItsReason() throws Exception {
        service(10, 3);

        assertThatThrownBy(() -> service.submit(new RunRequest("lab", "x", Map.of(), null, "broken", null, "ann", "c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The interpreter broken does not work on this server: it exited with code 127.");
        Run chosen = service.submit(new RunRequest("lab", "x", Map.of(), null, "ft", null, "ann", "c")).run();
        assertThat(chosen.interpreter()).isEqualTo("ft");
    }
}
