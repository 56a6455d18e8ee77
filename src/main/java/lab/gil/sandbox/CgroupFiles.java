package lab.gil.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading and writing the small text files of a cgroup. */
final class CgroupFiles {
    private static final Logger log = LoggerFactory.getLogger(CgroupFiles.class);
    /** The first pause when waiting for a group to change state (its processes to freeze or to die). */
    static final long FIRST_PAUSE_MICROS = 200;

    private CgroupFiles() {
    }

    private static final Pattern RUN_NAME = Pattern.compile("(\\d+)-run-.+");

    /** A run group's name: this server's pid, so that a later server can tell whether its owner is gone. */
    static String runName(String unique) {
        return ProcessHandle.current().pid() + "-run-" + unique;
    }

    static void removeOrphans(Collection<Path> parents, String prefix) {
        Map<String, List<Path>> orphans = new TreeMap<>();
        for (Path parent : parents) {
            try (DirectoryStream<Path> groups = Files.newDirectoryStream(parent, prefix + "*")) {
                for (Path group : groups) {
                    Matcher name = RUN_NAME.matcher(group.getFileName().toString().substring(prefix.length()));
                    if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                        orphans.computeIfAbsent(group.getFileName().toString(), k -> new ArrayList<>()).add(group);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                log.warn("could not look for orphaned run groups in {}: {}", parent, e.getMessage());
            }
        }
        orphans.forEach((name, dirs) -> {
            log.info("removing run group {} left by a server that is gone", name);
            for (int round = 0; round < 500; round++) {
                List<Long> left = new ArrayList<>();
                for (Path dir : dirs) {
                    try {
                        left.addAll(pids(dir.resolve("cgroup.procs")));
                    } catch (IOException e) {
                        log.debug("cannot list {}", dir, e);
                    }
                }
                if (left.isEmpty()) {
                    break;
                }
                killEach(left);
            }
            removeAll(dirs);
        });
    }

    static void write(Path file, String value) throws IOException {
        Files.writeString(file, value);
    }

    static OptionalLong readLong(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The value of {@code key} in a file of "key value" lines such as memory.events or cpu.stat. */
    static OptionalLong readKeyed(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(key)) {
                    return OptionalLong.of(Long.parseLong(parts[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    static List<Long> pids(Path procs) throws IOException {
        try {
            return Files.readAllLines(procs).stream().filter(s -> !s.isBlank()).map(Long::parseLong).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /**
     * SIGKILLs whatever is left in the group until it is empty, for up to five seconds. A process that got SIGKILL
     * is usually gone within a millisecond, and every run ends here: the pauses start short and grow.
     */
    static void killUntilEmpty(Path procs, Object group) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (long pause = FIRST_PAUSE_MICROS; System.nanoTime() < deadline; pause = nextPause(pause)) {
            List<Long> left = pids(procs);
            if (left.isEmpty()) {
                return;
            }
            killEach(left);
            TimeUnit.MICROSECONDS.sleep(pause);
        }
        if (!pids(procs).isEmpty()) {
            throw new IOException("processes of " + group + " survived SIGKILL");
        }
    }

    /** The pause after {@code micros} when waiting for a group to change state: doubling, up to 10 ms. */
    static long nextPause(long micros) {
        return Math.min(10_000, micros * 2);
    }

    static void killEach(List<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Removes run groups, retrying briefly while the kernel finishes tearing down their last processes. */
    static void removeAll(Collection<Path> dirs) {
        for (Path dir : dirs) {
            if (!removeDir(dir)) {
                log.warn("could not remove cgroup {}", dir);
            }
        }
    }

    private static boolean removeDir(Path dir) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
