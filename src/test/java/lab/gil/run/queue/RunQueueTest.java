package lab.gil.run.queue;

import lab.gil.run.Run;
import lab.gil.run.RunRefused;
import lab.gil.run.RunStatus;
import lab.gil.run.Submitted;
import lab.gil.support.SteppedClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The queue's order across students, its room and its estimates, on a clock the test moves. */
class RunQueueTest {
    private static final RunQueue.Budget ANY = (waiting, count) -> { };

    private final SteppedClock clock = new SteppedClock();
    private int made;

    private Planned plan(String student, String key) {
        Run run = new Run("run-" + made++, "lab", "x", student, "python3", Map.of(), "hash", null, null,
                RunStatus.QUEUED, null, null, clock.instant(), null, null);
        return new Planned(key, null, run);
    }

    private Submitted send(RunQueue queue, String student, String key) {
        return queue.enqueue(student, List.of(plan(student, key)), ANY, run -> { }).submitted().get(0);
    }

    /** Takes the next execution and ends it at once, returning the student of its first run. */
    private static String startAndFinish(RunQueue queue) throws InterruptedException {
        RunQueue.Taken taken = queue.take(Duration.ofMillis(1));
        queue.finish(taken.execution(), Duration.ofSeconds(5));
        return taken.runs().get(0).student();
    }

    @Test
    void studentsTakeTurnsSoNobodysSecondRunStartsBeforeEveryWaitingFirstRun() throws Exception {
        RunQueue queue = new RunQueue(500, 1, clock);
        for (String student : List.of("ann", "bob", "cem")) {
            for (int run = 0; run < 3; run++) {
                send(queue, student, student + run);
            }
        }
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            order.add(startAndFinish(queue));
        }
        assertThat(order).containsExactly("ann", "bob", "cem", "ann", "bob", "cem", "ann", "bob", "cem");
    }

    @Test
    void aStudentArrivingLateGoesAheadOfOthersSecondRuns() throws Exception {
        RunQueue queue = new RunQueue(500, 1, clock);
        send(queue, "ann", "a0");
        send(queue, "ann", "a1");
        send(queue, "bob", "b0");
        send(queue, "bob", "b1");
        assertThat(startAndFinish(queue)).isEqualTo("ann");

        RunQueue.Enqueued late = queue.enqueue("dan", List.of(plan("dan", "d0")), ANY, run -> { });

        assertThat(late.submitted().get(0).position()).isEqualTo(2);
        assertThat(late.overtook()).as("ann's second run now waits behind dan's first").isTrue();
        assertThat(queue.enqueue("bob", List.of(plan("bob", "b2")), ANY, run -> { }).overtook()).isFalse();
        assertThat(List.of(startAndFinish(queue), startAndFinish(queue), startAndFinish(queue), startAndFinish(queue)))
                .containsExactly("bob", "dan", "ann", "bob");
    }

    @Test
    void identicalRunsStillShareOneExecutionAndItWaitsInTheEarliestRoundOfThem() throws Exception {
        RunQueue queue = new RunQueue(500, 1, clock);
        send(queue, "ann", "a0");
        send(queue, "ann", "same");
        send(queue, "bob", "b0");
        Submitted joined = send(queue, "cem", "same");

        assertThat(joined.shared()).isTrue();
        assertThat(joined.position()).isEqualTo(2);
        RunQueue.Taken first = queue.take(Duration.ofMillis(1));
        queue.finish(first.execution(), Duration.ofSeconds(1));
        RunQueue.Taken shared = queue.take(Duration.ofMillis(1));
        assertThat(shared.runs()).extracting(Run::student).containsExactly("ann", "cem");
    }

    @Test
    void fiveHundredExecutionsWaitByDefaultSizeAndTheNextIsRefusedWithARetryTime() {
        RunQueue queue = new RunQueue(500, 1, clock);
        for (int i = 0; i < 500; i++) {
            send(queue, "student-" + i, "key-" + i);
        }
        assertThat(queue.places()).hasSize(500);

        assertThatThrownBy(() -> send(queue, "late", "key-late"))
                .isInstanceOfSatisfying(RunRefused.Busy.class, busy -> {
                    assertThat(busy.getMessage()).startsWith("The queue is full (500 runs waiting).");
                    assertThat(busy.retryAfterSeconds()).isPositive();
                });
        assertThat(send(queue, "late", "key-7").shared()).as("an identical run takes no new place").isTrue();
    }

    @Test
    void eachWaitingRunKnowsWhenItShouldStartFromTheAverageRunTime() throws Exception {
        RunQueue queue = new RunQueue(500, 1, clock);
        send(queue, "ann", "warm");
        queue.finish(queue.take(Duration.ofMillis(1)).execution(), Duration.ofSeconds(5));
        send(queue, "ann", "a0");
        RunQueue.Taken running = queue.take(Duration.ofMillis(1));
        Submitted second = send(queue, "bob", "b0");
        Submitted third = send(queue, "cem", "c0");

        assertThat(second.startsInSeconds()).isEqualTo(5);
        assertThat(third.startsInSeconds()).isEqualTo(10);
        clock.pass(Duration.ofSeconds(3));
        assertThat(queue.place(third.run().id())).isEqualTo(new RunQueue.Place(third.run().id(), 2, 7));
        queue.finish(running.execution(), Duration.ofSeconds(5));
        assertThat(queue.place(third.run().id()).position()).isEqualTo(2);
        assertThat(queue.place(running.runs().get(0).id())).isEqualTo(RunQueue.Place.NONE);
    }

    @Test
    void twoSlotsStartTwoWaitingRunsAtOnceAndHalveTheWaitOfTheRest() throws Exception {
        RunQueue queue = new RunQueue(500, 2, clock);
        List<Submitted> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(send(queue, "student-" + i, "key-" + i));
        }
        assertThat(waiting).extracting(Submitted::startsInSeconds).containsExactly(0, 0, 5, 5);
    }

    @Test
    void aStudentWhoseRunsAllEndedStartsAgainInTheFirstRound() throws Exception {
        RunQueue queue = new RunQueue(500, 1, clock);
        send(queue, "ann", "a0");
        assertThat(startAndFinish(queue)).isEqualTo("ann");
        send(queue, "bob", "b0");
        send(queue, "bob", "b1");
        send(queue, "ann", "a1");

        assertThat(List.of(startAndFinish(queue), startAndFinish(queue), startAndFinish(queue))).containsExactly("bob", "ann", "bob");
    }

    @Test
    void aCancelledRunLeavesTheRoundsOfOthersAsTheyWere() throws Exception {
        RunQueue queue = new RunQueue(500, 1, clock);
        Submitted a0 = send(queue, "ann", "a0");
        send(queue, "ann", "a1");
        send(queue, "bob", "b0");

        assertThat(queue.cancel(a0.run().id(), "ann")).isPresent();
        assertThat(queue.places()).extracting(RunQueue.Place::position).containsExactly(1, 2);
        assertThat(List.of(startAndFinish(queue), startAndFinish(queue))).containsExactly("bob", "ann");
    }
}
