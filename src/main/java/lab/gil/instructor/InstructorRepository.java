package lab.gil.instructor;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The instructor's view of the runs table. Every statement is here, in plain portable SQL. */
public final class InstructorRepository {
    private final DataSource dataSource;

    public InstructorRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Every run, oldest first, optionally of one lesson or one experiment. The code itself is not read, only
     * whether the student changed it; results are read only for runs that finished well.
     */
    public List<RunRow> runs(Optional<String> lesson, Optional<String> experiment) {
        String sql = "SELECT id, created_at, lesson, experiment, student, interpreter, status, params_json, prediction, "
                + "CASE WHEN code IS NULL THEN 0 ELSE 1 END AS edited, "
                + "CASE WHEN status = 'done' THEN result_json ELSE NULL END AS result_json, "
                + "CASE WHEN status = 'done' THEN goal_passed ELSE NULL END AS goal_passed "
                + "FROM runs WHERE 1 = 1"
                + lesson.map(l -> " AND lesson = ?").orElse("")
                + experiment.map(e -> " AND experiment = ?").orElse("")
                + " ORDER BY created_at, id";
        List<String> arguments = new ArrayList<>();
        lesson.ifPresent(arguments::add);
        experiment.ifPresent(arguments::add);
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < arguments.size(); i++) {
                statement.setString(i + 1, arguments.get(i));
            }
            try (ResultSet row = statement.executeQuery()) {
                List<RunRow> runs = new ArrayList<>();
                while (row.next()) {
                    runs.add(new RunRow(row.getString("id"), row.getTimestamp("created_at").toInstant(), row.getString("lesson"),
                            row.getString("experiment"), row.getString("student"), row.getString("interpreter"),
                            row.getString("status"), row.getInt("edited") == 1, row.getString("params_json"),
                            row.getString("prediction"), Measured.of(row.getString("result_json")),
                            row.getObject("goal_passed") == null ? null : row.getBoolean("goal_passed")));
                }
                return runs;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database query failed: " + e.getMessage(), e);
        }
    }
}
