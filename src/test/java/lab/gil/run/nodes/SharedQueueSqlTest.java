package lab.gil.run.nodes;

import lab.gil.db.Database;
import lab.gil.lesson.ChartKind;
import lab.gil.run.Run;
import lab.gil.run.RunRefused;
import lab.gil.run.RunStatus;
import lab.gil.run.execution.ExperimentRunner;
import lab.gil.run.queue.Planned;
import lab.gil.run.record.RunRepository;
import lab.gil.support.PostgresSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared queue's statements on a real PostgreSQL server: the claim order, concurrent claims, sharing, capacity and
 * the sweep of a silent node. Skipped loudly without GILLAB_TEST_POSTGRES_URL.
 */
class SharedQueueSqlTest {
    private static final RunQueueBudget NO_LIMIT = new RunQueueBudget();
    private DataSource dataSource;
    private ExecutionTable table;
    private NodeTable nodes;

    /** A budget that admits everything. */
    private static final class RunQueueBudget implements lab.gil.run.queue.RunQueue.Budget {
        @Override
        public void admit(long waitingOfStudent, int count) {
        }
    }

    @BeforeEach
    void onAFreshSchema() {
        dataSource = PostgresSchema.fresh("sql").dataSource();
        Database.migrate(dataSource);
        Sql sql = new Sql(dataSource);
        table = new ExecutionTable(sql, "web", Clock.systemUTC());
        nodes = new NodeTable(sql, Clock.systemUTC());
    }

