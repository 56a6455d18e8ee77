package lab.gil.sandbox;

import lab.gil.sandbox.Outcome.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hostile and legitimate student programs run through a real {@link Sandbox} with real /usr/bin/python3. Each
 * subclass configures one way of containing runs; a test the configuration cannot honestly pass says so with an
 * assumption instead of being weakened.
 */
abstract class SandboxContract {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final long MB = 1024 * 1024;
    /** Small limits keep the hostile suite fast. */
    static final Limits SMALL = new Limits(Duration.ofSeconds(2), Duration.ofSeconds(1), 256 * MB, 32, 64 * 1024,
            MB, 64);

    /** For programs that end on their own: a busy machine must not turn their ending into a wall timeout. */
    static final Limits ROOMY = new Limits(Duration.ofSeconds(20), Duration.ofSeconds(10), SMALL.memoryBytes(),
            SMALL.processes(), SMALL.outputBytes(), SMALL.fileBytes(), SMALL.openFiles());

    @TempDir
    Path root;
    Path work;
    Path lessons;
    Path database;
    Sandbox small;
    Sandbox roomy;
    String marker;

    /** The sandbox under test, as a subclass configures it. */
    abstract Sandbox.Builder configure(Sandbox.Builder builder);

    @BeforeEach
    void makeServerLikeFolders() throws IOException {
        // The unprivileged run uid must be able to pass through the temporary root when there is no bubblewrap.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        work = Files.createDirectory(root.resolve("work"));
        lessons = Files.createDirectory(root.resolve("lessons"));
        Path data = Files.createDirectory(root.resolve("data"));
        database = Files.writeString(data.resolve("gillab.mv.db"), "TOP-SECRET-ROWS");
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-------"));
        small = configure(Sandbox.builder(SMALL)).build();
        roomy = configure(Sandbox.builder(ROOMY)).build();
        marker = "gillab-test-" + UUID.randomUUID();
    }

    /** Runs a program that should end on its own (or by a limit other than time), with room to do so. */
    Outcome run(String program) throws IOException {
        return run(roomy, program);
    }

    /** Runs a program that should only end at the small wall-clock or CPU limit. */
    Outcome runUntilStopped(String program) throws IOException {
        return run(small, program);
    }

    /** Runs a program, closes the run, and checks that nothing carrying the run's marker is left anywhere. */
    Outcome run(Sandbox sandbox, String program) throws IOException {
        Files.writeString(work.resolve("main.py"), program);
        Outcome outcome;
        try (SandboxProcess process = sandbox.start(List.of(PYTHON.toString(), "main.py", marker), work, childEnv(),
                Set.of())) {
            process.stdin().close();
            outcome = process.await();
        }
        assertThat(Survivors.carrying(marker)).as("processes left after the run").isEmpty();
        assertThat(outcome.message()).isNotBlank();
        return outcome;
    }

    Map<String, String> childEnv() {
        return Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8", "HOME", work.toString(), "RUN_MARKER", marker);
    }

    boolean childIsSomeoneElse() {
        return small.usesBubblewrap() || small.switchesUser();
    }

    // ---- runaway processes, threads, CPU and time ----

