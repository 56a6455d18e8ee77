package lab.gil.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How a contained run ended.
 *
 * @param exitCode        the program's exit status; 128 + N when signal N ended it
 * @param reason          why the sandbox stopped it, or {@link Reason#NONE} when it ended on its own
 * @param stdout          standard output, decoded and cleaned by {@link ConsoleText}
 * @param stderr          standard error, likewise
 * @param outputTruncated whether output beyond {@link Limits#outputBytes()} was dropped
 * @param wall            wall-clock time from start to the end of the program
 * @param cpu             CPU time of every process of the run, where a cgroup measured it
 */
public record Outcome(int exitCode, Reason reason, String stdout, String stderr, boolean outputTruncated,
                      Duration wall, Optional<Duration> cpu) {

    public enum Reason { NONE, WALL_TIMEOUT, CPU_LIMIT, MEMORY_LIMIT, OUTPUT_LIMIT, KILLED }

    private static final int SIGNAL_BASE = 128;
    private static final Map<Integer, String> SIGNALS = Map.of(
            4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE", 9, "SIGKILL",
            11, "SIGSEGV", 13, "SIGPIPE", 15, "SIGTERM", 24, "SIGXCPU", 25, "SIGXFSZ");

    /** Whether the program ended on its own with status 0. */
    public boolean succeeded() {
        return reason == Reason.NONE && exitCode == 0;
    }

    /** One sentence for the student. */
    public String message() {
        return switch (reason) {
            case NONE -> exitMessage();
            // The run is measured until it died, a moment after the limit: whole seconds name the limit itself.
            case WALL_TIMEOUT -> "Stopped after " + Math.max(1, wall.toSeconds())
                    + " s: the wall-clock limit (GILLAB_LIMIT_WALL_S) was reached.";
            case CPU_LIMIT -> "Stopped: a process used up its CPU-time limit (GILLAB_LIMIT_CPU_S).";
            case MEMORY_LIMIT -> "Stopped: the run needed more memory than the limit (GILLAB_LIMIT_MEM_MB) allows.";
            case OUTPUT_LIMIT -> "Stopped: the program printed more than the output limit (GILLAB_LIMIT_OUTPUT_KB);"
                    + " the output shown ends there.";
            case KILLED -> "The run was stopped before it finished.";
        };
    }

    /** Said of a run that failed after being refused more disk (ENOSPC), Python's way or C's. */
    public static final String DISK_FULL = "The run wrote more than its disk budget allows: at most"
            + " GILLAB_LIMIT_DISK_MB megabytes and GILLAB_LIMIT_DISK_FILES files and folders in its work folder,"
            + " /tmp and /dev/shm together.";

    /** Whether the program failed and its error output says the disk budget was used up. */
    public boolean diskFull() {
        return exitCode != 0 && reason == Reason.NONE && stderr.contains("No space left on device");
    }

    private String exitMessage() {
        if (exitCode == 0) {
            return "Finished normally.";
        }
        if (diskFull()) {
            return DISK_FULL;
        }
        int signal = exitCode - SIGNAL_BASE;
        if (signal == 25) {
            return "Stopped: a file grew beyond the file-size limit (GILLAB_LIMIT_FILE_MB).";
        }
        if (SIGNALS.containsKey(signal)) {
            return "The program was ended by signal " + signal + " (" + SIGNALS.get(signal) + ").";
        }
        return "The program exited with status " + exitCode + ".";
    }
}
