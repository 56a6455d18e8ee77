package lab.gil.run;

import java.time.Duration;

/**
 * Operator settings for admission and the queue: waiting runs in all, runs at once, runs one student may start
 * per minute and have waiting, the ceiling for one network address (a whole class may share one), and how many
 * students new to the server one address may bring per minute (each new cookie costs a place in that budget).
 */
public record QueueSettings(int capacity, int parallel, int perStudentPerMinute, int perStudentWaiting,
                            int perAddressPerMinute, int newStudentsPerAddressPerMinute, Duration wallLimit) {

    /** The same with another number of runs at once. */
    public QueueSettings withParallel(int runsAtOnce) {
        return new QueueSettings(capacity, runsAtOnce, perStudentPerMinute, perStudentWaiting, perAddressPerMinute,
                newStudentsPerAddressPerMinute, wallLimit);
    }

    /** The same with no bound on new students per address. */
    public QueueSettings(int capacity, int parallel, int perStudentPerMinute, int perStudentWaiting,
                         int perAddressPerMinute, Duration wallLimit) {
        this(capacity, parallel, perStudentPerMinute, perStudentWaiting, perAddressPerMinute, Integer.MAX_VALUE, wallLimit);
    }
}
