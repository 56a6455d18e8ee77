package lab.gil;

import lab.gil.lanes.LaneSampling;
import lab.gil.run.QueueSettings;
import lab.gil.run.nodes.NodeSettings;
import lab.gil.sandbox.EditedCodePolicy;
import lab.gil.sandbox.Limits;
import lab.gil.web.AllowedHosts;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
        EditedCodePolicy.Settings editedCode,
        QueueSettings queue,
        Optional<String> classCode,
        Slots slots,
        int warmInterpreters,
        String instance,
        AllowedHosts allowedHosts,
        boolean devMode,
        Set<String> trustedProxies,
        int lanesHz,
        NodeSettings nodes) {

    /** Runs at once, each on its own cores: {@code count} slots (0: one per {@code coresEach} usable cores). */
    public record Slots(int count, int coresEach) {
    }

    public static Config fromEnv(Map<String, String> env) {
        return fromEnv(env, hostName());
    }

    /** The configuration from these variables on a machine of this name; reads nothing else. */
    public static Config fromEnv(Map<String, String> env, String machineName) {
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
                EditedCodePolicy.Settings.fromEnv(env),
                new QueueSettings(
                        intVar(env, "GILLAB_QUEUE_SIZE", 500),
                        intVar(env, "GILLAB_PARALLEL_RUNS", 1),
                        intVar(env, "GILLAB_RUNS_PER_MINUTE", 30),
                        intVar(env, "GILLAB_WAITING_PER_STUDENT", 5),
                        intVar(env, "GILLAB_RUNS_PER_MINUTE_PER_ADDRESS", 2000),
                        intVar(env, "GILLAB_NEW_STUDENTS_PER_MINUTE_PER_ADDRESS", 120),
                        limits.wall()),
                optional(env, "GILLAB_CLASS_CODE"),
                new Slots(intVar(env, "GILLAB_SLOTS", 0), intVar(env, "GILLAB_SLOT_CORES", 2)),
                intVar(env, "GILLAB_WARM_INTERPRETERS", 1),
                optional(env, "GILLAB_INSTANCE").orElse(machineName),
                AllowedHosts.parse(optional(env, "GILLAB_ALLOWED_HOSTS"), machineName),
                Boolean.parseBoolean(env.getOrDefault("GILLAB_DEV", "false")),
                list(env, "GILLAB_TRUSTED_PROXIES"),
                intVar(env, "GILLAB_LANES_HZ", LaneSampling.DEFAULT_HZ),
                nodes(env));
    }

    /** The same configuration with another number of pre-started interpreters. */
    public Config withWarmInterpreters(int count) {
        return new Config(port, lessonsDir, dataDir, dbUrl, instructorToken, python, interpreters, limits, editedCode, queue, classCode, slots, count, instance, allowedHosts, devMode, trustedProxies, lanesHz, nodes);
    }

    /** The same configuration as a node of another kind (a runner node). */
    public Config withNodes(NodeSettings other) {
        return new Config(port, lessonsDir, dataDir, dbUrl, instructorToken, python, interpreters, limits, editedCode, queue, classCode, slots, warmInterpreters, instance, allowedHosts, devMode, trustedProxies, lanesHz, other);
    }

    /** On PostgreSQL the queue is shared by every node of the database; the embedded H2 serves one node. */
    private static NodeSettings nodes(Map<String, String> env) {
        boolean shared = optional(env, "GILLAB_DB_URL").map(url -> url.startsWith("jdbc:postgresql:")).orElse(false);
        if (!shared) {
            return NodeSettings.LOCAL;
        }
        return new NodeSettings(true, Boolean.parseBoolean(env.getOrDefault("GILLAB_LOCAL_RUNNER", "true").strip()),
                java.time.Duration.ofSeconds(intVar(env, "GILLAB_RUNNER_HEARTBEAT_S", 2)),
                java.time.Duration.ofSeconds(intVar(env, "GILLAB_RUNNER_TIMEOUT_S", 15)));
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

    private static Set<String> list(Map<String, String> env, String name) {
        return optional(env, name).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
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
