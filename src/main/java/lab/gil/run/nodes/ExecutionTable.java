package lab.gil.run.nodes;

import com.fasterxml.jackson.core.JsonProcessingException;
import lab.gil.run.Json;
import lab.gil.run.Run;
import lab.gil.run.RunRefused;
import lab.gil.run.RunStatus;
import lab.gil.run.queue.Planned;
import lab.gil.run.queue.RunQueue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared queue's statements (table run_executions, PostgreSQL only): admit, claim, end, cancel. Admissions take
 * one transaction-scoped advisory lock, so the room, a student's round and the sharing of identical runs are decided
 * one admission at a time across all web nodes; claims take none and skip the rows other nodes hold.
 */
final class ExecutionTable {
    /** The advisory lock of admissions: any fixed number; only this table uses it. */
    private static final long ADMISSION_LOCK = 0x6711_ab00L;
    static final String ACTIVE = "('queued', 'running')";

    private final Sql sql;
    private final String instance;
    private final Clock clock;

    /** What a runner needs to plan an execution again from the lesson: the request as admitted. */
    record Request(String lesson, String experiment, Map<String, Object> params, String code, String interpreter, int repetitions) {
    }

    /** A run admitted: joined an identical execution ({@code shared}) or queued its own. */
    record Admitted(Run run, boolean shared) {
    }

    /** An execution a runner claimed, and the ids of the runs that started with it. */
    record Claimed(String id, Request request, List<String> runs, Instant startedAt) {
    }

    ExecutionTable(Sql sql, String instance, Clock clock) {
        this.sql = sql;
        this.instance = instance;
        this.clock = clock;
    }

    /**
     * Admits runs together: the student's budget (given their waiting runs), then the room (executions waiting, at
     * most {@code capacity}), then each run joins an identical waiting or running execution or queues its own in the
     * student's next round.
     */
    List<Admitted> admit(String student, List<Planned> planned, RunQueue.Budget budget, int capacity, int retryAfter) {
        return sql.transaction(c -> {
            Sql.query(c, "SELECT pg_advisory_xact_lock(?)", s -> s.setLong(1, ADMISSION_LOCK), row -> 1);
            long waiting = student == null ? 0 : Sql.count(c, "SELECT COUNT(*) FROM runs WHERE student = ? AND status = 'queued' "
                    + "AND execution_id IS NOT NULL", s -> s.setString(1, student));
            budget.admit(waiting, planned.size());
            long round = student == null ? 0 : Sql.count(c, "SELECT COUNT(*) FROM runs WHERE student = ? AND status IN " + ACTIVE
                    + " AND execution_id IS NOT NULL", s -> s.setString(1, student));
            long room = capacity - Sql.count(c, "SELECT COUNT(*) FROM run_executions WHERE status = 'queued'", s -> { });
            List<Admitted> admitted = new ArrayList<>();
            for (Planned plan : planned) {
                String key = sha256(plan.key());
                int runRound = (int) round++;
                List<String[]> existing = Sql.query(c, "SELECT id, status FROM run_executions WHERE exec_key = ? AND status IN "
                        + ACTIVE + " AND NOT cancelled FOR UPDATE", s -> s.setString(1, key), row -> new String[]{row.getString(1), row.getString(2)});
                if (!existing.isEmpty()) {
                    String id = existing.get(0)[0];
                    Run run = "running".equals(existing.get(0)[1])
                            ? plan.run().withStatus(RunStatus.RUNNING, null, null, clock.instant(), null) : plan.run();
                    insertRun(c, run, id);
                    Sql.update(c, "UPDATE run_executions SET round_no = LEAST(round_no, ?) WHERE id = ?", s -> {
                        s.setInt(1, runRound);
                        s.setString(2, id);
                    });
                    admitted.add(new Admitted(run, true));
                    continue;
                }
                if (room-- <= 0) {
                    throw new RunRefused.Busy("The queue is full (" + capacity + " runs waiting). Try again in " + retryAfter + " s.", retryAfter);
                }
                String id = UUID.randomUUID().toString();
                Run run = plan.run();
                Request request = new Request(run.lesson(), run.experiment(), run.params(), run.code(), run.interpreter(), plan.job().repetitions());
                Sql.update(c, "INSERT INTO run_executions (id, exec_key, round_no, seq, status, request_json, created_at) "
                        + "VALUES (?, ?, ?, nextval('run_arrivals'), 'queued', ?, now())", s -> {
                    s.setString(1, id);
                    s.setString(2, key);
                    s.setInt(3, runRound);
                    s.setString(4, json(request));
                });
                insertRun(c, run, id);
                admitted.add(new Admitted(run, false));
            }
            return admitted;
        });
    }

