package lab.gil.run.record;

import lab.gil.run.Json;
import lab.gil.run.Run;
import lab.gil.run.RunStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The runs table. Every statement is here, in plain portable SQL. */
public final class RunRepository {
    static final String COLUMNS = "id, lesson, experiment, student, interpreter, params_json, code_hash, code, "
            + "prediction, status, error, result_json, created_at, started_at, finished_at";

    private final DataSource dataSource;
    private final String instance;
    private final RunsVersions versions = new RunsVersions(Clock.systemUTC(), Duration.ofSeconds(1));

    /** @param instance this server's name (GILLAB_INSTANCE): the runs it queues carry it */
    public RunRepository(DataSource dataSource, String instance) {
        this.dataSource = dataSource;
        this.instance = instance;
    }

    public RunRepository(DataSource dataSource) {
        this(dataSource, "local");
    }

    public void insert(Run run) {
        update("INSERT INTO runs (" + COLUMNS + ", instance, goal_passed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", statement -> {
            statement.setString(1, run.id());
            statement.setString(2, run.lesson());
            statement.setString(3, run.experiment());
            statement.setString(4, run.student());
            statement.setString(5, run.interpreter());
            statement.setString(6, toJson(run.params()));
            statement.setString(7, run.codeHash());
            statement.setString(8, run.code());
            statement.setString(9, run.prediction());
            statement.setString(10, run.status().id());
            statement.setString(11, run.error());
            statement.setString(12, run.result());
            statement.setTimestamp(13, timestamp(run.createdAt()));
            statement.setTimestamp(14, timestamp(run.startedAt()));
            statement.setTimestamp(15, timestamp(run.finishedAt()));
            statement.setString(16, instance);
            setGoalPassed(statement, 17, run);
        });
    }

    /**
     * Records a change of status with its error, result and goal; says whether the run changed. A final status goes
     * only over a run still queued or running: a cancel or interruption is not overwritten by a later end.
     */
    public boolean updateStatus(Run run) {
        int[] rows = new int[1];
        update("UPDATE runs SET status = ?, error = ?, result_json = ?, started_at = ?, finished_at = ?, goal_passed = ? WHERE id = ?"
                + (run.status().finished() ? " AND status IN ('queued', 'running')" : ""), statement -> {
            statement.setString(1, run.status().id());
            statement.setString(2, run.error());
            statement.setString(3, run.result());
            statement.setTimestamp(4, timestamp(run.startedAt()));
            statement.setTimestamp(5, timestamp(run.finishedAt()));
            setGoalPassed(statement, 6, run);
            statement.setString(7, run.id());
        }, rows);
        return rows[0] > 0;
    }

    /**
     * Records that a queued run started. Only a run still queued changes, so a late call cannot undo a cancellation
     * or a finish recorded meanwhile.
     */
    public void markStarted(Run run) {
        update("UPDATE runs SET status = ?, started_at = ? WHERE id = ? AND status = ?", statement -> {
            statement.setString(1, RunStatus.RUNNING.id());
            statement.setTimestamp(2, timestamp(run.startedAt()));
            statement.setString(3, run.id());
            statement.setString(4, RunStatus.QUEUED.id());
        });
    }

    public Optional<Run> find(String id) {
        List<Run> runs = query("SELECT " + COLUMNS + " FROM runs WHERE id = ?", statement -> statement.setString(1, id));
        return runs.stream().findFirst();
    }

    /** A student's runs of one experiment, newest first. */
    public List<Run> history(String student, String lesson, String experiment, int limit) {
        return query("SELECT " + COLUMNS + " FROM runs WHERE student = ? AND lesson = ? AND experiment = ? "
                + "ORDER BY created_at DESC FETCH FIRST " + limit + " ROWS ONLY", statement -> {
            statement.setString(1, student);
            statement.setString(2, lesson);
            statement.setString(3, experiment);
        });
    }

    /**
     * A student's runs of one lesson, newest first, without their results (a page lists many of them;
     * {@link #find} reads a whole run).
     */
    public List<Run> listOfLesson(String student, String lesson, int limit) {
        return query("SELECT " + COLUMNS.replace("result_json", "NULL AS result_json") + " FROM runs WHERE student = ? AND lesson = ? "
                + "ORDER BY created_at DESC FETCH FIRST " + limit + " ROWS ONLY", statement -> {
            statement.setString(1, student);
            statement.setString(2, lesson);
        });
    }

