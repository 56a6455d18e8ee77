package lab.gil.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cgroup hierarchy in which the sandbox may make one group per run, below the server's own group so that whatever
 * limits the operator put on the server still hold for its runs.
 */
interface CgroupTree {

    /** "cgroup v1" or "cgroup v2". */
    String description();

    /** Whether runs get a memory limit for all their processes together. */
    boolean limitsMemory();

    /** Whether runs get a limit on their processes and threads together. */
    boolean limitsProcesses();

    RunCgroup create(String name, Limits limits) throws IOException;

    /**
     * Kills and removes the run groups of a server that died without cleaning up (killed with -9, say): their names
     * carry the server's pid, which no longer exists. Runs of servers still alive are left alone.
     */
    void removeOrphans();

    /** The group of one run, with its limits already written. */
    interface RunCgroup {
        /** The files a process writes its pid to in order to join the group (one per v1 hierarchy). */
        List<Path> procsFiles();

        /** Kills every process in the group and waits until it is empty. */
        void killAll() throws IOException, InterruptedException;

        /** How many processes the kernel killed for want of memory. */
        long oomKills();

        Optional<Duration> cpu();

        /** Removes the group; logs rather than throws, since a run is over by then. */
        void remove();
    }

    /** Finds a writable hierarchy: unified cgroup v2 first, then the v1 controllers; empty when neither can be used. */
    static Optional<CgroupTree> detect(String runPrefix) {
        try {
            List<Mount> mounts = Mount.read(Path.of("/proc/self/mountinfo"));
            Map<String, String> own = ownGroups(Path.of("/proc/self/cgroup"));
            Optional<CgroupTree> v2 = mounts.stream()
                    .filter(m -> m.type().equals("cgroup2") && m.point().equals(Path.of("/sys/fs/cgroup")))
                    .findFirst()
                    .flatMap(m -> m.locate(own.get("")))
                    .flatMap(dir -> CgroupV2.at(dir, runPrefix));
            if (v2.isPresent()) {
                return v2;
            }
            Map<String, Path> controllers = new HashMap<>();
            for (Mount m : mounts) {
                if (!m.type().equals("cgroup")) {
                    continue;
                }
                for (String option : m.superOptions()) {
                    if (CgroupV1.CONTROLLERS.contains(option) && own.containsKey(option)) {
                        m.locate(own.get(option)).ifPresent(dir -> controllers.put(option, dir));
                    }
                }
            }
            return CgroupV1.at(controllers, runPrefix);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Controller (or "" for v2) to the group path that /proc/self/cgroup lists for it. */
    private static Map<String, String> ownGroups(Path procCgroup) throws IOException {
        Map<String, String> own = new HashMap<>();
        for (String line : Files.readAllLines(procCgroup)) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            for (String controller : parts[1].split(",")) {
                own.put(controller, parts[2]);
            }
        }
        return own;
    }

    /** One line of /proc/self/mountinfo. */
    record Mount(String root, Path point, String type, List<String> superOptions) {

        static List<Mount> read(Path mountinfo) throws IOException {
            List<Mount> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(mountinfo)) {
                String[] halves = line.split(" - ", 2);
                String[] fields = halves[0].split(" ");
                String[] tail = halves.length == 2 ? halves[1].split(" ") : new String[0];
                if (fields.length >= 5 && tail.length >= 3) {
                    mounts.add(new Mount(fields[3], Path.of(fields[4]), tail[0], List.of(tail[2].split(","))));
                }
            }
            return mounts;
        }

        /** The directory of {@code group} in this mount, if the mount shows it. */
        Optional<Path> locate(String group) {
            if (group == null || !(group + "/").startsWith(root.equals("/") ? "/" : root + "/")) {
                return Optional.empty();
            }
            String relative = group.substring(root.equals("/") ? 0 : root.length()).replaceFirst("^/+", "");
            Path dir = relative.isEmpty() ? point : point.resolve(relative);
            return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
        }
    }
}
