package lab.gil.sandbox;

import lab.gil.sandbox.CgroupTree.Mount;
import lab.gil.sandbox.CgroupTree.RunCgroup;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cgroup v2 path that Docker and modern hosts take, exercised wherever a writable v2 hierarchy is mounted (on a
 * hybrid host that is /sys/fs/cgroup/unified, which has no controllers but does have cgroup.kill and cpu.stat).
 */
class CgroupV2Test {

    @Test
    void aRunGroupKillsEverythingInItAndIsRemoved() throws Exception {
        Optional<CgroupTree> tree = ownV2Group().flatMap(dir -> CgroupV2.at(dir, "gillab-test-"));
        assumeTrue(tree.isPresent(), "no writable cgroup v2 hierarchy here");
        RunCgroup run = tree.get().create(UUID.randomUUID().toString(), SandboxContract.SMALL);
        Path procs = run.procsFiles().get(0);
        List<String> command = new ArrayList<>(LaunchCommand.joinCgroup(run.procsFiles()));
        command.addAll(List.of("/bin/sh", "-c", "sleep 1000 & (setsid sleep 1000 &); while :; do :; done"));
        Process process = new ProcessBuilder(command).start();
        try {
            while (CgroupFiles.pids(procs).size() < 3 && process.isAlive()) {
                Thread.sleep(10);
            }
            assertThat(CgroupFiles.pids(procs)).hasSizeGreaterThanOrEqualTo(3);

            run.killAll();

            assertThat(CgroupFiles.pids(procs)).isEmpty();
            assertThat(process.waitFor()).isEqualTo(128 + 9);
            assertThat(run.cpu()).isPresent();
        } finally {
            process.destroyForcibly();
            run.remove();
        }
        assertThat(procs.getParent()).doesNotExist();
    }

    private static Optional<Path> ownV2Group() throws Exception {
        String own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
                .filter(line -> line.startsWith("0::"))
                .map(line -> line.substring(3))
                .findFirst().orElse(null);
        return Mount.read(Path.of("/proc/self/mountinfo")).stream()
                .filter(m -> m.type().equals("cgroup2"))
                .findFirst()
                .flatMap(m -> m.locate(own));
    }
}
