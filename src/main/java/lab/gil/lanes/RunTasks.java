package lab.gil.lanes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Finds every thread of a run, by host tid, once per sampling round. With a cgroup the kernel keeps the list: one
 * read of its {@code tasks} (v1) or {@code cgroup.threads} (v2) file, reopened each round because a v1 list re-read
 * through the same descriptor stays as it was. Without one, the run's processes are the descendants of its first
 * process (found every {@link #WALK_EVERY} rounds, since that scans all of /proc) and their threads are listed each
 * round.
 */
final class RunTasks {
    static final int WALK_EVERY = 25;

    private final long rootPid;
    private final Path threadsFile;
    private final Set<Long> pids = new LinkedHashSet<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    private long round;

    private RunTasks(long rootPid, Path threadsFile) {
        this.rootPid = rootPid;
        this.threadsFile = threadsFile;
        pids.add(rootPid);
    }

    /** The threads of the run whose first process is {@code rootPid} (a host pid), in {@code cgroupDir} if it has one. */
    static RunTasks of(long rootPid, Optional<Path> cgroupDir) {
        Path file = cgroupDir.map(dir -> Files.exists(dir.resolve("tasks")) ? dir.resolve("tasks") : dir.resolve("cgroup.threads"))
                .orElse(null);
        return new RunTasks(rootPid, file);
    }

    /** Whether the kernel's own list of the run's threads is used. */
    boolean fromCgroup() {
        return threadsFile != null;
    }

    /** Replaces the contents of {@code into} with the host tids of the run's threads now. */
    void list(Tids into) throws IOException {
        into.clear();
        if (threadsFile != null) {
            readNumbers(threadsFile, into);
        } else {
            walk(into);
        }
        round++;
    }

    private void readNumbers(Path file, Tids into) throws IOException {
        buffer.clear();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // one read holds a few thousand tids; the loop is for longer lists
            }
        }
        long value = -1;
        for (int i = 0; i < buffer.position(); i++) {
            byte b = buffer.get(i);
            if (b >= '0' && b <= '9') {
                value = (value < 0 ? 0 : value * 10) + (b - '0');
            } else if (value >= 0) {
                into.add(value);
                value = -1;
            }
        }
        if (value >= 0) {
            into.add(value);
        }
    }

    private void walk(Tids into) {
        if (round % WALK_EVERY == 0) {
            ProcessHandle.of(rootPid).ifPresent(root -> root.descendants().forEach(child -> pids.add(child.pid())));
        }
        pids.removeIf(pid -> !listTasks(pid, into));
    }

    /** Adds the threads of {@code pid}; false when the process is gone. */
    private static boolean listTasks(long pid, Tids into) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                into.add(Long.parseLong(task.getFileName().toString()));
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A reusable list of tids. */
    static final class Tids {
        private long[] values = new long[64];
        private int size;

        void clear() {
            size = 0;
        }

        void add(long tid) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = tid;
        }

        int size() {
            return size;
        }

        long get(int index) {
            return values[index];
        }
    }
}
