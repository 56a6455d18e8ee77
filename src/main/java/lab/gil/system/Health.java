package lab.gil.system;

import io.javalin.http.Context;
import lab.gil.experiment.Experiments;
import lab.gil.interpreter.Interpreters;
import lab.gil.lesson.LessonCatalog;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        body.put("interpreters", interpreters(experiments.interpreters()));
        ctx.status(databaseUp ? 200 : 503).json(body);
    }

    /** Every interpreter: what it is and whether the GIL is on, or why it cannot be used. The first is the default. */
    static List<Map<String, Object>> interpreters(Interpreters interpreters) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Interpreters.Available available : interpreters.available()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", available.name());
            entry.put("executable", available.interpreter().executable().toString());
            entry.put("available", true);
            entry.put("implementation", available.facts().implementation());
            entry.put("version", available.facts().version());
            entry.put("gilEnabled", available.facts().gilEnabled());
            entry.put("freeThreaded", available.facts().freeThreaded());
            entry.put("options", available.interpreter().options());
            list.add(entry);
        }
        for (Interpreters.Unavailable unavailable : interpreters.unavailable()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", unavailable.name());
            entry.put("executable", unavailable.executable().toString());
            entry.put("available", false);
            entry.put("reason", unavailable.reason());
            list.add(entry);
        }
        return list;
    }

    private boolean databaseUp() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
