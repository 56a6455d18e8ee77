package lab.gil.system;

import io.javalin.http.Context;
import lab.gil.lesson.LessonCatalog;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health}: enough for Docker's HEALTHCHECK and for an operator's first look. */
public final class Health {
    private final DataSource dataSource;
    private final LessonCatalog catalog;

    public Health(DataSource dataSource, LessonCatalog catalog) {
        this.dataSource = dataSource;
        this.catalog = catalog;
    }

    public void handle(Context ctx) {
        boolean databaseUp = databaseUp();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", databaseUp ? "ok" : "degraded");
        body.put("database", databaseUp ? "ok" : "unreachable");
        body.put("lessons", catalog.lessons().size());
        body.put("brokenLessons", catalog.lessons().stream().filter(l -> l.broken()).count());
        ctx.status(databaseUp ? 200 : 503).json(body);
    }

    private boolean databaseUp() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