    /**
     * Claims the next waiting execution for {@code node}: the lowest round, then the earliest; rows another node is
     * claiming are skipped, never waited for. Its runs start with it.
     */
    Optional<Claimed> claim(String node) {
        Instant now = clock.instant();
        return sql.transaction(c -> {
            List<String[]> claimed = Sql.query(c, "UPDATE run_executions SET status = 'running', node = ?, claimed_at = now() "
                    + "WHERE id = (SELECT id FROM run_executions WHERE status = 'queued' ORDER BY round_no, seq LIMIT 1 "
                    + "FOR UPDATE SKIP LOCKED) RETURNING id, request_json", s -> s.setString(1, node),
                    row -> new String[]{row.getString(1), row.getString(2)});
            if (claimed.isEmpty()) {
                return Optional.empty();
            }
            String id = claimed.get(0)[0];
            List<String> runs = Sql.query(c, "UPDATE runs SET status = 'running', started_at = ? WHERE execution_id = ? "
                    + "AND status = 'queued' RETURNING id", s -> {
                s.setTimestamp(1, Sql.timestamp(now));
                s.setString(2, id);
            }, row -> row.getString(1));
            return Optional.of(new Claimed(id, request(claimed.get(0)[1]), runs, now));
        });
    }

    /** The runs still attached to a running execution (a cancel may have taken some away). */
    List<String> running(String execution) {
        return sql.query("SELECT id FROM runs WHERE execution_id = ? AND status = 'running'", s -> s.setString(1, execution),
                row -> row.getString(1));
    }

    /**
     * An execution has run: from now on no run joins it (admissions join only waiting or running ones, and wait for
     * this row while it changes), so the runs returned are exactly those whose end is to be recorded.
     */
    List<String> ending(String execution) {
        return sql.transaction(c -> {
            Sql.update(c, "UPDATE run_executions SET status = 'ending' WHERE id = ?", s -> s.setString(1, execution));
            return Sql.query(c, "SELECT id FROM runs WHERE execution_id = ? AND status = 'running'", s -> s.setString(1, execution),
                    row -> row.getString(1));
        });
    }

    /** Whether nobody wants this execution any more: every run cancelled, or it was taken away from its node. */
    boolean cancelled(String execution) {
        List<Boolean> rows = sql.query("SELECT cancelled FROM run_executions WHERE id = ?", s -> s.setString(1, execution),
                row -> row.getBoolean(1));
        return rows.isEmpty() || rows.get(0);
    }

    /** Forgets an execution that ended; its runs were recorded. */
    void remove(String execution) {
        sql.update("DELETE FROM run_executions WHERE id = ?", s -> s.setString(1, execution));
    }

    /**
     * Cancels a student's own waiting or running run. An execution nobody else waits on is dropped if waiting, or
     * marked cancelled for its node if running. Returns the run's execution, or empty if it was not this student's
     * or had ended.
     */
    Optional<String> cancel(String id, String student, String reason) {
        Instant now = clock.instant();
        return sql.transaction(c -> {
            List<String> executions = Sql.query(c, "SELECT e.id FROM runs r JOIN run_executions e ON e.id = r.execution_id "
                    + "WHERE r.id = ? AND r.student = ? FOR UPDATE OF e", s -> {
                s.setString(1, id);
                s.setString(2, student);
            }, row -> row.getString(1));
            if (executions.isEmpty()) {
                return Optional.empty();
            }
            String execution = executions.get(0);
            int changed = Sql.update(c, "UPDATE runs SET status = 'killed', error = ?, finished_at = ? WHERE id = ? AND status IN " + ACTIVE, s -> {
                s.setString(1, reason);
                s.setTimestamp(2, Sql.timestamp(now));
                s.setString(3, id);
            });
            if (changed == 0) {
                return Optional.empty();
            }
            long others = Sql.count(c, "SELECT COUNT(*) FROM runs WHERE execution_id = ? AND status IN " + ACTIVE, s -> s.setString(1, execution));
            if (others == 0) {
                Sql.update(c, "UPDATE run_executions SET cancelled = TRUE WHERE id = ?", s -> s.setString(1, execution));
                Sql.update(c, "DELETE FROM run_executions WHERE id = ? AND status = 'queued'", s -> s.setString(1, execution));
            }
            return Optional.of(execution);
        });
    }

    /** The ids of a student's runs waiting or running in the shared queue, waiting ones first. */
    List<String> activeOf(String student) {
        return sql.query("SELECT id FROM runs WHERE student = ? AND status IN " + ACTIVE + " AND execution_id IS NOT NULL "
                + "ORDER BY CASE status WHEN 'queued' THEN 0 ELSE 1 END", s -> s.setString(1, student), row -> row.getString(1));
    }

    private void insertRun(Connection c, Run run, String execution) throws SQLException {
        Sql.update(c, "INSERT INTO runs (id, lesson, experiment, student, interpreter, params_json, code_hash, code, prediction, "
                + "status, created_at, started_at, instance, execution_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setString(1, run.id());
            s.setString(2, run.lesson());
            s.setString(3, run.experiment());
            s.setString(4, run.student());
            s.setString(5, run.interpreter());
            s.setString(6, json(run.params()));
            s.setString(7, run.codeHash());
            s.setString(8, run.code());
            s.setString(9, run.prediction());
            s.setString(10, run.status().id());
            s.setTimestamp(11, Sql.timestamp(run.createdAt()));
            s.setTimestamp(12, Sql.timestamp(run.startedAt()));
            s.setString(13, instance);
            s.setString(14, execution);
        });
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Request request(String json) {
        try {
            return Json.MAPPER.readValue(json, Request.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a queued request is not JSON: " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
