package lab.gil.sandbox;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a run can reach beyond its own processes: the files it shares with the server, the disk, and kernel state
 * such as keyrings and user namespaces. Every configuration runs these on top of {@link SandboxContract}.
 */
abstract class ContainmentContract extends SandboxContract {

    @Test
    void filesTheCallerPutInTheWorkFolderAreSharedButCannotBeSwapped() throws IOException {
        Path shared = Files.writeString(work.resolve("channel.jsonl"), "from the server\n");
        Outcome outcome = run("""
                import os
                print(open("channel.jsonl").read(), end="")
                open("channel.jsonl", "a").write("from the run\\n")
                try:
                    os.rename("channel.jsonl", "moved.jsonl")
                    open("channel.jsonl", "w").write("swapped\\n")
                    print("swapped")
                except OSError as e:
                    print("refused", e.errno)
                """);
        assertThat(outcome.stdout()).startsWith("from the server\n");
        if (small.usesBubblewrap()) {
            // The file is a mount point in the run's namespace: EBUSY.
            assertThat(outcome.stdout()).endsWith("refused 16\n");
            assertThat(shared).hasContent("from the server\nfrom the run\n");
        } else {
            // Without bubblewrap the run owns the folder; the server reads the file it opened (see ChannelFile).
            assertThat(work.resolve("moved.jsonl")).hasContent("from the server\nfrom the run\n");
        }
    }

    @Test
    void nothingTheRunWritesIsLeftOnTheHost() throws IOException {
        assumeTrue(small.usesBubblewrap(), "without bubblewrap the run writes in the host's folder");
        Outcome outcome = run("""
                import os
                os.makedirs("deep/er/still")
                for i in range(1000):
                    open("deep/f%d" % i, "w").write("x")
                open("/tmp/scratch", "w").write("x")
                print(len(os.listdir("deep")))
                """);
        assertThat(outcome.stdout()).isEqualTo("1001\n");
        try (var files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("main.py");
        }
    }

    @Test
    void writingOutsideTheWorkFolderFails() throws IOException {
        assumeTrue(childIsSomeoneElse(), "a run with the server's uid and view may write where the server may");
        Outcome outcome = run("""
                try:
                    open("%s", "w").write("# defaced")
                    print("written")
                except OSError as e:
                    print("refused", type(e).__name__)
                """.formatted(lessons.resolve("the-gil.md")));
        assertThat(outcome.stdout()).startsWith("refused");
        assertThat(lessons.resolve("the-gil.md")).doesNotExist();
    }

    @Test
    void writingMoreThanTheDiskBudgetFailsWithNoSpaceLeft() throws IOException {
        assumeTrue(small.usesBubblewrap(), "only bubblewrap puts the run's writable places on a tmpfs of a set size");
        Sandbox tight = configure(Sandbox.builder(ROOMY.withDisk(8 * MB, 1000))).build();
        Outcome outcome = run(tight, """
                import os
                written = 0
                for where in ("part", "/tmp/part", "/dev/shm/part"):
                    for i in range(4):
                        with open("%s%d" % (where, i), "wb") as f:
                            f.write(b"0" * (MB := 1024 * 1024))
                            written += 1
                        print(written, flush=True)
                """);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.stderr()).contains("No space left on device");
        assertThat(Integer.parseInt(outcome.stdout().strip().lines().reduce((a, b) -> b).orElse("0")))
                .isLessThanOrEqualTo(8);
        assertThat(outcome.message()).isEqualTo(Outcome.DISK_FULL);
    }

    @Test
    void aHundredThousandEmptyFilesAreRefused() throws IOException {
        assumeTrue(small.usesBubblewrap(), "only bubblewrap puts the run's writable places on a tmpfs of set inodes");
        Outcome outcome = run("""
                made = 0
                try:
                    for i in range(100_000):
                        open(("f%d" if i % 2 else "/tmp/f%d") % i, "w").close()
                        made += 1
                except OSError as e:
                    print(made, e.errno)
                """);
        String[] counted = outcome.stdout().strip().split(" ");
        assertThat(counted).as(outcome.toString()).hasSize(2);
        assertThat(Integer.parseInt(counted[0])).isLessThanOrEqualTo(SMALL.diskFiles());
        assertThat(counted[1]).isEqualTo("28");
    }

    @Test
    void theSandboxRootAndDevAreNotWritable() throws IOException {
        assumeTrue(small.usesBubblewrap(), "without bubblewrap the root is the host's, closed to the run's uid only");
        Outcome outcome = run("""
                for path in ("/written", "/dev/written", "/run/written", "/run/gillab/written", "/usr/written"):
                    try:
                        open(path, "w").write("x")
                        print(path, "written")
                    except OSError as e:
                        print(path, "refused")
                """);
        assertThat(outcome.stdout()).doesNotContain("written\n").contains("/written refused");
        assertThat(outcome.stdout().lines()).hasSize(5);
    }

    // ---- kernel state shared between runs ----

    @Test
    void aKeyAddedByOneRunIsNotReadableByALaterRun() throws IOException {
        assumeTrue(small.usesBubblewrap(), "only bubblewrap's seccomp filter keeps runs off the kernel keyrings");
        String keys = """
                import ctypes, os, sys
                libc = ctypes.CDLL(None, use_errno=True)
                ADD, REQUEST, KEYCTL = {"x86_64": (248, 249, 250), "aarch64": (217, 218, 219)}[os.uname().machine]
                name = ("gillab-leak-" + sys.argv[1]).encode()
                """;
        Outcome first = run(keys + """
                for ring in (-4, -3, -5):  # user, session and user-session keyrings
                    key = libc.syscall(ADD, b"user", name, b"secret", 6, ring)
                    print("added" if key > 0 else "refused %d" % ctypes.get_errno())
                """);
        assertThat(first.stdout()).doesNotContain("added");
        Outcome later = run(keys + """
                for ring in (-4, -3, -5):
                    key = libc.syscall(KEYCTL, 10, ring, b"user", name, 0)  # KEYCTL_SEARCH
                    print("found" if key > 0 else "absent %d" % ctypes.get_errno())
                try:
                    print(open("/proc/keys").read())
                except OSError:
                    pass
                """);
        assertThat(later.stdout()).doesNotContain("found").doesNotContain("gillab-leak");
    }

    @Test
    void nestedUserNamespacesAreRefused() throws IOException {
        assumeTrue(small.usesBubblewrap(), "only bubblewrap's seccomp filter refuses new user namespaces");
        Outcome outcome = run("""
                import subprocess
                done = subprocess.run(["/usr/bin/unshare", "-Ur", "id", "-u"], capture_output=True, text=True)
                print(done.returncode, done.stdout.strip(), done.stderr.strip())
                """);
        assertThat(outcome.stdout()).doesNotStartWith("0 ").contains("unshare");
    }

    @Test
    void theRunHasNoCapabilitiesAndAnEmptyBoundingSet() throws IOException {
        assumeTrue(childIsSomeoneElse(), "a run with the server's own uid keeps the server's bounding set");
        Outcome outcome = run("""
                for line in open("/proc/self/status"):
                    if line.startswith("Cap"):
                        print(line.split()[0], line.split()[1])
                """);
        assertThat(outcome.stdout().lines()).containsExactly("CapInh: 0000000000000000", "CapPrm: 0000000000000000",
                "CapEff: 0000000000000000", "CapBnd: 0000000000000000", "CapAmb: 0000000000000000");
    }
}
