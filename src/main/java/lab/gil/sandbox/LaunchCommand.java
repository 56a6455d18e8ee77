package lab.gil.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Builds the chain of small programs that contains one run, each doing its part and then exec-ing the next, so the
 * student's program ends up with the same pid as the process Java started:
 * {@code sh} (opens the seccomp filter) → {@code sh} (joins the run's cgroup) → with bwrap: {@code setpriv} (a root
 * server's unprivileged uid) → {@code bwrap} (namespaces, seccomp, a read-only view of the system) →
 * {@code python3 sandbox_setup.py} (the disk budget) → {@code setpriv} (no capabilities left);
 * without: {@code setpriv} (unprivileged uid; parent-death signal) → then {@code env} (the caller's PWD) →
 * {@code prlimit} (rlimits) → {@code setsid} (without bwrap: a session of its own, so the run can be found and
 * killed) → the command.
 */
final class LaunchCommand {
    static final Path SH = Path.of("/bin/sh");
    static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
    static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    static final Path SETSID = Path.of("/usr/bin/setsid");
    static final Path ENV = Path.of("/usr/bin/env");
    /** Runs the sandbox's set-up script; any Python 3 does, and Debian's is always there for the server. */
    static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Where the set-up script, the caller's work folder and the run's disk are mounted until set-up ends. */
    static final String SETUP_DIR = "/run/gillab";

    /** Thread stacks get the usual 8 MB (soft limit) whatever the server runs with, so thread-heavy code behaves the same. */
    private static final long STACK_BYTES = 8L * 1024 * 1024;

    /** What Python and the dynamic linker read from /etc; nothing secret (shadow, ssh, ssl keys) is among them. */
    private static final List<String> ETC_FILES = List.of("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
            "/etc/localtime", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/alternatives");

    private static final List<String> TOP_LEVEL = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    private static final String JOIN_SCRIPT =
            "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125; shift; n=$((n-1)); done; exec \"$@\"";

    private LaunchCommand() {
    }

    /** Moves the shell into every group before anything else runs, so no process of the run starts outside. */
    static List<String> joinCgroup(List<Path> procsFiles) {
        List<String> args = new ArrayList<>(List.of(SH.toString(), "-c", JOIN_SCRIPT, "gillab-sandbox",
                Integer.toString(procsFiles.size())));
        procsFiles.forEach(p -> args.add(p.toString()));
        return args;
    }

    /** The host's system directories, found once: /usr read-only, the usual top-level links, a few /etc files. */
    static List<String> systemBinds() {
        List<String> args = new ArrayList<>(List.of("--ro-bind", "/usr", "/usr"));
        for (String dir : TOP_LEVEL) {
            Path path = Path.of(dir);
            if (Files.isSymbolicLink(path)) {
                try {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), dir));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read link " + dir, e);
                }
            } else if (Files.isDirectory(path)) {
                args.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        List<String> etc = new ArrayList<>(ETC_FILES);
        try (DirectoryStream<Path> pythons = Files.newDirectoryStream(Path.of("/etc"), "{python,pypy}*")) {
            pythons.forEach(p -> etc.add(p.toString()));
        } catch (IOException e) {
            // No /etc/python*: the interpreter does without its site customisation.
        }
        for (String file : etc) {
            args.addAll(List.of("--ro-bind-try", file, file));
        }
        // Lets os.cpu_count() and the harness see the host's CPUs; nothing else of /sys is shown.
        args.addAll(List.of("--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu"));
        return args;
    }

    /** Opens the seccomp filter as descriptor 3 for bwrap's --seccomp: a child of Java inherits no other. */
    static List<String> openSeccomp(Path program) {
        return List.of(SH.toString(), "-c", "exec 3<\"$1\" || exit 125; shift; exec \"$@\"", "gillab-sandbox",
                program.toString());
    }

    /**
     * bwrap, always unprivileged (a root server drops to the run's uid first), with fresh user, pid, network, IPC,
     * UTS and cgroup namespaces, dying with the server, under the seccomp filter on descriptor 3 if there is one.
     * The sandbox root and /dev are read-only; the set-up script ({@code setup}, see sandbox_setup.py) then puts the
     * work folder, /tmp and /dev/shm on one tmpfs of the disk budget, binds into it the caller's files from the
     * host's {@code workDir}, and setpriv drops the two capabilities it needed and empties the bounding set.
     */
    static List<String> bubblewrap(Path bwrap, List<String> systemBinds, boolean seccomp, Path setup, Path workDir,
                                   List<Path> readOnly, Limits limits) {
        List<String> args = new ArrayList<>(List.of(bwrap.toString(), "--unshare-user",
                "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--hostname", "gillab", "--die-with-parent", "--new-session",
                "--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETPCAP"));
        if (seccomp) {
            args.addAll(List.of("--seccomp", "3"));
        }
        args.addAll(systemBinds);
        args.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--dir", "/dev/shm", "--dir", "/tmp"));
        // Shallower mounts first, so a read-only folder inside another stays on top. Those in a place the set-up
        // script covers with the run's disk wait beside it, and the script shows them again at their own path.
        List<Path> sorted = new ArrayList<>(readOnly);
        sorted.sort(Comparator.comparingInt(Path::getNameCount).thenComparing(p -> p));
        List<String> reexposed = new ArrayList<>();
        for (Path path : sorted) {
            if (path.startsWith("/tmp") || path.startsWith("/dev/shm") || path.startsWith(workDir)) {
                String aside = SETUP_DIR + "/ro/" + reexposed.size() / 2;
                args.addAll(List.of("--ro-bind", path.toString(), aside));
                reexposed.addAll(List.of(aside, path.toString()));
            } else {
                makeParents(args, path);
                args.addAll(List.of("--ro-bind", path.toString(), path.toString()));
            }
        }
        makeParents(args, workDir);
        args.addAll(List.of("--perms", "0755", "--dir", workDir.toString(),
                "--bind", workDir.toString(), SETUP_DIR + "/seed",
                "--dir", SETUP_DIR + "/disk",
                "--ro-bind", setup.toString(), SETUP_DIR + "/setup.py",
                "--remount-ro", "/dev", "--remount-ro", "/",
                "--chdir", "/", "--",
                PYTHON.toString(), "-I", "-S", SETUP_DIR + "/setup.py",
                Long.toString(limits.diskBytes()), Integer.toString(limits.diskFiles()), workDir.toString(),
                Integer.toString(reexposed.size() / 2)));
        args.addAll(reexposed);
        args.addAll(List.of(SETPRIV.toString(), "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all", "--"));
        return args;
    }

    /** bwrap would make the missing parents of a mount point 0700, closed to the run's uid. */
    private static void makeParents(List<String> args, Path path) {
        for (int depth = 1; depth < path.getNameCount(); depth++) {
            args.addAll(List.of("--perms", "0755", "--dir", path.getRoot().resolve(path.subpath(0, depth)).toString()));
        }
    }

    /** sh and bwrap --chdir set PWD; this puts back what the caller gave, so the environment is exactly theirs. */
    static List<String> restorePwd(Map<String, String> env) {
        String pwd = env.get("PWD");
        return pwd == null ? List.of(ENV.toString(), "-u", "PWD", "--") : List.of(ENV.toString(), "--", "PWD=" + pwd);
    }

    /**
     * Drops to the run's uid and gid with no supplementary groups, no capabilities left to inherit and an empty
     * bounding set (bwrap's new user namespace starts from a full one of its own anyway).
     */
    static List<String> switchUser(int uid, int gid, boolean deathSignal) {
        List<String> args = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid", Integer.toString(uid),
                "--regid", Integer.toString(gid), "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"));
        if (deathSignal) {
            args.addAll(List.of("--pdeathsig", "KILL"));
        }
        args.add("--");
        return args;
    }

    /** Without bwrap, SIGKILL to the run's first process when the server thread that started it dies. */
    static List<String> deathSignal() {
        return List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--");
    }

    /**
     * The rlimits. CPU gets a one-second grace between SIGXCPU and SIGKILL. RLIMIT_DATA (not RLIMIT_AS, which counts
     * reserved address space and so breaks programs with many threads) caps memory per process only when no memory
     * cgroup caps the run as a whole, with room for a thread stack per allowed process on top.
     */
    static List<String> rlimits(Limits limits, long processes, boolean limitData) {
        long cpu = Math.max(1, limits.cpu().toSeconds());
        List<String> args = new ArrayList<>(List.of(PRLIMIT.toString(),
                "--core=0",
                "--cpu=" + cpu + ":" + (cpu + 1),
                "--fsize=" + limits.fileBytes(),
                "--nofile=" + limits.openFiles(),
                "--nproc=" + processes,
                "--stack=" + STACK_BYTES + ":"));
        if (limitData) {
            args.add("--data=" + (limits.memoryBytes() + limits.processes() * STACK_BYTES));
        }
        args.add("--");
        return args;
    }

    static List<String> newSession() {
        return List.of(SETSID.toString());
    }
}