    @Test
    void noStudentsSecondRunIsClaimedBeforeEveryWaitingStudentsFirst() {
        List<String> ann = admit("ann", 3);
        List<String> bob = admit("bob", 1);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.add(table.claim("node-a").orElseThrow().runs().get(0));
        }
        assertThat(order).containsExactly(ann.get(0), bob.get(0), ann.get(1), ann.get(2));
        assertThat(table.claim("node-a")).isEmpty();
    }

    @Test
    void nodesClaimingTogetherNeverTakeTheSameExecution() throws Exception {
        for (int i = 0; i < 30; i++) {
            admit("student-" + i, 1);
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Callable<List<String>>> claimers = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            String node = "node-" + n;
            claimers.add(() -> {
                List<String> taken = new ArrayList<>();
                for (Optional<ExecutionTable.Claimed> c = table.claim(node); c.isPresent(); c = table.claim(node)) {
                    taken.add(c.get().id());
                }
                return taken;
            });
        }
        List<String> all = new ArrayList<>();
        for (Future<List<String>> taken : pool.invokeAll(claimers)) {
            all.addAll(taken.get());
        }
        pool.shutdown();
        assertThat(all).hasSize(30).doesNotHaveDuplicates();
    }

    @Test
    void identicalRunsShareOneExecutionAndStartTogether() {
        ExecutionTable.Admitted first = table.admit("ann", List.of(planned("same", "ann")), NO_LIMIT, 10, 5).get(0);
        ExecutionTable.Admitted second = table.admit("bob", List.of(planned("same", "bob")), NO_LIMIT, 10, 5).get(0);
        assertThat(first.shared()).isFalse();
        assertThat(second.shared()).isTrue();
        ExecutionTable.Claimed claimed = table.claim("node-a").orElseThrow();
        assertThat(claimed.runs()).containsExactlyInAnyOrder(first.run().id(), second.run().id());
        assertThat(table.claim("node-a")).isEmpty();
    }

    @Test
    void aFullQueueRefusesNewExecutionsButStillLetsARunJoinAnIdenticalOne() {
        table.admit("ann", List.of(planned("one", "ann")), NO_LIMIT, 2, 5);
        table.admit("bob", List.of(planned("two", "bob")), NO_LIMIT, 2, 5);
        assertThatThrownBy(() -> table.admit("cid", List.of(planned("three", "cid")), NO_LIMIT, 2, 5))
                .isInstanceOf(RunRefused.Busy.class).hasMessageContaining("queue is full");
        assertThat(table.admit("cid", List.of(planned("one", "cid")), NO_LIMIT, 2, 5).get(0).shared()).isTrue();
    }

    @Test
    void theRunsOfANodeSilentPastTheTimeoutAreInterruptedAndNeverClaimedAgain() throws Exception {
        List<String> runs = admit("ann", 1);
        nodes.register("node-a", 1);
        ExecutionTable.Claimed claimed = table.claim("node-a").orElseThrow();
        assertThat(nodes.sweep(Duration.ofSeconds(15))).as("a node that beat just now keeps its runs").isEmpty();

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE runner_nodes SET beat_at = now() - interval '1 minute'");
        }
        assertThat(nodes.sweep(Duration.ofSeconds(15))).containsExactly(claimed.id());
        assertThat(nodes.live(Duration.ofSeconds(15))).isEmpty();
        assertThat(status(runs.get(0))).isEqualTo("interrupted");
        assertThat(table.cancelled(claimed.id())).as("the node learns its execution was taken away").isTrue();
        assertThat(table.claim("node-b")).isEmpty();
    }

    @Test
    void aRestartedNodeInterruptsWhatItsEarlierProcessLeftRunning() {
        List<String> runs = admit("ann", 2);
        nodes.register("node-a", 1);
        String left = table.claim("node-a").orElseThrow().id();
        assertThat(nodes.register("node-a", 1)).containsExactly(left);
        assertThat(status(runs.get(0))).isEqualTo("interrupted");
        assertThat(status(runs.get(1))).isEqualTo("queued");
    }

    @Test
    void cancellingAWaitingRunDropsItsExecutionAndASharedRunningOneStopsOnlyWithItsLastRun() {
        String waiting = admit("ann", 1).get(0);
        assertThat(table.cancel(waiting, "bob", "no")).as("only its own student cancels a run").isEmpty();
        assertThat(table.cancel(waiting, "ann", "You cancelled this run.")).isPresent();
        assertThat(status(waiting)).isEqualTo("killed");
        assertThat(table.claim("node-a")).isEmpty();

        String first = table.admit("ann", List.of(planned("same", "ann")), NO_LIMIT, 10, 5).get(0).run().id();
        ExecutionTable.Claimed claimed = table.claim("node-a").orElseThrow();
        ExecutionTable.Admitted joined = table.admit("bob", List.of(planned("same", "bob")), NO_LIMIT, 10, 5).get(0);
        assertThat(joined.shared()).isTrue();
        assertThat(joined.run().status()).isEqualTo(RunStatus.RUNNING);
        table.cancel(first, "ann", "You cancelled this run.");
        assertThat(table.cancelled(claimed.id())).as("bob still waits on it").isFalse();
        assertThat(table.running(claimed.id())).containsExactly(joined.run().id());
        table.cancel(joined.run().id(), "bob", "You cancelled this run.");
        assertThat(table.cancelled(claimed.id())).isTrue();
        assertThat(table.cancel(joined.run().id(), "bob", "again")).as("an ended run is not cancelled twice").isEmpty();
    }

    @Test
    void aRunArrivingWhileAnIdenticalExecutionIsBeingRecordedQueuesItsOwnInsteadOfJoiningIt() {
        String first = table.admit("ann", List.of(planned("same", "ann")), NO_LIMIT, 10, 5).get(0).run().id();
        ExecutionTable.Claimed claimed = table.claim("node-a").orElseThrow();
        assertThat(table.ending(claimed.id())).containsExactly(first);
        ExecutionTable.Admitted late = table.admit("bob", List.of(planned("same", "bob")), NO_LIMIT, 10, 5).get(0);
        assertThat(late.shared()).isFalse();
        assertThat(table.claim("node-b").orElseThrow().runs()).containsExactly(late.run().id());
    }

    @Test
    void runsAnEarlierVersionQueuedInMemoryAreInterruptedWhileTheSharedQueueKeepsItsOwn() {
        Run legacy = planned("legacy", "ann").run();
        new RunRepository(dataSource, "web").insert(legacy);
        String shared = admit("bob", 1).get(0);
        assertThat(nodes.interruptUnshared("web")).isEqualTo(1);
        assertThat(status(legacy.id())).isEqualTo("interrupted");
        assertThat(status(shared)).isEqualTo("queued");
    }

    private List<String> admit(String student, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(table.admit(student, List.of(planned(UUID.randomUUID().toString(), student)), NO_LIMIT, 500, 5).get(0).run().id());
        }
        return Collections.unmodifiableList(ids);
    }

    private static Planned planned(String key, String student) {
        Run run = new Run(UUID.randomUUID().toString(), "lab", "exp", student, "python3", Map.of("n", 1), "hash", null, null,
                RunStatus.QUEUED, null, null, Instant.now(), null, null);
        return new Planned(key, new ExperimentRunner.Job("pass", Map.of("n", 1), 1, ChartKind.BAR, null, Optional.empty()), run);
    }

    private String status(String run) {
        return new Sql(dataSource).query("SELECT status FROM runs WHERE id = ?", s -> s.setString(1, run), row -> row.getString(1)).get(0);
    }
}