    /**
     * Whether each of a student's judged runs of a lesson (of one experiment, when given) met its goal, by run id;
     * runs without a goal, not judged or not finished are left out.
     */
    public Map<String, Boolean> goalsOfLesson(String student, String lesson, String experiment) {
        String sql = "SELECT id, goal_passed FROM runs WHERE student = ? AND lesson = ? AND goal_passed IS NOT NULL"
                + (experiment == null ? "" : " AND experiment = ?");
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, student);
            statement.setString(2, lesson);
            if (experiment != null) {
                statement.setString(3, experiment);
            }
            try (ResultSet rows = statement.executeQuery()) {
                Map<String, Boolean> goals = new HashMap<>();
                while (rows.next()) {
                    goals.put(rows.getString("id"), rows.getBoolean("goal_passed"));
                }
                return goals;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database query failed: " + e.getMessage(), e);
        }
    }

    /**
     * A fingerprint of a student's runs: it changes when one is added, starts, finishes or is deleted.
     * (A run passes through at most these states, each stamping a time or the count.) Remembered until this
     * server writes a run, and for at most a second, for writes by other instances sharing the database.
     */
    public String runsVersion(String student) {
        return versions.get(student, this::readRunsVersion);
    }

    private String readRunsVersion(String student) {
        String sql = "SELECT COUNT(*), MAX(created_at), MAX(started_at), MAX(finished_at) FROM runs WHERE student = ?";
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, student);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1) + "/" + row.getTimestamp(2) + "/" + row.getTimestamp(3) + "/" + row.getTimestamp(4);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database query failed: " + e.getMessage(), e);
        }
    }

    /** A student's latest finished run of every experiment they ran on each interpreter, with its result. */
    public List<Run> latestFinished(String student) {
        return query("SELECT " + COLUMNS + " FROM (SELECT r.*, ROW_NUMBER() OVER (PARTITION BY lesson, experiment, interpreter "
                + "ORDER BY created_at DESC) AS newest FROM runs r WHERE student = ? AND status NOT IN ('queued', 'running')) latest "
                + "WHERE newest = 1", statement -> statement.setString(1, student));
    }

    /**
     * What a student did with one experiment: whether a run of it finished well, whether they predicted, and
     * whether a run met the exercise's goal.
     */
    public record Progress(String lesson, String experiment, boolean ran, boolean predicted, boolean solved) {
    }

    public List<Progress> progress(String student) {
        String sql = "SELECT lesson, experiment, MAX(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS ran, "
                + "MAX(CASE WHEN prediction IS NOT NULL THEN 1 ELSE 0 END) AS predicted, "
                + "MAX(CASE WHEN status = 'done' AND goal_passed = TRUE THEN 1 ELSE 0 END) AS solved "
                + "FROM runs WHERE student = ? GROUP BY lesson, experiment";
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, student);
            try (ResultSet rows = statement.executeQuery()) {
                List<Progress> progress = new ArrayList<>();
                while (rows.next()) {
                    progress.add(new Progress(rows.getString("lesson"), rows.getString("experiment"),
                            rows.getInt("ran") == 1, rows.getInt("predicted") == 1, rows.getInt("solved") == 1));
                }
                return progress;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database query failed: " + e.getMessage(), e);
        }
    }

    /** Deletes every run of a student; returns how many. */
    public int deleteByStudent(String student) {
        int[] count = new int[1];
        update("DELETE FROM runs WHERE student = ?", statement -> statement.setString(1, student), count);
        return count[0];
    }

    /** Marks the runs this instance left unfinished when it stopped; returns how many. */
    public int interruptUnfinished(Instant now) {
        int[] count = new int[1];
        update("UPDATE runs SET status = 'interrupted', error = ?, finished_at = ? WHERE status IN ('queued', 'running') "
                + "AND (instance = ? OR instance IS NULL)", statement -> {
            statement.setString(1, "The server stopped before this run finished. Run it again.");
            statement.setTimestamp(2, timestamp(now));
            statement.setString(3, instance);
        }, count);
        return count[0];
    }

    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private void update(String sql, Binder binder, int... count) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            int rows = statement.executeUpdate();
            if (count.length > 0) {
                count[0] = rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database update failed: " + e.getMessage(), e);
        } finally {
            versions.changed();
        }
    }

    List<Run> query(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<Run> runs = new ArrayList<>();
                while (rows.next()) {
                    runs.add(read(rows));
                }
                return runs;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database query failed: " + e.getMessage(), e);
        }
    }

    private static Run read(ResultSet row) throws SQLException {
        return new Run(row.getString("id"), row.getString("lesson"), row.getString("experiment"), row.getString("student"),
                row.getString("interpreter"), fromJson(row.getString("params_json")), row.getString("code_hash"),
                row.getString("code"), row.getString("prediction"), RunStatus.of(row.getString("status")),
                row.getString("error"), row.getString("result_json"), instant(row.getTimestamp("created_at")),
                instant(row.getTimestamp("started_at")), instant(row.getTimestamp("finished_at")));
    }

    private static void setGoalPassed(PreparedStatement statement, int index, Run run) throws SQLException {
        Boolean passed = GoalOutcome.passed(run.result());
        if (passed == null) {
            statement.setNull(index, Types.BOOLEAN);
        } else {
            statement.setBoolean(index, passed);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String toJson(Map<String, Object> params) {
        try {
            return Json.MAPPER.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Map<String, Object> fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored parameters are not JSON: " + e.getMessage(), e);
        }
    }
}
