package lab.gil.sandbox;

import lab.gil.sandbox.CgroupTree.RunCgroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs untrusted programs contained. Made once by the server: {@link #detect} finds out what this machine offers
 * (bubblewrap, a writable cgroup hierarchy, root to switch to an unprivileged uid) and {@link #description} says
 * which of it is in use; rlimits always apply. See {@link #start} for what a run sees.
 */
public final class Sandbox {
    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

    /** Prefix of the cgroups the sandbox makes, so an operator can recognise them. */
    static final String RUN_PREFIX = "gillab-";
    static final Path BWRAP = Path.of("/usr/bin/bwrap");
    static final int NOBODY = 65534;

    private final Limits limits;
    private final boolean bubblewrap;
    private final List<String> systemBinds;
    private final Optional<CgroupTree> cgroups;
    private final boolean serverIsRoot;
    private final int runUid;
    private final int runGid;
    private final SetupFiles setup;

    private Sandbox(Limits limits, boolean bubblewrap, List<String> systemBinds, Optional<CgroupTree> cgroups,
                    boolean serverIsRoot, int runUid, int runGid, SetupFiles setup) {
        this.setup = setup;
        this.limits = limits;
        this.bubblewrap = bubblewrap;
        this.systemBinds = systemBinds;
        this.cgroups = cgroups;
        this.serverIsRoot = serverIsRoot;
        this.runUid = runUid;
        this.runGid = runGid;
    }

    /** Uses everything this machine offers. */
    public static Sandbox detect(Limits limits) {
        return builder(limits).build();
    }

    public static Builder builder(Limits limits) {
        return new Builder(limits);
    }

    /** Chooses what the sandbox may use; {@link #build} still checks that it works here. */
    public static final class Builder {
        private final Limits limits;
        private boolean bubblewrap = true;
        private boolean cgroups = true;
        private int uid = NOBODY;
        private int gid = NOBODY;

        private Builder(Limits limits) {
            this.limits = limits;
        }

        /** Allows or forbids bubblewrap (forbidding shows what the rlimits-only fallback does). */
        public Builder bubblewrap(boolean allowed) {
            this.bubblewrap = allowed;
            return this;
        }

        /** Allows or forbids a cgroup per run. */
        public Builder cgroups(boolean allowed) {
            this.cgroups = allowed;
            return this;
        }

        /** The uid and gid runs use when the server is root (default 65534, nobody); a uid of its own is better. */
        public Builder runAs(int uid, int gid) {
            if (uid <= 0 || gid <= 0) {
                throw new IllegalArgumentException("runs need an unprivileged uid and gid, not " + uid + ":" + gid);
            }
            this.uid = uid;
            this.gid = gid;
            return this;
        }

        public Sandbox build() {
            for (Path tool : List.of(LaunchCommand.SH, LaunchCommand.PRLIMIT, LaunchCommand.SETPRIV, LaunchCommand.SETSID)) {
                if (!Files.isExecutable(tool)) {
                    throw new IllegalStateException("the sandbox needs " + tool + " (util-linux)");
                }
            }
            boolean root = ProcFs.ownUid() == 0;
            Optional<CgroupTree> tree = cgroups ? CgroupTree.detect(RUN_PREFIX) : Optional.empty();
            tree.ifPresent(CgroupTree::removeOrphans);
            Sandbox withoutBwrap = new Sandbox(limits, false, List.of(), tree, root, uid, gid, null);
            if (!bubblewrap || !Files.isExecutable(BWRAP) || !Files.isExecutable(LaunchCommand.PYTHON)) {
                return logged(withoutBwrap);
            }
            Sandbox withBwrap = new Sandbox(limits, true, LaunchCommand.systemBinds(), tree, root, uid, gid,
                    SetupFiles.write());
            return logged(withBwrap.works() ? withBwrap : withoutBwrap);
        }

        private static Sandbox logged(Sandbox sandbox) {
            log.info("sandbox: {}", sandbox.description());
            return sandbox;
        }
    }

    /** What contains runs, e.g. "bubblewrap + rlimits + cgroup v1 + uid 65534" or "rlimits only". */
    public String description() {
        List<String> parts = new ArrayList<>();
        if (bubblewrap) {
            parts.add("bubblewrap");
        }
        parts.add("rlimits");
        cgroups.ifPresent(tree -> parts.add(tree.description()));
        if (serverIsRoot) {
            parts.add("uid " + runUid);
        }
        return parts.size() == 1 ? "rlimits only" : String.join(" + ", parts);
    }

    public Limits limits() {
        return limits;
    }

    /** Whether runs have their own pid, network and mount namespaces: they see no host process and no host file. */
    public boolean usesBubblewrap() {
        return bubblewrap;
    }

    /** Whether each run has a cgroup, which limits and kills the run as a whole. */
    public boolean usesCgroup() {
        return cgroups.isPresent();
    }

    /** Whether runs have a uid other than the server's (only when the server is root). */
    public boolean switchesUser() {
        return serverIsRoot;
    }

    /**
     * Starts {@code command} contained, in {@code workDir}, with an environment of exactly {@code env}.
     * <p>With bubblewrap the run sees /usr, a few harmless /etc files and {@code readOnlyPaths} read-only, each at its
     * own path, and nothing else of the host; the sandbox root and /dev are read-only. Its work folder (at
     * {@code workDir}'s path), /tmp and /dev/shm are one tmpfs of {@link Limits#diskBytes} and {@link Limits#diskFiles},
     * gone with the run. The regular files in the host's {@code workDir} when the run starts are shown in it, and what
     * the run writes to them reaches the host (each up to {@link Limits#fileBytes}); anything else the run writes stays
     * in the sandbox. Without bubblewrap the run works in the host's {@code workDir} itself.
     * <p>When the server is root, {@code workDir} and what is in it are handed to the run's uid.
     *
     * @param command       the program and its arguments; an absolute program path is best, since only env's PATH
     *                      is searched
     * @param readOnlyPaths what the run may read besides /usr, such as the harness or an interpreter under /opt
     */
    public SandboxProcess start(List<String> command, Path workDir, Map<String, String> env, Set<Path> readOnlyPaths)
            throws IOException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        Path work = absoluteExisting(workDir);
        if (!Files.isDirectory(work)) {
            throw new IllegalArgumentException("workDir is not a directory: " + work);
        }
        List<Path> readOnly = new ArrayList<>();
        for (Path path : readOnlyPaths) {
            readOnly.add(absoluteExisting(path));
        }
        if (serverIsRoot) {
            runUser().handOver(work);
            // The run's uid (and with bubblewrap, bwrap itself, which runs as that uid) reaches them from the host.
            runUser().requireReachable(work);
            readOnly.forEach(runUser()::requireReachable);
        }
        String name = CgroupFiles.runName(UUID.randomUUID().toString().substring(0, 8));
        Optional<RunCgroup> cgroup = Optional.empty();
        try {
            if (cgroups.isPresent()) {
                cgroup = Optional.of(cgroups.get().create(name, limits));
            }
            ProcessBuilder builder = new ProcessBuilder(chain(command, work, env, readOnly, cgroup))
                    .directory(work.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = Launcher.start(builder);
            return new SandboxProcess(process, limits, cgroup, bubblewrap, "run-" + name);
        } catch (IOException | RuntimeException e) {
            cgroup.ifPresent(RunCgroup::remove);
            throw e;
        }
    }

    private List<String> chain(List<String> command, Path workDir, Map<String, String> env, List<Path> readOnly,
                               Optional<RunCgroup> cgroup) {
        List<String> argv = new ArrayList<>();
        if (bubblewrap) {
            setup.seccomp().ifPresent(program -> argv.addAll(LaunchCommand.openSeccomp(program)));
        }
        cgroup.ifPresent(group -> argv.addAll(LaunchCommand.joinCgroup(group.procsFiles())));
        if (bubblewrap) {
            // bwrap runs unprivileged even for a root server, so the run is in a user namespace of its own.
            if (serverIsRoot) {
                argv.addAll(LaunchCommand.switchUser(runUid, runGid, false));
            }
            argv.addAll(LaunchCommand.bubblewrap(BWRAP, systemBinds, setup.seccomp().isPresent(), setup.setupScript(),
                    workDir, readOnly, limits));
        }
        argv.addAll(LaunchCommand.restorePwd(env));
        if (!bubblewrap) {
            argv.addAll(serverIsRoot ? LaunchCommand.switchUser(runUid, runGid, true) : LaunchCommand.deathSignal());
        }
        boolean memoryCgroup = cgroups.map(CgroupTree::limitsMemory).orElse(false);
        argv.addAll(LaunchCommand.rlimits(limits, processLimit(), !memoryCgroup));
        if (!bubblewrap) {
            argv.addAll(LaunchCommand.newSession());
        }
        argv.addAll(command);
        return argv;
    }

    /**
     * RLIMIT_NPROC counts every process and thread of the uid, not of the run. Inside bubblewrap's user namespace (a
     * new one per run, whether the server is root or not) it counts the run's own. A pids cgroup counts the run's own exactly, so the rlimit is only a loose backstop there.
     * Otherwise whatever the uid already runs (the server's threads when not root, other runs' interpreters when
     * root) is added, which costs a scan of /proc.
     */
    private long processLimit() {
        if (bubblewrap) {
            return limits.processes();
        }
        if (cgroups.map(CgroupTree::limitsProcesses).orElse(false)) {
            // Counted per uid, so other runs' interpreters sharing the uid must fit under the backstop too.
            return ProcFs.tasksOf(serverIsRoot ? runUid : ProcFs.ownUid()) + 4L * limits.processes();
        }
        return ProcFs.tasksOf(serverIsRoot ? runUid : ProcFs.ownUid()) + limits.processes();
    }

    /** Runs {@code /bin/true} through the full bubblewrap chain once: installed is not the same as permitted. */
    private boolean works() {
        Path probeDir = null;
        try {
            probeDir = Files.createTempDirectory("gillab-bwrap-probe");
            if (serverIsRoot) {
                runUser().handOver(probeDir);
            }
            ProcessBuilder builder = new ProcessBuilder(chain(List.of("/bin/true"), probeDir, Map.of(), List.of(), Optional.empty()))
                    .redirectErrorStream(true);
            builder.environment().clear();
            Process probe = Launcher.start(builder);
            boolean ended = probe.waitFor(10, TimeUnit.SECONDS);
            if (ended && probe.exitValue() == 0) {
                return true;
            }
            String output = ended ? new String(probe.getInputStream().readAllBytes()).strip() : "no answer in 10 s";
            probe.destroyForcibly();
            log.warn("bubblewrap is installed but cannot be used here ({}), falling back to rlimits", output);
            return false;
        } catch (IOException e) {
            log.warn("bubblewrap probe failed: {}", e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (probeDir != null) {
                try {
                    Files.deleteIfExists(probeDir);
                } catch (IOException e) {
                    log.debug("could not remove {}", probeDir, e);
                }
            }
        }
    }

    private RunUser runUser() {
        return new RunUser(runUid, runGid);
    }

    private static Path absoluteExisting(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw new IllegalArgumentException("no such file or folder: " + absolute);
        }
        return absolute;
    }
}
