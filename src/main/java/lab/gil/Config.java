package lab.gil;

import lab.gil.experiment.RunService;
import lab.gil.lanes.LaneSampling;
import lab.gil.sandbox.Limits;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Everything an operator can set, read once from the environment (names and defaults in the README). */
public record Config(
        int port,
        Path lessonsDir,
        Path dataDir,
        Optional<String> dbUrl,
        Optional<String> instructorToken,
        Path python,
        Optional<String> interpreters,
        Limits limits,
        RunService.Settings queue,
        int warmInterpreters,
        String instance,
        boolean devMode,
        int lanesHz) {

    public static Config fromEnv(Map<String, String> env) {
        Limits limits = Limits.fromEnv(env);
        return new Config(
                intVar(env, "PORT", 7070),
                Path.of(env.getOrDefault("GILLAB_LESSONS", "lessons")),
                Path.of(env.getOrDefault("GILLAB_DATA", "data")),
                optional(env, "GILLAB_DB_URL"),
                optional(env, "GILLAB_INSTRUCTOR_TOKEN"),
                Path.of(env.getOrDefault("GILLAB_PYTHON", "/usr/bin/python3")),
                optional(env, "GILLAB_INTERPRETERS"),
                limits,
                new RunService.Settings(
                        intVar(env, "GILLAB_QUEUE_SIZE", 20),
                        intVar(env, "GILLAB_PARALLEL_RUNS", 1),
                        intVar(env, "GILLAB_RUNS_PER_MINUTE", 30),
                        intVar(env, "GILLAB_WAITING_PER_STUDENT", 3),
                        limits.wall()),
                intVar(env, "GILLAB_WARM_INTERPRETERS", 1),
                optional(env, "GILLAB_INSTANCE").orElseGet(Config::hostName),
                Boolean.parseBoolean(env.getOrDefault("GILLAB_DEV", "false")),
                intVar(env, "GILLAB_LANES_HZ", LaneSampling.DEFAULT_HZ));
    }

    /** The same configuration with another number of pre-started interpreters. */
    public Config withWarmInterpreters(int count) {
        return new Config(port, lessonsDir, dataDir, dbUrl, instructorToken, python, interpreters, limits, queue, count, instance, devMode, lanesHz);
    }

    public String jdbcUrl() {
        // WRITE_DELAY=0: a committed run is on disk at once, so a killed server loses nothing it had acknowledged.
        return dbUrl.orElseGet(() -> "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("gillab") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "local";
        }
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static int intVar(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }
}
