package lab.gil.system;

import io.javalin.http.Context;
import lab.gil.experiment.Experiments;
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
    private final Experiments experiments;

    public Health(DataSource dataSource, LessonCatalog catalog, Experiments experiments) {
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.experiments = experiments;
    }

    public void handle(Context ctx) {
        boolean databaseUp = databaseUp();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", databaseUp ? "ok" : "degraded");
        body.put("database", databaseUp ? "ok" : "unreachable");
        body.put("lessons", catalog.lessons().size());
        body.put("brokenLessons", catalog.lessons().stream().filter(l -> l.broken()).count());
        body.put("sandbox", experiments.sandbox().description());
        body.put("interpreters", experiments.interpreters().all().stream()
                .map(i -> Map.of("name", i.name(), "executable", i.executable().toString())).toList());
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
