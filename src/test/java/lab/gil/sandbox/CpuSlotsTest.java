package lab.gil.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Slots of cores: how they are laid out, and that a writable cpuset makes them real groups. */
class CpuSlotsTest {

    @Test
    void aKernelCoreListReadsAsEachCore() {
        assertThat(CpuSlots.parse("0-3,6")).containsExactly(0, 1, 2, 3, 6);
        assertThat(CpuSlots.parse("1")).containsExactly(1);
        assertThat(CpuSlots.parse("")).isEmpty();
    }

    @Test
    void twoSlotsOfOneCoreOnTwoCoresGetOneCoreEachInTheirOwnCpuset() throws Exception {
        CpuSlots slots = CpuSlots.detect(2, 1);
        assumeTrue(slots.pinned(), "no writable cpuset here: " + slots.reason());
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "fewer than two cores");

        assertThat(slots.slots()).extracting(CpuSlots.Slot::number).containsExactly(1, 2);
        assertThat(slots.slots().get(0).cores()).doesNotContain(",");
        assertThat(slots.slots().get(0).cores()).isNotEqualTo(slots.slots().get(1).cores());
        assertThat(slots.slot(3)).isEqualTo(slots.slots().get(1));
    }

    @Test
    void aServerStartedOnSomeCoresKeepsItsSlotsOnThoseCores() {
        assertThat(CpuSlots.withinAffinity(List.of(0, 1, 2, 3), Optional.of(List.of(1)))).containsExactly(1);
        assertThat(CpuSlots.withinAffinity(List.of(0, 1, 2, 3), Optional.of(List.of(2, 3, 7)))).containsExactly(2, 3);
        assertThat(CpuSlots.withinAffinity(List.of(0, 1), Optional.empty())).containsExactly(0, 1);
        assertThat(CpuSlots.withinAffinity(List.of(0, 1), Optional.of(List.of(5)))).as("no core in common: all of the cpuset")
                .containsExactly(0, 1);
    }

    @Test
    void byDefaultASlotTakesTwoCoresSoATwoCoreMachineKeepsOne() {
        CpuSlots slots = CpuSlots.detect(0, 2);
        assumeTrue(slots.pinned(), "no writable cpuset here: " + slots.reason());
        int cores = Runtime.getRuntime().availableProcessors();

        assertThat(slots.slots()).hasSize(Math.max(1, cores / 2));
    }

    @Test
    void moreSlotsThanCoresAreCutToTheCores() {
        CpuSlots slots = CpuSlots.detect(64, 1);
        assumeTrue(slots.pinned(), "no writable cpuset here: " + slots.reason());

        assertThat(slots.slots()).hasSize(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void withoutACpusetThereIsOneUnpinnedSlotAndAReason() {
        CpuSlots slots = CpuSlots.unpinned("no writable cpuset cgroup (v1 or v2) is available to this server");

        assertThat(slots.pinned()).isFalse();
        assertThat(slots.slots()).hasSize(1);
        assertThat(slots.reason()).isEqualTo("no writable cpuset cgroup (v1 or v2) is available to this server");
        assertThat(Files.exists(Path.of("/proc/self/cgroup"))).isTrue();
    }
}