    @Test
    void forkBombIsContainedAndCleanedUp() throws IOException {
        Outcome outcome = runUntilStopped("""
                import os
                while True:
                    try:
                        os.fork()
                    except OSError:
                        pass
                """);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.reason()).isIn(Reason.WALL_TIMEOUT, Reason.CPU_LIMIT, Reason.MEMORY_LIMIT);
    }

    @Test
    void recursiveMultiprocessingIsContained() throws IOException {
        Outcome outcome = runUntilStopped("""
                import multiprocessing as mp
                def spread():
                    while True:
                        try:
                            for _ in range(2):
                                mp.Process(target=spread).start()
                        except Exception:
                            pass
                if __name__ == "__main__":
                    mp.set_start_method("fork")
                    spread()
                """);
        assertThat(outcome.succeeded()).isFalse();
    }

    @Test
    void threadFloodStopsAtTheProcessLimit() throws IOException {
        Outcome outcome = run("""
                import threading, time
                threads = []
                try:
                    while len(threads) < 10000:
                        t = threading.Thread(target=time.sleep, args=(60,), daemon=True)
                        t.start()
                        threads.append(t)
                except RuntimeError:
                    pass
                print(len(threads))
                """);
        assertThat(Integer.parseInt(outcome.stdout().strip())).isLessThan(2 * SMALL.processes());
    }

    @Test
    void busyLoopEndsAtTheCpuOrWallLimit() throws IOException {
        Outcome outcome = runUntilStopped("while True: pass\n");
        assertThat(outcome.reason()).isIn(Reason.CPU_LIMIT, Reason.WALL_TIMEOUT);
    }

    @Test
    void sleepingForeverEndsAtTheWallLimit() throws IOException {
        Outcome outcome = runUntilStopped("import time\ntime.sleep(1e9)\n");
        assertThat(outcome.reason()).isEqualTo(Reason.WALL_TIMEOUT);
        assertThat(outcome.message()).isEqualTo("Stopped after 2 s: the wall-clock limit (GILLAB_LIMIT_WALL_S) was reached.");
    }

    @Test
    void ignoringSigtermDoesNotOutliveTheRun() throws IOException {
        Outcome outcome = runUntilStopped("""
                import os, signal, time
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                if os.fork() == 0:
                    signal.signal(signal.SIGTERM, signal.SIG_IGN)
                time.sleep(1e9)
                """);
        assertThat(outcome.reason()).isEqualTo(Reason.WALL_TIMEOUT);
    }

    @Test
    void poolWhoseWorkersKeepDyingIsStoppedAtTheWallLimit() throws IOException {
        Outcome outcome = runUntilStopped("""
                import multiprocessing as mp, os
                def die(_):
                    os._exit(1)
                if __name__ == "__main__":
                    with mp.get_context("fork").Pool(2) as pool:
                        pool.map(die, range(10))
                """);
        assertThat(outcome.reason()).isEqualTo(Reason.WALL_TIMEOUT);
    }

    @Test
    void setsidAndDoubleForkCannotEscape() throws IOException {
        assumeTrue(small.usesBubblewrap() || small.usesCgroup(),
                "without a pid namespace or a cgroup a process that leaves the session cannot be found");
        Outcome outcome = run("""
                import os, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        time.sleep(1e9)
                    os._exit(0)
                print("parent leaves")
                """);
        assertThat(outcome.stdout()).contains("parent leaves");
    }

    @Test
    void killingTheParentDoesNotHurtTheServer() throws IOException {
        assumeTrue(childIsSomeoneElse(), "a run with the server's own uid and pid namespace could kill the server");
        Outcome outcome = run("""
                import os
                try:
                    os.kill(os.getppid(), 9)
                    print("signal sent")
                except OSError as e:
                    print("refused", e.errno)
                """);
        assertThat(outcome.stdout()).containsAnyOf("refused", "signal sent");
        assertThat(run("print('still serving')").stdout()).isEqualTo("still serving\n");
    }

    @Test
    void killingEveryVisibleProcessOnlyReachesTheRun() throws IOException {
        assumeTrue(small.usesBubblewrap(), "kill(-1) is only safe to try inside a pid namespace");
        Outcome outcome = run("import os\nos.kill(-1, 9)\nprint('survived')\n");
        assertThat(outcome.reason()).isIn(Reason.NONE, Reason.KILLED);
        assertThat(run("print('still serving')").stdout()).isEqualTo("still serving\n");
    }

    @Test
    void killStopsARunFromAnotherThread() throws Exception {
        Files.writeString(work.resolve("main.py"), "import time\nprint('started', flush=True)\ntime.sleep(1e9)\n");
        try (SandboxProcess process = small.start(List.of(PYTHON.toString(), "main.py", marker), work, childEnv(),
                Set.of())) {
            process.kill();
            Outcome outcome = process.await();
            assertThat(outcome.reason()).isEqualTo(Reason.KILLED);
            assertThat(outcome.message()).isEqualTo("The run was stopped before it finished.");
        }
        assertThat(Survivors.carrying(marker)).isEmpty();
    }

    // ---- memory ----

    @Test
    void oneHugeAllocationFails() throws IOException {
        Outcome outcome = run("x = bytearray(10 ** 11)\n");
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.reason()).isIn(Reason.NONE, Reason.MEMORY_LIMIT);
    }

    @Test
    void steadilyGrowingMemoryIsStopped() throws IOException {
        Outcome outcome = run("""
                chunks = []
                while True:
                    chunks.append(bytearray(1024 * 1024))
                """);
        if (small.usesCgroup()) {
            assertThat(outcome.reason()).isEqualTo(Reason.MEMORY_LIMIT);
            assertThat(outcome.message()).contains("GILLAB_LIMIT_MEM_MB");
        } else {
            assertThat(outcome.stderr()).as(outcome.toString()).contains("MemoryError");
        }
    }

    @Test
    void memorySpreadOverProcessesCountsAsOne() throws IOException {
        assumeTrue(small.usesCgroup(), "only a cgroup limits the memory of a run as a whole");
        Outcome outcome = run("""
                import multiprocessing as mp, time
                def hold():
                    block = bytearray(100 * 1024 * 1024)
                    time.sleep(2)
                if __name__ == "__main__":
                    workers = [mp.get_context("fork").Process(target=hold) for _ in range(4)]
                    for w in workers: w.start()
                    for w in workers: w.join()
                    print([w.exitcode for w in workers])
                """);
        assertThat(outcome.reason()).isEqualTo(Reason.MEMORY_LIMIT);
    }

    // ---- output ----

    @Test
    void outputFloodIsCutAtTheLimit() throws IOException {
        Outcome outcome = run("while True:\n    print('spam ' * 20)\n");
        assertThat(outcome.reason()).isEqualTo(Reason.OUTPUT_LIMIT);
        assertThat(outcome.outputTruncated()).isTrue();
        assertThat(outcome.stdout().length()).isLessThanOrEqualTo((int) SMALL.outputBytes());
        assertThat(outcome.stdout()).startsWith("spam spam");
    }

    @Test
    void oneEnormousLineIsCutAtTheLimit() throws IOException {
        Outcome outcome = run("import sys\nsys.stdout.write('x' * 100_000_000)\n");
        assertThat(outcome.reason()).isEqualTo(Reason.OUTPUT_LIMIT);
        assertThat(outcome.stdout()).hasSize((int) SMALL.outputBytes()).matches("x+");
    }

    @Test
    void stderrCountsTowardsTheSameLimit() throws IOException {
        Outcome outcome = run("import sys\nwhile True:\n    sys.stderr.write('e' * 1000)\n");
        assertThat(outcome.reason()).isEqualTo(Reason.OUTPUT_LIMIT);
        assertThat(outcome.stderr().length()).isLessThanOrEqualTo((int) SMALL.outputBytes());
    }

    @Test
    void controlCharactersAndInvalidUtf8AreReplaced() throws IOException {
        Outcome outcome = run("""
                import sys
                sys.stdout.buffer.write(b"ok\\x00\\x1b[31m\\xff\\xfe\\r\\nnext\\tline\\n")
                """);
        assertThat(outcome.stdout()).isEqualTo("ok\uFFFD\uFFFD[31m\uFFFD\uFFFD\nnext\tline\n");
    }

    @Test
    void stdinReachesTheProgram() throws IOException {
        Files.writeString(work.resolve("main.py"), "print(input().upper())\n");
        try (SandboxProcess process = small.start(List.of(PYTHON.toString(), "main.py", marker), work, childEnv(),
                Set.of())) {
            try (OutputStream stdin = process.stdin()) {
                stdin.write("hello\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(process.await().stdout()).isEqualTo("HELLO\n");
        }
    }

    // ---- files and descriptors ----

    @Test
    void fillingTheDiskStopsAtTheFileSizeLimit() throws IOException {
        Outcome outcome = run("""
                with open("big.bin", "wb") as f:
                    for _ in range(100):
                        f.write(b"0" * 1024 * 1024)
                """);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.stderr()).contains("File too large");
        if (!small.usesBubblewrap()) {
            assertThat(Files.size(work.resolve("big.bin"))).isLessThanOrEqualTo(SMALL.fileBytes());
        }
    }

    @Test
    void exhaustingFileDescriptorsStopsAtTheLimit() throws IOException {
        Outcome outcome = run("""
                files = []
                try:
                    while len(files) < 100000:
                        files.append(open("main.py"))
                except OSError as e:
                    print(len(files), e.errno)
                """);
        String[] counted = outcome.stdout().strip().split(" ");
        assertThat(Integer.parseInt(counted[0])).isLessThan(SMALL.openFiles());
        assertThat(counted[1]).isEqualTo("24");
    }

    @Test
    void segfaultLeavesNoCoreFile() throws IOException {
        Outcome outcome = run("import ctypes\nctypes.string_at(0)\n");
        assertThat(outcome.exitCode()).isEqualTo(128 + 11);
        assertThat(outcome.message()).isEqualTo("The program was ended by signal 11 (SIGSEGV).");
        try (var files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("main.py");
        }
    }

    @Test
    void workFolderIsWritable() throws IOException {
        Outcome outcome = run("open('result.txt', 'w').write('measured')\nprint(open('result.txt').read())\n");
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.stdout()).isEqualTo("measured\n");
        if (!small.usesBubblewrap()) {
            assertThat(work.resolve("result.txt")).hasContent("measured");
        }
    }

    // ---- secrets and the network ----

    @Test
    void etcShadowIsUnreadable() throws IOException {
        Outcome outcome = run("""
                try:
                    print(open("/etc/shadow").read())
                except OSError as e:
                    print("refused", type(e).__name__)
                """);
        assertThat(outcome.stdout()).startsWith("refused").doesNotContain("root:");
    }

    @Test
    void theServersDatabaseIsUnreadable() throws IOException {
        assumeTrue(childIsSomeoneElse(), "a run with the server's uid and view can read what the server can");
        Outcome outcome = run("""
                import glob
                print(glob.glob("%s/**/*.mv.db", recursive=True))
                try:
                    print(open("%s").read())
                except OSError as e:
                    print("refused", type(e).__name__)
                """.formatted(root, database));
        assertThat(outcome.stdout()).doesNotContain("TOP-SECRET-ROWS").contains("refused");
    }

    @Test
    void theEnvironmentIsExactlyWhatTheCallerGave() throws IOException {
        Outcome outcome = run("""
                import os
                for key in sorted(os.environ):
                    print(key + "=" + os.environ[key])
                """);
        assertThat(outcome.stdout().lines()).containsExactly("HOME=" + work, "LANG=C.UTF-8", "PATH=/usr/bin:/bin",
                "RUN_MARKER=" + marker);
        // Run the suite with e.g. GILLAB_INSTRUCTOR_TOKEN=s3cret-instructor-token set to see a real server secret stay behind.
        // A value as short as "0" or "true" would be found by chance (in the marker); a secret is longer.
        System.getenv().forEach((key, value) -> {
            if (key.startsWith("GILLAB_")) {
                assertThat(outcome.stdout()).doesNotContain(key);
                if (value.length() >= 8) {
                    assertThat(outcome.stdout()).doesNotContain(value);
                }
            }
        });
    }

    @Test
    void theServersProcessEnvironmentIsOutOfReach() throws IOException {
        assumeTrue(childIsSomeoneElse(), "a process of the same uid may read /proc/PID/environ of the server");
        Outcome outcome = run("""
                try:
                    print(open("/proc/%d/environ", "rb").read()[:40])
                except OSError as e:
                    print("refused", type(e).__name__)
                """.formatted(ProcessHandle.current().pid()));
        assertThat(outcome.stdout()).startsWith("refused");
    }

    @Test
    void theNetworkIsUnreachable() throws IOException {
        assumeTrue(small.usesBubblewrap(), "only a network namespace takes the network away");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Outcome outcome = run("""
                    import socket
                    try:
                        socket.create_connection(("127.0.0.1", %d), timeout=2)
                        print("connected")
                    except OSError as e:
                        print("refused", type(e).__name__)
                    """.formatted(server.getLocalPort()));
            assertThat(outcome.stdout()).startsWith("refused");
        }
    }

    @Test
    void privateTmpDoesNotCarryOverBetweenRuns() throws IOException {
        assumeTrue(small.usesBubblewrap(), "without bubblewrap /tmp and /dev/shm are the host's");
        run("open('/tmp/left-behind', 'w').write('x')\nopen('/dev/shm/left-behind', 'w').write('x')\n");
        Outcome outcome = run("import os\nprint(os.path.exists('/tmp/left-behind'), os.path.exists('/dev/shm/left-behind'))\n");
        assertThat(outcome.stdout()).isEqualTo("False False\n");
    }

    // ---- legitimate lessons under the default limits ----

    @Test
    void thirtyTwoThreadsRunUnderTheDefaults() throws IOException {
        Outcome outcome = run(configure(Sandbox.builder(Limits.defaults())).build(), """
                import threading, hashlib
                def work():
                    hashlib.sha256(b"x" * 1_000_000).hexdigest()
                threads = [threading.Thread(target=work) for _ in range(32)]
                for t in threads: t.start()
                for t in threads: t.join()
                print(threading.active_count())
                """);
        assertThat(outcome.succeeded()).as(outcome.stderr()).isTrue();
        assertThat(outcome.stdout()).isEqualTo("1\n");
    }

    @Test
    void poolsOfEightRunWithForkAndSpawnUnderTheDefaults() throws IOException {
        Outcome outcome = run(configure(Sandbox.builder(Limits.defaults())).build(), """
                import multiprocessing as mp
                def square(n):
                    return n * n
                if __name__ == "__main__":
                    for method in ("fork", "spawn", "forkserver"):
                        with mp.get_context(method).Pool(8) as pool:
                            print(method, sum(pool.map(square, range(100))))
                """);
        assertThat(outcome.succeeded()).as(outcome.stderr()).isTrue();
        assertThat(outcome.stdout()).isEqualTo("fork 328350\nspawn 328350\nforkserver 328350\n");
    }

    @Test
    void aThousandAsyncioTasksRunUnderTheDefaults() throws IOException {
        Outcome outcome = run(configure(Sandbox.builder(Limits.defaults())).build(), """
                import asyncio
                async def nap(i):
                    await asyncio.sleep(0.01)
                    return i
                async def main():
                    return sum(await asyncio.gather(*(nap(i) for i in range(1000))))
                print(asyncio.run(main()))
                """);
        assertThat(outcome.succeeded()).as(outcome.stderr()).isTrue();
        assertThat(outcome.stdout()).isEqualTo("499500\n");
    }
}
