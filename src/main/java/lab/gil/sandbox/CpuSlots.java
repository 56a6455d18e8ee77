package lab.gil.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs side by side on one machine, each in a slot pinned to its own disjoint cores by a cpuset cgroup, so two runs
 * never share a core and each result can say which cores it had. Without a writable cpuset there is one slot,
 * unpinned, and {@link #reason()} says why. With cgroup v1 a run's processes move into the slot's cpuset group;
 * with cgroup v2 the run's own group (below the server's, see {@link CgroupV2}) gets the slot's cores.
 */
public final class CpuSlots {
    private static final Logger log = LoggerFactory.getLogger(CpuSlots.class);
    private static final String PREFIX = "gillab-cores-";

    /** One slot: its number (from 1) and its cores as the kernel writes them ("0,1"). */
    public record Slot(int number, String cores) {
    }

    /** How a run's processes get a slot's cores. */
    private interface Pinning {
        void pin(SandboxProcess process, Slot slot) throws IOException;
    }

    private final List<Slot> slots;
    private final Optional<Pinning> pinning;
    private final String reason;

    private CpuSlots(List<Slot> slots, Optional<Pinning> pinning, String reason) {
        this.slots = List.copyOf(slots);
        this.pinning = pinning;
        this.reason = reason;
    }

    /** One slot on every core, pinned to none: a machine without a writable cpuset. */
    public static CpuSlots unpinned(String reason) {
        return new CpuSlots(List.of(new Slot(1, "")), Optional.empty(), reason);
    }

    /**
     * {@code wanted} slots (0: one per {@code coresPerSlot} usable cores) of {@code coresPerSlot} cores each, as many
     * as the usable cores allow and at least one, pinned through whichever cpuset hierarchy this process can write.
     */
    public static CpuSlots detect(int wanted, int coresPerSlot) {
        try {
            Optional<Path> v1 = ownGroup("cgroup", "cpuset");
            if (v1.isPresent()) {
                return layout(wanted, coresPerSlot, v1.get().resolve("cpuset.effective_cpus"), v1.get(), true);
            }
            // The sandbox may have moved the server into a leaf of its own group (see CgroupV2): runs are made beside it.
            Optional<Path> v2 = ownGroup("cgroup2", "").map(dir -> dir.getFileName() != null
                    && dir.getFileName().toString().equals(Sandbox.RUN_PREFIX + "server") ? dir.getParent() : dir);
            if (v2.isPresent() && Files.readString(v2.get().resolve("cgroup.controllers")).contains("cpuset")) {
                if (!Files.readString(v2.get().resolve("cgroup.subtree_control")).contains("cpuset")) {
                    CgroupFiles.write(v2.get().resolve("cgroup.subtree_control"), "+cpuset");
                }
                return layout(wanted, coresPerSlot, v2.get().resolve("cpuset.cpus.effective"), v2.get(), false);
            }
            return unpinned("no writable cpuset cgroup (v1 or v2) is available to this server");
        } catch (IOException | RuntimeException e) {
            log.warn("runs are not pinned to cores: {}", e.getMessage());
            return unpinned("the cpuset cgroup cannot be written (" + e.getMessage() + ")");
        }
    }

