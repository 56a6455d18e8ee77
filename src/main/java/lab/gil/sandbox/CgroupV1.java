package lab.gil.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Legacy cgroups: one hierarchy per controller. Runs get a group in the pids, memory, cpuacct and freezer
 * hierarchies that are mounted and writable; pids or memory must be among them for this to be worth it.
 */
final class CgroupV1 implements CgroupTree {
    static final Set<String> CONTROLLERS = Set.of("pids", "memory", "cpuacct", "freezer");

    private final Map<String, Path> parents;
    private final String runPrefix;

    private CgroupV1(Map<String, Path> parents, String runPrefix) {
        this.parents = parents;
        this.runPrefix = runPrefix;
    }

    static Optional<CgroupTree> at(Map<String, Path> controllers, String runPrefix) {
        Map<String, Path> writable = new LinkedHashMap<>();
        for (String controller : List.of("pids", "memory", "cpuacct", "freezer")) {
            Path parent = controllers.get(controller);
            if (parent != null && canMakeGroups(parent, runPrefix)) {
                writable.put(controller, parent);
            }
        }
        if (!writable.containsKey("pids") && !writable.containsKey("memory")) {
            return Optional.empty();
        }
        return Optional.of(new CgroupV1(writable, runPrefix));
    }

    private static boolean canMakeGroups(Path parent, String runPrefix) {
        Path probe = parent.resolve(runPrefix + "probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(probe);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String description() {
        return "cgroup v1";
    }

    @Override
    public boolean limitsMemory() {
        return parents.containsKey("memory");
    }

    @Override
    public boolean limitsProcesses() {
        return parents.containsKey("pids");
    }

    @Override
    public void removeOrphans() {
        CgroupFiles.removeOrphans(parents.values(), runPrefix);
    }

    @Override
    public RunCgroup create(String name, Limits limits) throws IOException {
        Map<String, Path> dirs = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Path> parent : parents.entrySet()) {
                Path dir = parent.getValue().resolve(runPrefix + name);
                Files.createDirectory(dir);
                dirs.put(parent.getKey(), dir);
            }
            if (dirs.containsKey("pids")) {
                CgroupFiles.write(dirs.get("pids").resolve("pids.max"), Long.toString(limits.processes()));
            }
            if (dirs.containsKey("memory")) {
                Path memory = dirs.get("memory");
                CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
                Path withSwap = memory.resolve("memory.memsw.limit_in_bytes");
                if (Files.exists(withSwap)) {
                    // Equal limits mean no swap: without it a memory bomb would page slowly instead of ending.
                    CgroupFiles.write(withSwap, Long.toString(limits.memoryBytes()));
                }
            }
        } catch (IOException e) {
            new Run(dirs).remove();
            throw e;
        }
        return new Run(dirs);
    }

    private static final class Run implements RunCgroup {
        private final Map<String, Path> dirs;

        Run(Map<String, Path> dirs) {
            this.dirs = dirs;
        }

        @Override
        public List<Path> procsFiles() {
            List<Path> files = new ArrayList<>();
            dirs.values().forEach(dir -> files.add(dir.resolve("cgroup.procs")));
            return files;
        }

        @Override
        public void killAll() throws IOException, InterruptedException {
            Path procs = dirs.values().iterator().next().resolve("cgroup.procs");
            Path freezer = dirs.get("freezer");
            if (freezer != null && !CgroupFiles.pids(procs).isEmpty()) {
                // Frozen processes cannot fork between our reading the list and the signals arriving.
                CgroupFiles.write(freezer.resolve("freezer.state"), "FROZEN");
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                for (long pause = CgroupFiles.FIRST_PAUSE_MICROS; System.nanoTime() < deadline
                        && !Files.readString(freezer.resolve("freezer.state")).startsWith("FROZEN"); pause = CgroupFiles.nextPause(pause)) {
                    TimeUnit.MICROSECONDS.sleep(pause);
                }
                CgroupFiles.killEach(CgroupFiles.pids(procs));
                CgroupFiles.write(freezer.resolve("freezer.state"), "THAWED");
            }
            CgroupFiles.killUntilEmpty(procs, procs.getParent());
        }

        @Override
        public long oomKills() {
            Path memory = dirs.get("memory");
            if (memory == null) {
                return 0;
            }
            return CgroupFiles.readKeyed(memory.resolve("memory.oom_control"), "oom_kill")
                    .orElse(CgroupFiles.readLong(memory.resolve("memory.failcnt")).orElse(0));
        }

        @Override
        public Optional<Duration> cpu() {
            Path cpuacct = dirs.get("cpuacct");
            if (cpuacct == null) {
                return Optional.empty();
            }
            var nanos = CgroupFiles.readLong(cpuacct.resolve("cpuacct.usage"));
            return nanos.isPresent() ? Optional.of(Duration.ofNanos(nanos.getAsLong())) : Optional.empty();
        }

        @Override
        public void remove() {
            CgroupFiles.removeAll(dirs.values());
        }
    }
}
