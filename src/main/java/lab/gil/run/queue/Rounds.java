package lab.gil.run.queue;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Round robin across students. A run's round is how many runs its student already had waiting or running when it
 * arrived (0 for the first); the next execution to start is the waiting one in the lowest round, the earliest first
 * among equals. So no student's second run starts while another student's first still waits, however many runs the
 * first student sent at once. A student's count starts again at 0 once nothing of theirs waits or runs.
 */
final class Rounds {
    static final Comparator<QueuedExecution> ORDER = Comparator.comparingInt(QueuedExecution::round)
            .thenComparingLong(execution -> execution.seq);

    private final Map<String, Integer> next = new HashMap<>();

    /** The round of a run this student adds now. */
    int assign(String student) {
        return next.merge(key(student), 1, Integer::sum) - 1;
    }

    /** The student has nothing waiting or running any more. */
    void idle(String student) {
        next.remove(key(student));
    }

    private static String key(String student) {
        return student == null ? "" : student;
    }
}
