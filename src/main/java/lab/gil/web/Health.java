package lab.gil.web;

import io.javalin.http.Context;
import lab.gil.run.RunPipeline;
import lab.gil.run.Runs;
import lab.gil.run.nodes.SharedQueue;
import lab.gil.interpreter.Interpreters;
import lab.gil.lesson.LessonCatalog;
import lab.gil.sandbox.CpuSlots;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /health}: enough for Docker's HEALTHCHECK and for an operator's first look. */
public final class Health {
    private final DataSource dataSource;
    private final LessonCatalog catalog;
    private final RunPipeline experiments;

    public Health(DataSource dataSource, LessonCatalog catalog, RunPipeline experiments) {
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.experiments = experiments;
    }

    public void handle(Context ctx) {
        boolean databaseUp = databaseUp();
        Runs.Flow flow = experiments.runs().flow();
        // A web node that runs nothing itself (GILLAB_LOCAL_RUNNER=false) serves pages as long as the database is up.
        boolean up = databaseUp && (flow.workers() > 0 || flow.workersWanted() == 0);
        Optional<List<SharedQueue.Runner>> runners = databaseUp ? experiments.runs().nodes().map(Health::runners) : Optional.empty();
        boolean runnable = runners.map(list -> !list.isEmpty()).orElse(true);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up && flow.flowing() && runnable ? "ok" : "degraded");
        body.put("database", databaseUp ? "ok" : "unreachable");
        body.put("runs", runs(flow));
        experiments.runs().nodes().ifPresent(nodes -> body.put("runners", runners.orElse(List.of())));
        body.put("lessons", catalog.lessons().size());
        body.put("brokenLessons", catalog.lessons().stream().filter(l -> l.broken()).count());
        body.put("sandbox", experiments.sandbox().description());
        body.put("slots", slots(experiments.slots(), flow.workersWanted()));
        Map<String, Object> editedCode = new LinkedHashMap<>();
        editedCode.put("allowed", experiments.editedCode().allowed());
        editedCode.put("reason", experiments.editedCode().reason());
        body.put("editedCode", editedCode);
        body.put("interpreters", interpreters(experiments.interpreters()));
        ctx.status(up ? 200 : 503).json(body);
    }

    /**
     * Whether runs flow: workers taking runs, and run ends not yet recorded (kept while the database was unreachable,
     * written once it is back). {@code flowing} turns true again when all of them are written.
     */
    static Map<String, Object> runs(Runs.Flow flow) {
        Map<String, Object> runs = new LinkedHashMap<>();
        runs.put("flowing", flow.flowing());
        runs.put("workers", flow.workers());
        runs.put("unwrittenEnds", flow.unwrittenEnds());
        runs.put("lastFinished", flow.lastFinished() == null ? null : flow.lastFinished().toString());
        return runs;
    }

    /** Runs at once and the cores of each, or why runs are not pinned to cores. */
    static Map<String, Object> slots(CpuSlots slots, long runsAtOnce) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pinned", slots.pinned());
        body.put("runsAtOnce", runsAtOnce);
        body.put("cores", slots.pinned() ? slots.slots().stream().map(CpuSlots.Slot::cores).toList() : List.of());
        if (!slots.pinned()) {
            body.put("reason", slots.reason());
        }
        return body;
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

    /** The runner nodes that beat within the timeout; empty if the database cannot say. */
    private static List<SharedQueue.Runner> runners(SharedQueue nodes) {
        try {
            return nodes.runners();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private boolean databaseUp() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
