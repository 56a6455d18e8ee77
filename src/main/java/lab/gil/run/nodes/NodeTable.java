package lab.gil.run.nodes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The heartbeats of the nodes that run experiments (table runner_nodes), and what happens to the runs of a node that
 * stopped beating: they are interrupted with a sentence, never queued again, so nothing is lost or run twice. Times
 * are the database's own clock, so nodes whose clocks disagree still agree on who is silent.
 */
final class NodeTable {
    static final String GONE = "The runner node running it stopped before this run finished. Run it again.";
    static final String RESTARTED = "The runner node running it restarted before this run finished. Run it again.";

    private final Sql sql;
    private final Clock clock;

    /** A node that beat within the timeout: its name, slots, and when it started and last beat. */
    record Node(String name, int slots, Instant startedAt, Instant beatAt) {
    }

    NodeTable(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** Whether a node of this name beat within {@code timeout}: then another process is using the name. */
    boolean alive(String name, Duration timeout) {
        return !sql.query("SELECT 1 FROM runner_nodes WHERE name = ? AND beat_at > now() - make_interval(secs => ?)", s -> {
            s.setString(1, name);
            s.setDouble(2, timeout.toMillis() / 1000.0);
        }, row -> 1).isEmpty();
    }

    /**
     * Says this node is here with {@code slots} slots, after interrupting whatever a previous process of the same
     * name left running. Returns the executions so interrupted.
     */
    List<String> register(String name, int slots) {
        Instant now = clock.instant();
        return sql.transaction(c -> {
            List<String> left = Sql.query(c, "SELECT id FROM run_executions WHERE node = ? AND status IN ('running', 'ending') FOR UPDATE",
                    s -> s.setString(1, name), row -> row.getString(1));
            for (String execution : left) {
                interrupt(c, execution, RESTARTED, now);
            }
            Sql.update(c, "INSERT INTO runner_nodes (name, slots, started_at, beat_at) VALUES (?, ?, now(), now()) "
                    + "ON CONFLICT (name) DO UPDATE SET slots = EXCLUDED.slots, started_at = now(), beat_at = now()", s -> {
                s.setString(1, name);
                s.setInt(2, slots);
            });
            return left;
        });
    }

    /**
     * Marks the runs this node queued in memory before the queue was shared (a server of an earlier version, stopped
     * with runs waiting): no node would ever take them. Returns how many.
     */
    int interruptUnshared(String name) {
        Instant now = clock.instant();
        return sql.update("UPDATE runs SET status = 'interrupted', error = ?, finished_at = ? WHERE status IN " + ExecutionTable.ACTIVE
                + " AND execution_id IS NULL AND (instance = ? OR instance IS NULL)", s -> {
            s.setString(1, "The server stopped before this run finished. Run it again.");
            s.setTimestamp(2, Sql.timestamp(now));
            s.setString(3, name);
        });
    }

    void beat(String name) {
        sql.update("UPDATE runner_nodes SET beat_at = now() WHERE name = ?", s -> s.setString(1, name));
    }

    /** A node stopping on purpose leaves the list at once, rather than after the timeout. */
    void leave(String name) {
        sql.update("DELETE FROM runner_nodes WHERE name = ?", s -> s.setString(1, name));
    }

    /**
     * Interrupts the running executions of nodes silent for longer than {@code timeout}, and forgets executions none
     * of whose runs is waiting or running any more. Returns the executions interrupted.
     */
    List<String> sweep(Duration timeout) {
        Instant now = clock.instant();
        return sql.transaction(c -> {
            List<String> orphaned = Sql.query(c, "SELECT e.id FROM run_executions e WHERE e.status IN ('running', 'ending') AND NOT EXISTS "
                    + "(SELECT 1 FROM runner_nodes n WHERE n.name = e.node AND n.beat_at > now() - make_interval(secs => ?)) "
                    + "FOR UPDATE SKIP LOCKED", s -> s.setDouble(1, timeout.toMillis() / 1000.0), row -> row.getString(1));
            for (String execution : orphaned) {
                interrupt(c, execution, GONE, now);
            }
            // A last net: a run left waiting or running without its execution (which no statement here leaves) ends.
            Sql.update(c, "UPDATE runs SET status = 'interrupted', error = ?, finished_at = ? WHERE status IN " + ExecutionTable.ACTIVE
                    + " AND execution_id IS NOT NULL AND created_at < ? AND NOT EXISTS (SELECT 1 FROM run_executions e "
                    + "WHERE e.id = runs.execution_id)", s -> {
                s.setString(1, GONE);
                s.setTimestamp(2, Sql.timestamp(now));
                s.setTimestamp(3, Sql.timestamp(now.minus(timeout)));
            });
            Sql.update(c, "DELETE FROM run_executions e WHERE e.created_at < now() - interval '1 second' AND NOT EXISTS "
                    + "(SELECT 1 FROM runs r WHERE r.execution_id = e.id AND r.status IN " + ExecutionTable.ACTIVE + ")", s -> { });
            return orphaned;
        });
    }

    /** The nodes that beat within {@code timeout}, by name. */
    List<Node> live(Duration timeout) {
        return sql.query("SELECT name, slots, started_at, beat_at FROM runner_nodes WHERE beat_at > now() - make_interval(secs => ?) "
                + "ORDER BY name", s -> s.setDouble(1, timeout.toMillis() / 1000.0), row -> new Node(row.getString(1), row.getInt(2),
                Sql.instant(row.getTimestamp(3)), Sql.instant(row.getTimestamp(4))));
    }

    private static void interrupt(java.sql.Connection c, String execution, String reason, Instant now) throws java.sql.SQLException {
        Sql.update(c, "UPDATE runs SET status = 'interrupted', error = ?, finished_at = ? WHERE execution_id = ? AND status IN "
                + ExecutionTable.ACTIVE, s -> {
            s.setString(1, reason);
            s.setTimestamp(2, Sql.timestamp(now));
            s.setString(3, execution);
        });
        Sql.update(c, "DELETE FROM run_executions WHERE id = ?", s -> s.setString(1, execution));
    }
}
