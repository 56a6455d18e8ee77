package lab.gil.sandbox;

import java.time.Duration;
import java.util.Map;

/**
 * What one run of student code may use.
 *
 * @param wall        wall-clock time of the whole run
 * @param cpu         CPU time of each process (RLIMIT_CPU); the wall limit bounds the run as a whole
 * @param memoryBytes memory of the whole run where a memory cgroup is available, otherwise per process
 * @param processes   processes and threads of the run together (a thread counts as one, as the kernel does)
 * @param outputBytes stdout and stderr together; more ends the run
 * @param fileBytes   largest file a process may write (RLIMIT_FSIZE)
 * @param openFiles   open file descriptors per process (RLIMIT_NOFILE)
 * @param diskBytes   everything a run may write together: its work folder, /tmp and /dev/shm (with bubblewrap,
 *                    which puts them on one tmpfs of this size; its pages count as the run's memory too)
 * @param diskFiles   files and folders a run may make there together (the tmpfs's inodes)
 */
public record Limits(Duration wall, Duration cpu, long memoryBytes, int processes, long outputBytes,
                     long fileBytes, int openFiles, long diskBytes, int diskFiles) {

    private static final long MB = 1024L * 1024;
    static final long DEFAULT_DISK_BYTES = 256 * MB;
    static final int DEFAULT_DISK_FILES = 10_000;

    /** Limits with the default disk budget. */
    public Limits(Duration wall, Duration cpu, long memoryBytes, int processes, long outputBytes, long fileBytes,
                  int openFiles) {
        this(wall, cpu, memoryBytes, processes, outputBytes, fileBytes, openFiles, DEFAULT_DISK_BYTES,
                DEFAULT_DISK_FILES);
    }

    public Limits {
        requirePositive("wall", wall.toMillis());
        requirePositive("cpu", cpu.toMillis());
        requirePositive("memoryBytes", memoryBytes);
        requirePositive("processes", processes);
        requirePositive("outputBytes", outputBytes);
        requirePositive("fileBytes", fileBytes);
        requirePositive("openFiles", openFiles);
        requirePositive("diskBytes", diskBytes);
        requirePositive("diskFiles", diskFiles);
    }

    /** The same limits with another disk budget. */
    public Limits withDisk(long bytes, int files) {
        return new Limits(wall, cpu, memoryBytes, processes, outputBytes, fileBytes, openFiles, bytes, files);
    }

    /**
     * The documented defaults: 30 s wall, 60 s CPU, 512 MB, 64 processes, 256 KB output, 16 MB files, 256 fds,
     * 256 MB and 10,000 files written in all.
     */
    public static Limits defaults() {
        return fromEnv(Map.of());
    }

    /**
     * Reads GILLAB_LIMIT_WALL_S, GILLAB_LIMIT_CPU_S, GILLAB_LIMIT_MEM_MB, GILLAB_LIMIT_PROCS, GILLAB_LIMIT_OUTPUT_KB,
     * GILLAB_LIMIT_FILE_MB, GILLAB_LIMIT_OPEN_FILES, GILLAB_LIMIT_DISK_MB and GILLAB_LIMIT_DISK_FILES; a missing one takes its default. The CPU limit defaults to
     * twice the wall limit: a run on two cores can legitimately use that much.
     *
     * @throws IllegalArgumentException naming the variable when a value is not a whole number in its range
     */
    public static Limits fromEnv(Map<String, String> env) {
        long wallSeconds = read(env, "GILLAB_LIMIT_WALL_S", 30, 1, 86_400);
        long cpuSeconds = read(env, "GILLAB_LIMIT_CPU_S", 2 * wallSeconds, 1, 86_400);
        long memoryMb = read(env, "GILLAB_LIMIT_MEM_MB", 512, 16, 1_048_576);
        long processes = read(env, "GILLAB_LIMIT_PROCS", 64, 4, 100_000);
        long outputKb = read(env, "GILLAB_LIMIT_OUTPUT_KB", 256, 1, 1_048_576);
        long fileMb = read(env, "GILLAB_LIMIT_FILE_MB", 16, 1, 1_048_576);
        long openFiles = read(env, "GILLAB_LIMIT_OPEN_FILES", 256, 16, 1_048_576);
        long diskMb = read(env, "GILLAB_LIMIT_DISK_MB", DEFAULT_DISK_BYTES / MB, 1, 1_048_576);
        long diskFiles = read(env, "GILLAB_LIMIT_DISK_FILES", DEFAULT_DISK_FILES, 16, 10_000_000);
        return new Limits(Duration.ofSeconds(wallSeconds), Duration.ofSeconds(cpuSeconds), memoryMb * MB,
                (int) processes, outputKb * 1024, fileMb * MB, (int) openFiles, diskMb * MB, (int) diskFiles);
    }

    private static long read(Map<String, String> env, String name, long fallback, long min, long max) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max
                    + ", not '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
