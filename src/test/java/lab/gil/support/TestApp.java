package lab.gil.support;

import io.javalin.Javalin;
import lab.gil.App;
import lab.gil.Config;
import lab.gil.db.Database;
import lab.gil.run.RunPipeline;
import lab.gil.lesson.LessonCatalog;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The real application factory over a private lessons folder and an in-memory database. */
public final class TestApp {
    public final Path lessons;
    public final DataSource dataSource;
    public final LessonCatalog catalog;
    public final Config config;

    private TestApp(Path lessons, Map<String, String> env) {
        this(lessons, env, h2());
    }

    private TestApp(Path lessons, Map<String, String> env, DataSource dataSource) {
        this.lessons = lessons;
        this.dataSource = dataSource;
        Database.migrate(dataSource);
        this.catalog = new LessonCatalog(lessons, Duration.ZERO, Clock.systemUTC());
        this.config = Config.fromEnv(env);
    }

    /** An app over a temporary folder holding the given lesson files (name → content). */
    public static TestApp withLessons(Map<String, String> files) {
        return withLessons(files, Map.of());
    }

    /** The same, with extra environment settings such as tighter run limits. */
    public static TestApp withLessons(Map<String, String> files, Map<String, String> env) {
        return withLessonsOn(h2(), files, env);
    }

    /** The same over another database, e.g. PostgreSQL. */
    public static TestApp withLessonsOn(DataSource dataSource, Map<String, String> files, Map<String, String> env) {
        try {
            Path dir = Files.createTempDirectory("gillab-lessons");
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
            Map<String, String> all = new java.util.HashMap<>(env);
            all.put("GILLAB_LESSONS", dir.toString());
            all.putIfAbsent("GILLAB_WARM_INTERPRETERS", "0");
            return new TestApp(dir, all, dataSource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    /** An app over the lessons shipped in this repository. */
    public static TestApp withShippedLessons() {
        return new TestApp(Path.of("lessons"), Map.of("GILLAB_WARM_INTERPRETERS", "0"));
    }

    /** The app, with its own run machinery; stopping the app (JavalinTest does) closes that too. */
    public Javalin create() {
        return App.create(new App.Deps(config, dataSource, catalog, RunPipeline.start(config, dataSource, catalog)));
    }

    public static String lesson(String title, int order, String body) {
        return "---\ntitle: " + title + "\norder: " + order + "\nsummary: About " + title + "\n---\n\n" + body + "\n";
    }
}
