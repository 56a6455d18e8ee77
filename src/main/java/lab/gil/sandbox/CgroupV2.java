package lab.gil.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Unified cgroups. Each run gets a child of the server's group; the memory and pids controllers are enabled for
 * children when the server's group allows it. Even without them a group gives an exact kill (cgroup.kill) and the
 * CPU time of the whole run.
 */
final class CgroupV2 implements CgroupTree {
    private static final Logger log = LoggerFactory.getLogger(CgroupV2.class);

    private final Path parent;
    private final String runPrefix;
    private final boolean memory;
    private final boolean pids;

    private CgroupV2(Path parent, String runPrefix, boolean memory, boolean pids) {
        this.parent = parent;
        this.runPrefix = runPrefix;
        this.memory = memory;
        this.pids = pids;
    }

    /** Uses {@code parent} (the server's own group) if run groups can be made below it. */
    static Optional<CgroupTree> at(Path parent, String runPrefix) {
        Path probe = parent.resolve(runPrefix + "probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(probe);
            Files.delete(probe);
        } catch (IOException e) {
            return Optional.empty();
        }
        boolean memory = enable(parent, "memory", runPrefix);
        boolean pids = enable(parent, "pids", runPrefix);
        return Optional.of(new CgroupV2(parent, runPrefix, memory, pids));
    }

    /**
     * Turns a controller on for the children of {@code parent}. The kernel refuses while processes live in
     * {@code parent} itself ("no internal processes"), so on refusal the server moves into a leaf of its own first.
     */
    private static boolean enable(Path parent, String controller, String runPrefix) {
        try {
            if (!Files.readString(parent.resolve("cgroup.controllers")).contains(controller)) {
                return false;
            }
            if (Files.readString(parent.resolve("cgroup.subtree_control")).contains(controller)) {
                return true;
            }
            try {
                CgroupFiles.write(parent.resolve("cgroup.subtree_control"), "+" + controller);
            } catch (IOException busy) {
                Path leaf = parent.resolve(runPrefix + "server");
                Files.createDirectories(leaf);
                for (long pid : CgroupFiles.pids(parent.resolve("cgroup.procs"))) {
                    CgroupFiles.write(leaf.resolve("cgroup.procs"), Long.toString(pid));
                }
                log.info("moved the processes of {} into {} to enable the {} controller", parent, leaf, controller);
                CgroupFiles.write(parent.resolve("cgroup.subtree_control"), "+" + controller);
            }
            return true;
        } catch (IOException e) {
            log.info("cgroup v2 controller {} unavailable below {}: {}", controller, parent, e.getMessage());
            return false;
        }
    }

    @Override
    public String description() {
        return "cgroup v2";
    }

    @Override
    public boolean limitsMemory() {
        return memory;
    }

    @Override
    public boolean limitsProcesses() {
        return pids;
    }

    @Override
    public void removeOrphans() {
        CgroupFiles.removeOrphans(List.of(parent), runPrefix);
    }

    @Override
    public RunCgroup create(String name, Limits limits) throws IOException {
        Path dir = parent.resolve(runPrefix + name);
        Files.createDirectory(dir);
        Run run = new Run(dir);
        try {
            if (memory) {
                CgroupFiles.write(dir.resolve("memory.max"), Long.toString(limits.memoryBytes()));
                if (Files.exists(dir.resolve("memory.swap.max"))) {
                    CgroupFiles.write(dir.resolve("memory.swap.max"), "0");
                }
            }
            if (pids) {
                CgroupFiles.write(dir.resolve("pids.max"), Long.toString(limits.processes()));
            }
        } catch (IOException e) {
            run.remove();
            throw e;
        }
        return run;
    }

    private record Run(Path dir) implements RunCgroup {

        @Override
        public List<Path> procsFiles() {
            return List.of(dir.resolve("cgroup.procs"));
        }

        @Override
        public void killAll() throws IOException, InterruptedException {
            Path procs = dir.resolve("cgroup.procs");
            if (Files.exists(dir.resolve("cgroup.kill"))) {
                CgroupFiles.write(dir.resolve("cgroup.kill"), "1");
            } else {
                CgroupFiles.write(dir.resolve("cgroup.freeze"), "1");
                CgroupFiles.killEach(CgroupFiles.pids(procs));
                CgroupFiles.write(dir.resolve("cgroup.freeze"), "0");
            }
            CgroupFiles.killUntilEmpty(procs, dir);
        }

        @Override
        public long oomKills() {
            return CgroupFiles.readKeyed(dir.resolve("memory.events"), "oom_kill").orElse(0);
        }

        @Override
        public Optional<Duration> cpu() {
            var micros = CgroupFiles.readKeyed(dir.resolve("cpu.stat"), "usage_usec");
            return micros.isPresent() ? Optional.of(Duration.ofNanos(micros.getAsLong() * 1000)) : Optional.empty();
        }

        @Override
        public void remove() {
            CgroupFiles.removeAll(List.of(dir));
        }
    }
}
