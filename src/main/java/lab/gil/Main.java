package lab.gil;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import lab.gil.db.Database;
import lab.gil.run.RunPipeline;
import lab.gil.cli.RunCommand;
import lab.gil.lesson.LessonCatalog;
import lab.gil.lesson.LessonCheck;
import lab.gil.sandbox.CpuSlots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The one wiring point: reads the configuration, opens what the app needs, and serves or runs a command. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.fromEnv(System.getenv());
        String command = args.length == 0 ? "serve" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        switch (command) {
            case "serve" -> serve(config);
            case "runner" -> runner(config);
            case "check" -> System.exit(LessonCheck.run(rest.isEmpty() ? config.lessonsDir() : Path.of(rest.get(0)), config.python(), System.out));
            case "run" -> System.exit(RunCommand.run(rest, config, System.out, System.err));
            case "help", "--help", "-h" -> System.out.println(usage());
            default -> {
                System.err.println("unknown command '" + command + "'\n" + usage());
                System.exit(2);
            }
        }
    }

    private static void serve(Config config) throws Exception {
        Files.createDirectories(config.dataDir());
        HikariDataSource dataSource = Database.open(config.jdbcUrl());
        LessonCatalog catalog = LessonCatalog.of(config.lessonsDir());
        RunPipeline experiments = RunPipeline.start(config, dataSource, catalog);
        Javalin app = App.create(new App.Deps(config, dataSource, catalog, experiments));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            dataSource.close();
        }, "shutdown"));
        app.start(config.port());
        log.info("GIL Lab serving {} lessons from {} on http://localhost:{} (sandbox: {}; host names: {})", catalog.lessons().size(),
                config.lessonsDir().toAbsolutePath(), config.port(), experiments.sandbox().description(), config.allowedHosts());
    }

    /** A runner node: takes runs from the queue shared on PostgreSQL and runs them in its slots; serves no pages. */
    private static void runner(Config config) throws Exception {
        if (!config.nodes().shared()) {
            System.err.println("A runner node takes its runs from a PostgreSQL database that web nodes share: set "
                    + "GILLAB_DB_URL=jdbc:postgresql://HOST/DB?user=...&password=... (the embedded H2 database serves one node, "
                    + "which runs its own experiments: use `serve`).");
            System.exit(2);
        }
        HikariDataSource dataSource = Database.open(config.jdbcUrl());
        LessonCatalog catalog = LessonCatalog.of(config.lessonsDir());
        RunPipeline pipeline = RunPipeline.start(config.withNodes(config.nodes().asRunner()), dataSource, catalog);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pipeline.close();
            dataSource.close();
            stopped.countDown();
        }, "shutdown"));
        log.info("GIL Lab runner node '{}' taking runs with {} slots ({}) from {} lessons in {} (sandbox: {})", config.instance(),
                pipeline.runs().flow().workersWanted(), pipeline.slots().pinned() ? "cores " + pipeline.slots().slots().stream()
                        .map(CpuSlots.Slot::cores).toList() : "not pinned: " + pipeline.slots().reason(),
                catalog.lessons().size(), config.lessonsDir().toAbsolutePath(), pipeline.sandbox().description());
        stopped.await();
    }

    static String usage() {
        return """
                usage: java -jar gil-lab.jar [serve]            serve the lessons (PORT, default 7070)
                       java -jar gil-lab.jar runner             a runner node: runs experiments from the queue shared on
                                                                PostgreSQL (GILLAB_DB_URL), serves no pages
                       java -jar gil-lab.jar check [DIR]        check lesson files (default: GILLAB_LESSONS or lessons)
                       java -jar gil-lab.jar run LESSON/EXPERIMENT [--param NAME=VALUE]... [--interpreter NAME] [--json]
                                                                run one experiment headless and print its result
                """;
    }
}
