package lab.gil.sandbox;

import lab.gil.sandbox.CgroupTree.RunCgroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    /**
     * PR_SET_PDEATHSIG, which bwrap --die-with-parent and setpriv --pdeathsig use, fires when the <em>thread</em> that
     * forked the child exits, not the process. Every run therefore starts from this one thread, which lives as long
     * as the JVM: runs die with the server, never with a request thread.
     */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "sandbox-launcher");
        thread.setDaemon(true);
        return thread;
    });

    private final Limits limits;
    private final boolean bubblewrap;
    private final List<String> systemBinds;
    private final Optional<CgroupTree> cgroups;
    private final boolean serverIsRoot;
    private final int runUid;
    private final int runGid;
    /** Root without CAP_SYS_ADMIN (in a container): the run's uid starts bubblewrap, in a user namespace. */
    private final boolean bubblewrapAsRunUid;

    private Sandbox(Limits limits, boolean bubblewrap, List<String> systemBinds, Optional<CgroupTree> cgroups,
                    boolean serverIsRoot, int runUid, int runGid, boolean bubblewrapAsRunUid) {
        this.limits = limits;
        this.bubblewrap = bubblewrap;
        this.systemBinds = systemBinds;
        this.cgroups = cgroups;
        this.serverIsRoot = serverIsRoot;
        this.runUid = runUid;
        this.runGid = runGid;
        this.bubblewrapAsRunUid = bubblewrapAsRunUid;
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
            Sandbox withoutBwrap = new Sandbox(limits, false, List.of(), tree, root, uid, gid, false);
            if (!bubblewrap || !Files.isExecutable(BWRAP)) {
                return logged(withoutBwrap);
            }
            Sandbox withBwrap = new Sandbox(limits, true, LaunchCommand.systemBinds(), tree, root, uid, gid, false);
            if (withBwrap.works()) {
                return logged(withBwrap);
            }
            Sandbox asRunUid = new Sandbox(limits, true, LaunchCommand.systemBinds(), tree, root, uid, gid, true);
            return logged(root && asRunUid.works() ? asRunUid : withoutBwrap);
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
     * Starts {@code command} contained. It runs in {@code workDir}, its only writable place outside its private /tmp
     * and /dev/shm; with bubblewrap it sees /usr, a few harmless /etc files, {@code readOnlyPaths} read-only and
     * {@code workDir}, each at its own path, and nothing else of the host. Its environment is exactly {@code env}.
     * When the server is root, {@code workDir} and what is in it are handed to the run's uid.
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
            handOver(work);
            if (!bubblewrap || bubblewrapAsRunUid) {
                requireReachable(work);
                readOnly.forEach(this::requireReachable);
            }
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
            Process process = launch(builder);
            return new SandboxProcess(process, limits, cgroup, bubblewrap, "run-" + name);
        } catch (IOException | RuntimeException e) {
            cgroup.ifPresent(RunCgroup::remove);
            throw e;
        }
    }

    private List<String> chain(List<String> command, Path workDir, Map<String, String> env, List<Path> readOnly,
                               Optional<RunCgroup> cgroup) {
        List<String> argv = new ArrayList<>();
        cgroup.ifPresent(group -> argv.addAll(LaunchCommand.joinCgroup(group.procsFiles())));
        boolean switchFirst = serverIsRoot && bubblewrapAsRunUid;
        if (switchFirst) {
            argv.addAll(LaunchCommand.switchUser(runUid, runGid, false));
        }
        boolean rootBwrap = serverIsRoot && !switchFirst;
        if (bubblewrap) {
            argv.addAll(LaunchCommand.bubblewrap(BWRAP, systemBinds, rootBwrap, rootBwrap, workDir, readOnly, limits));
        }
        argv.addAll(LaunchCommand.restorePwd(env));
        if (serverIsRoot && !switchFirst) {
            argv.addAll(LaunchCommand.switchUser(runUid, runGid, !bubblewrap));
        } else if (!bubblewrap) {
            argv.addAll(LaunchCommand.deathSignal());
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
     * RLIMIT_NPROC counts every process and thread of the uid, not of the run. Inside bubblewrap's user namespace it
     * counts the run's own. A pids cgroup counts the run's own exactly, so the rlimit is only a loose backstop there.
     * Otherwise whatever the uid already runs (the server's threads when not root, other runs' interpreters when
     * root) is added, which costs a scan of /proc.
     */
    private long processLimit() {
        if (bubblewrap && !serverIsRoot) {
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
                handOver(probeDir);
            }
            ProcessBuilder builder = new ProcessBuilder(chain(List.of("/bin/true"), probeDir, Map.of(), List.of(), Optional.empty()))
                    .redirectErrorStream(true);
            builder.environment().clear();
            Process probe = launch(builder);
            boolean ended = probe.waitFor(10, TimeUnit.SECONDS);
            if (ended && probe.exitValue() == 0) {
                return true;
            }
            // Read bubblewrap's own message first: destroying the process closes its output.
            String output = ended ? new String(probe.getInputStream().readAllBytes()).strip() : "no answer in 10 s";
            probe.destroyForcibly();
            log.warn("bubblewrap is installed but cannot be used here{}: {}", bubblewrapAsRunUid ? " by uid " + runUid : "", output);
            return false;
        } catch (IOException e) {
            log.warn("bubblewrap probe{} failed: {}", bubblewrapAsRunUid ? " by uid " + runUid : "", e.getMessage());
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

    private static Process launch(ProcessBuilder builder) throws IOException {
        try {
            return LAUNCHER.submit(builder::start).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("could not start a sandboxed process", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting a sandboxed process", e);
        }
    }

    /** Gives the run's uid the work folder and everything in it, without following links the folder may hold. */
    private void handOver(Path workDir) throws IOException {
        Files.walkFileTree(workDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                chown(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                chown(file);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void chown(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", runUid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", runGid, LinkOption.NOFOLLOW_LINKS);
    }

    /** Without bubblewrap the run's uid reaches paths through the host's folders, which must let it pass. */
    private void requireReachable(Path path) {
        for (Path dir = path.getParent(); dir != null; dir = dir.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalArgumentException("uid " + runUid + " cannot reach " + path + ": " + dir
                            + " is not searchable by others (chmod o+x)");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot check " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private static Path absoluteExisting(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw new IllegalArgumentException("no such file or folder: " + absolute);
        }
        return absolute;
    }
}
