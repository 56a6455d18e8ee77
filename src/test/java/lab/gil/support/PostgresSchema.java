package lab.gil.support;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh schema on the PostgreSQL server of GILLAB_TEST_POSTGRES_URL (CI sets it). Without a server the test is
 * skipped loudly, except in CI where that is a failure.
 */
public record PostgresSchema(String url, String schema) {
    public static PostgresSchema fresh(String prefix) {
        String url = System.getenv("GILLAB_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            String message = "GILLAB_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against.";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            System.err.println("\n*** SKIPPING POSTGRESQL TEST *** " + message + "\n");
            Assumptions.abort(message);
        }
        String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(url);
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a schema on " + url + ": " + e.getMessage(), e);
        }
        return new PostgresSchema(url, schema);
    }

    /** The JDBC URL of this schema, as a node's GILLAB_DB_URL. */
    public String jdbcUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setCurrentSchema(schema);
        return dataSource;
    }
}
