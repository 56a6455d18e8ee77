package lab.gil;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import lab.gil.db.Database;
import lab.gil.run.RunPipeline;
import lab.gil.cli.RunCommand;
import lab.gil.lesson.LessonCatalog;
import lab.gil.lesson.LessonCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

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

    static String usage() {
        return """
                usage: java -jar gil-lab.jar [serve]            serve the lessons (PORT, default 7070)
                       java -jar gil-lab.jar check [DIR]        check lesson files (default: GILLAB_LESSONS or lessons)
                       java -jar gil-lab.jar run LESSON/EXPERIMENT [--param NAME=VALUE]... [--interpreter NAME] [--json]
                                                                run one experiment headless and print its result
                """;
    }
}
