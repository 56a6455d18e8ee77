package lab.gil.student;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The students table: the optional display name behind a cookie id. */
public final class StudentRepository {
    private final DataSource dataSource;

    public StudentRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<String> displayName(String student) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT display_name FROM students WHERE id = ?")) {
            statement.setString(1, student);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database query failed: " + e.getMessage(), e);
        }
    }

    /** Sets the name, or forgets it when {@code name} is null. */
    public void rename(String student, String name, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            if (name == null) {
                execute(connection, "DELETE FROM students WHERE id = ?", student);
                return;
            }
            // Update first, insert when there was nothing to update: portable, unlike MERGE or ON CONFLICT.
            if (execute(connection, "UPDATE students SET display_name = ?, updated_at = ? WHERE id = ?", name, now, student) == 0) {
                execute(connection, "INSERT INTO students (id, display_name, updated_at) VALUES (?, ?, ?)", student, name, now);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database update failed: " + e.getMessage(), e);
        }
    }

    private static int execute(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof Instant instant) {
                    statement.setTimestamp(i + 1, Timestamp.from(instant));
                } else {
                    statement.setString(i + 1, (String) values[i]);
                }
            }
            return statement.executeUpdate();
        }
    }
}
