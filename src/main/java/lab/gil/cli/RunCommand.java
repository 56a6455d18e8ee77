package lab.gil.cli;

import lab.gil.run.Submitted;
import lab.gil.run.RunRequest;
import lab.gil.run.RunRefused;

import lab.gil.run.RunPipeline;
import lab.gil.run.Json;
import lab.gil.run.Run;
import lab.gil.run.Runs;
import lab.gil.run.RunStatus;
import lab.gil.run.result.ResultBuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lab.gil.Config;
import lab.gil.db.Database;
import lab.gil.lesson.LessonCatalog;
import org.h2.jdbcx.JdbcDataSource;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code gil-lab run LESSON/EXPERIMENT [--param k=v]... [--interpreter NAME] [--json]}: runs one experiment
 * headless, through the same queue, sandbox and harness as the server, and prints its result.
 */
public final class RunCommand {
    static final String USAGE = "usage: run LESSON/EXPERIMENT [--param NAME=VALUE]... [--interpreter NAME] [--json]";

    private RunCommand() {
    }

    record Arguments(String lesson, String experiment, Map<String, String> params, String interpreter, boolean json) {
        static Arguments parse(List<String> args) {
            String target = null, interpreter = null;
            boolean json = false;
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--json")) {
                    json = true;
                } else if (arg.equals("--param") || arg.equals("--interpreter")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    String value = args.get(++i);
                    if (arg.equals("--interpreter")) {
                        interpreter = value;
                    } else {
                        param(params, value);
                    }
                } else if (arg.startsWith("--param=")) {
                    param(params, arg.substring("--param=".length()));
                } else if (arg.startsWith("--interpreter=")) {
                    interpreter = arg.substring("--interpreter=".length());
                } else if (arg.startsWith("--")) {
                    throw new IllegalArgumentException("unknown option " + arg);
                } else if (target == null) {
                    target = arg;
                } else {
                    throw new IllegalArgumentException("one experiment at a time (got '" + target + "' and '" + arg + "')");
                }
            }
            if (target == null || !target.matches("[^/]+/[^/]+")) {
                throw new IllegalArgumentException("name the experiment as LESSON/EXPERIMENT, e.g. the-gil/cpu-threads");
            }
            String[] parts = target.split("/");
            return new Arguments(parts[0], parts[1], params, interpreter, json);
        }

        private static void param(Map<String, String> params, String assignment) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--param takes NAME=VALUE, not '" + assignment + "'");
            }
            params.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
    }

    public static int run(List<String> args, Config config, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "\n" + USAGE);
            return 2;
        }
        LessonCatalog catalog = LessonCatalog.of(config.lessonsDir());
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:run-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Database.migrate(dataSource);
        // One run takes no advantage of a waiting interpreter, and starting one would disturb the calibration.
        try (RunPipeline experiments = RunPipeline.start(config.withWarmInterpreters(0), dataSource, catalog)) {
            Submitted submitted = experiments.runs().submit(new RunRequest(arguments.lesson(), arguments.experiment(),
                    arguments.params(), null, arguments.interpreter(), null, "cli", "cli"));
            Run run = awaitEnd(experiments.runs(), submitted.run().id());
            if (arguments.json()) {
                out.println(json(run));
            } else {
                print(run, out);
            }
            return run.status() == RunStatus.DONE ? 0 : 1;
        } catch (IllegalArgumentException | RunRefused.NotFound | RunRefused.Busy e) {
            err.println(e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static Run awaitEnd(Runs runs, String id) throws InterruptedException {
        while (true) {
            Optional<Run> run = runs.find(id);
            if (run.isPresent() && run.get().status().finished()) {
                return run.get();
            }
            Thread.sleep(50);
        }
    }

    private static String json(Run run) {
        try {
            ObjectNode node = Json.MAPPER.valueToTree(run);
            node.set("result", run.result() == null ? null : Json.MAPPER.readTree(run.result()));
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain-text report: status, summary, the numbers drawn, warnings and the fingerprint. */
    static void print(Run run, PrintStream out) {
        out.println(run.lesson() + "/" + run.experiment() + " " + run.params() + ": " + run.status().id()
                + (run.error() == null ? "" : " — " + run.error()));
        if (run.result() == null) {
            return;
        }
        JsonNode result;
        try {
            result = Json.MAPPER.readTree(run.result());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (!result.path("summary").asText().isEmpty()) {
            out.println(result.path("summary").asText());
        }
        List<String[]> rows = new ArrayList<>();
        for (JsonNode r : result.path("repetitions")) {
            rows.add(new String[]{r.path("variant").asText(), seconds(r, "median"), seconds(r, "min"), seconds(r, "max"),
                    String.format(Locale.ROOT, "%.0f%%", r.path("cv").asDouble() * 100), r.path("noisy").asBoolean() ? "noisy" : ""});
        }
        if (!rows.isEmpty()) {
            rows.add(0, new String[]{"variant", "median", "min", "max", "cv", ""});
            table(rows, out);
        }
        for (JsonNode m : result.path("metrics")) {
            out.println(m.path("name").asText() + " = " + m.path("value").asText() + " " + m.path("unit").asText());
        }
        for (JsonNode s : result.path("series")) {
            StringBuilder line = new StringBuilder(s.path("name").asText() + ":");
            s.path("points").forEach(p -> line.append(String.format(Locale.ROOT, " (%s, %.3f)", trim(p.get(0).asDouble()), p.get(1).asDouble())));
            out.println(line);
        }
        if (result.path("spans").size() > 0) {
            Map<String, Integer> lanes = new LinkedHashMap<>();
            result.path("spans").forEach(s -> lanes.merge(s.path("lane").asText(), 1, Integer::sum));
            out.println("timeline: " + result.path("spans").size() + " spans in lanes " + lanes);
        }
        if (result.path("goal").isObject()) {
            out.println("goal " + result.path("goal").path("expression").asText() + ": " + result.path("goal").path("message").asText());
        }
        result.path("warnings").forEach(w -> out.println("warning: " + w.asText()));
        JsonNode f = result.path("fingerprint");
        out.println(String.format(Locale.ROOT, "%s %s, GIL %s, %s usable cores, effective parallelism %s, sandbox: %s",
                f.path("implementation").asText("?"), f.path("version").asText("?"), f.path("gilEnabled").asBoolean(true) ? (f.path("gilChangedDuringRun").asBoolean() ? "turned back on" : "on") : "off",
                f.path("usableCores").asText("?"), f.path("effectiveParallelism").asText("?"), f.path("sandbox").asText("?")));
        if (!result.path("stdout").asText().isEmpty()) {
            out.println("--- stdout\n" + result.path("stdout").asText().stripTrailing());
        }
        if (!result.path("stderr").asText().isEmpty()) {
            out.println("--- stderr\n" + result.path("stderr").asText().stripTrailing());
        }
    }

    private static String seconds(JsonNode node, String field) {
        return ResultBuilder.seconds(node.path(field).asDouble());
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void table(List<String[]> rows, PrintStream out) {
        int[] widths = new int[rows.get(0).length];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
