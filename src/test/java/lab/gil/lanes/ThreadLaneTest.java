package lab.gil.lanes;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static lab.gil.lanes.LaneState.LOCK;
import static lab.gil.lanes.LaneState.RUNNING;
import static lab.gil.lanes.LaneState.SYSCALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Samples in, intervals out: synthetic samples every 2 ms (2,000,000 ns). */
class ThreadLaneTest {
    private static final long PERIOD = 2_000_000;

    private static ThreadLane sampled(int cap, LaneState... states) {
        ThreadLane lane = new ThreadLane(PERIOD, cap);
        for (int i = 0; i < states.length; i++) {
            lane.sample(10_000_000 + i * PERIOD, states[i]);
        }
        lane.end();
        return lane;
    }

    private static List<String> shown(ThreadLane lane) {
        return lane.intervals().stream().map(i -> i[0] + "-" + i[1] + " " + LaneState.values()[(int) i[2]].json()).toList();
    }

    @Test
    void equalStatesInARowBecomeOneIntervalCoveringHalfAPeriodEitherSide() {
        assertThat(shown(sampled(100, RUNNING, RUNNING, RUNNING))).containsExactly("9000000-15000000 running");
    }

    @Test
    void aChangeOfStateFallsHalfwayBetweenTheTwoSamples() {
        assertThat(shown(sampled(100, RUNNING, RUNNING, LOCK, LOCK, RUNNING)))
                .containsExactly("9000000-13000000 running", "13000000-17000000 lock", "17000000-19000000 running");
    }

    @Test
    void nSamplesCoverNPeriodsWhateverTheirStates() {
        ThreadLane lane = sampled(100, RUNNING, LOCK, SYSCALL, LOCK, RUNNING, RUNNING, SYSCALL);
        long covered = lane.intervals().stream().mapToLong(i -> i[1] - i[0]).sum();
        assertThat(covered).isEqualTo(7 * PERIOD);
        assertThat(lane.intervals()).hasSize(6);
    }

    @Test
    void aLateSampleSplitsTheGapBetweenTheStatesAroundIt() {
        ThreadLane lane = new ThreadLane(PERIOD, 100);
        lane.sample(0, RUNNING);
        lane.sample(30_000_000, SYSCALL); // the sampler was held up for 30 ms
        lane.end();
        assertThat(shown(lane)).containsExactly("-1000000-15000000 running", "15000000-31000000 syscall");
    }

    @Test
    void aLaneAtItsCapIsCutAndSaysWhere() {
        ThreadLane lane = sampled(3, RUNNING, LOCK, RUNNING, LOCK, RUNNING, LOCK);
        assertThat(shown(lane)).containsExactly("9000000-11000000 running", "11000000-13000000 lock", "13000000-15000000 running");
        assertThat(lane.cutAt()).isEqualTo(OptionalLong.of(15_000_000));
    }

    @Test
    void aLaneEndingExactlyAtItsCapIsNotCut() {
        ThreadLane lane = sampled(3, RUNNING, LOCK, RUNNING);
        assertThat(lane.intervals()).hasSize(3);
        assertThat(lane.cutAt()).isEmpty();
    }

    @Test
    void aThreadNeverSampledHasNoIntervals() {
        ThreadLane lane = new ThreadLane(PERIOD, 10);
        lane.end();
        assertThat(lane.isEmpty()).isTrue();
        assertThat(lane.intervals()).isEmpty();
    }

    @Test
    void aPeriodOrCapBelowOneIsRefused() {
        assertThatThrownBy(() -> new ThreadLane(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThreadLane(PERIOD, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void intervalsBecomeSecondsSinceTheRunStartedAndWhatCameBeforeIsDropped() {
        long t0 = 1_000_000_000L;
        List<long[]> intervals = List.of(
                new long[]{t0 - 5_000_000, t0 - 1_000_000, SYSCALL.ordinal()},
                new long[]{t0 - 1_000_000, t0 + 1_234_567, LOCK.ordinal()},
                new long[]{t0 + 1_234_567, t0 + 2_000_000_000L, RUNNING.ordinal()});
        assertThat(LaneReport.seconds(intervals, t0)).containsExactly(
                new Lane.Interval(0, 0.0012, "lock"), new Lane.Interval(0.0012, 2.0, "running"));
    }

    @Test
    void threadsAreNamedAsTheHarnessNamedThemElseByTheirIds() {
        HarnessThreads harness = new HarnessThreads(OptionalLong.of(0), 2, Map.of(
                2L, Map.of(2L, "MainThread", 5L, "Thread-1 (work)"),
                7L, Map.of(7L, "Process-1")));
        assertThat(LaneReport.name(2, 5, harness, 2)).isEqualTo("Thread-1 (work)");
        assertThat(LaneReport.name(2, 6, harness, 2)).isEqualTo("thread 6");
        assertThat(LaneReport.name(7, 8, harness, 2)).isEqualTo("Process-1/thread 8");
        assertThat(LaneReport.name(9, 9, harness, 2)).isEqualTo("pid 9");
        assertThat(LaneReport.name(9, 10, harness, 2)).isEqualTo("pid 9/thread 10");
        assertThat(LaneReport.name(2, 2, HarnessThreads.none(), 2)).isEqualTo("MainThread");
    }
}
