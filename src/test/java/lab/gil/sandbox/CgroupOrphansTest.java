package lab.gil.sandbox;

import lab.gil.sandbox.CgroupTree.RunCgroup;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A server killed with -9 leaves its runs in their cgroups; the next server to start clears them away. */
class CgroupOrphansTest {
    /** Above the largest pid_max Linux allows, so no live process has it. */
    private static final long DEAD_SERVER_PID = 9_999_999;

    @Test
    void runsOfADeadServerAreKilledAndTheirGroupsRemoved() throws Exception {
        String prefix = "gillab-test-";
        Optional<CgroupTree> tree = CgroupTree.detect(prefix);
        assumeTrue(tree.isPresent(), "no writable cgroup hierarchy here");
        RunCgroup orphan = tree.get().create(DEAD_SERVER_PID + "-run-" + UUID.randomUUID(), SandboxContract.SMALL);
        RunCgroup alive = tree.get().create(CgroupFiles.runName(UUID.randomUUID().toString()), SandboxContract.SMALL);
        Process left = startIn(orphan);
        Process running = startIn(alive);
        try {
            tree.get().removeOrphans();

            assertThat(left.waitFor()).isEqualTo(128 + 9);
            assertThat(orphan.procsFiles()).allSatisfy(procs -> assertThat(procs.getParent()).doesNotExist());
            assertThat(running.isAlive()).isTrue();
        } finally {
            left.destroyForcibly();
            alive.killAll();
            alive.remove();
            orphan.remove();
        }
    }

    private static Process startIn(RunCgroup group) throws Exception {
        List<String> command = new ArrayList<>(LaunchCommand.joinCgroup(group.procsFiles()));
        command.addAll(List.of("/bin/sleep", "1000"));
        Process process = new ProcessBuilder(command).start();
        Path procs = group.procsFiles().get(0);
        while (CgroupFiles.pids(procs).isEmpty()) {
            Thread.sleep(5);
        }
        return process;
    }
}
