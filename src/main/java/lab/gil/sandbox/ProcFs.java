package lab.gil.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the fallback sandbox learns about processes from /proc, where Java's ProcessHandle does not reach. */
final class ProcFs {
    private static final Path PROC = Path.of("/proc");

    private ProcFs() {
    }

    /** Processes whose session id is {@code sid}: everything a run started, except what called setsid again. */
    static List<Long> inSession(long sid) {
        List<Long> found = new ArrayList<>();
        for (Path dir : processDirs()) {
            try {
                String stat = Files.readString(dir.resolve("stat"));
                // Fields after the command name, which is in parentheses and may itself contain spaces or ')'.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (Long.parseLong(fields[3]) == sid) {
                    found.add(Long.parseLong(dir.getFileName().toString()));
                }
            } catch (IOException | RuntimeException e) {
                // The process ended while we looked.
            }
        }
        return found;
    }

    /** Threads of every process whose real uid is {@code uid}: what RLIMIT_NPROC counts. */
    static int tasksOf(long uid) {
        int tasks = 0;
        for (Path dir : processDirs()) {
            try {
                long realUid = -1;
                int threads = 0;
                for (String line : Files.readAllLines(dir.resolve("status"))) {
                    if (line.startsWith("Uid:")) {
                        realUid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                    } else if (line.startsWith("Threads:")) {
                        threads = Integer.parseInt(line.substring(8).trim());
                    }
                }
                if (realUid == uid) {
                    tasks += threads;
                }
            } catch (IOException | RuntimeException e) {
                // The process ended while we looked.
            }
        }
        return tasks;
    }

    /** The effective uid of this JVM. */
    static long ownUid() {
        try {
            return ((Number) Files.getAttribute(PROC.resolve("self"), "unix:uid")).longValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self", e);
        }
    }

    private static List<Path> processDirs() {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            stream.forEach(dirs::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return dirs;
    }
}