    private static CpuSlots layout(int wanted, int coresPerSlot, Path effective, Path group, boolean v1) throws IOException {
        List<Integer> usable = withinAffinity(parse(Files.readString(effective).strip()), ownAffinity());
        int per = Math.max(1, Math.min(coresPerSlot, usable.size()));
        int possible = Math.max(1, usable.size() / per);
        int count = wanted > 0 ? Math.min(wanted, possible) : possible;
        if (wanted > possible) {
            log.warn("{} slots of {} cores asked for, but {} cores are usable: {} slots", wanted, per, usable.size(), count);
        }
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.add(new Slot(i + 1, usable.subList(i * per, i * per + per).stream().map(String::valueOf).collect(Collectors.joining(","))));
        }
        if (!v1) {
            return new CpuSlots(slots, Optional.of(CpuSlots::pinV2), "");
        }
        String mems = Files.readString(group.resolve("cpuset.effective_mems")).strip();
        for (Slot slot : slots) {
            Path dir = group.resolve(PREFIX + slot.cores().replace(',', '-'));
            Files.createDirectories(dir);
            // A new v1 cpuset has no cores and no memory nodes: nothing could join it before both are written.
            CgroupFiles.write(dir.resolve("cpuset.cpus"), slot.cores());
            CgroupFiles.write(dir.resolve("cpuset.mems"), mems);
        }
        return new CpuSlots(slots, Optional.of((process, slot) -> pinV1(group.resolve(PREFIX + slot.cores().replace(',', '-')), process)), "");
    }

    private static void pinV1(Path slotGroup, SandboxProcess process) throws IOException {
        List<Long> pids = Stream.concat(Stream.of(process.pid()), ProcessHandle.of(process.pid()).stream()
                .flatMap(ProcessHandle::descendants).map(ProcessHandle::pid)).toList();
        for (long pid : pids) {
            try {
                CgroupFiles.write(slotGroup.resolve("cgroup.procs"), Long.toString(pid));
            } catch (IOException gone) {
                if (ProcessHandle.of(pid).isPresent()) {
                    throw gone;
                }
            }
        }
    }

    private static void pinV2(SandboxProcess process, Slot slot) throws IOException {
        Path group = process.cgroupDir().orElseThrow(() -> new IOException("the run has no cgroup of its own"));
        CgroupFiles.write(group.resolve("cpuset.cpus"), slot.cores());
    }

    /** Pins a run (every process it has now; later ones inherit) to the slot's cores; nothing when unpinned. */
    public void pin(SandboxProcess process, Slot slot) throws IOException {
        if (pinning.isPresent()) {
            pinning.get().pin(process, slot);
        }
    }

    public List<Slot> slots() {
        return slots;
    }

    /** The slot a worker uses: each worker keeps its own. */
    public Slot slot(int worker) {
        return slots.get(Math.floorMod(worker, slots.size()));
    }

    public boolean pinned() {
        return pinning.isPresent();
    }

    /** Why runs are not pinned; empty when they are. */
    public String reason() {
        return reason;
    }

    /**
     * The cores of the cpuset this server may also run on itself: a server started with {@code taskset -c 1} keeps its
     * runs on core 1, so two servers on one machine can each have cores of their own. All of them if the affinity
     * leaves none.
     */
    static List<Integer> withinAffinity(List<Integer> cpuset, Optional<List<Integer>> affinity) {
        if (affinity.isEmpty()) {
            return cpuset;
        }
        List<Integer> both = cpuset.stream().filter(affinity.get()::contains).toList();
        return both.isEmpty() ? cpuset : both;
    }

    /** The cores this process may run on (Cpus_allowed_list of /proc/self/status), if the kernel says. */
    private static Optional<List<Integer>> ownAffinity() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("Cpus_allowed_list:"))
                    .map(line -> parse(line.substring("Cpus_allowed_list:".length()).strip())).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** "0-3,6" → [0, 1, 2, 3, 6]. */
    static List<Integer> parse(String list) {
        List<Integer> cores = new ArrayList<>();
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] range = part.strip().split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            for (int core = from; core <= to; core++) {
                cores.add(core);
            }
        }
        return cores;
    }

    /** The directory of this process's own group in the hierarchy of {@code type} with {@code controller}. */
    private static Optional<Path> ownGroup(String type, String controller) throws IOException {
        String own = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && (controller.isEmpty() ? parts[1].isEmpty() && parts[0].equals("0")
                    : List.of(parts[1].split(",")).contains(controller))) {
                own = parts[2];
            }
        }
        String group = own;
        return CgroupTree.Mount.read(Path.of("/proc/self/mountinfo")).stream()
                .filter(m -> m.type().equals(type) && (controller.isEmpty() || m.superOptions().contains(controller)))
                .map(m -> m.locate(group)).flatMap(Optional::stream).findFirst()
                .filter(dir -> Files.isWritable(dir));
    }
}
