package lab.gil.run;

import java.time.Duration;

/**
 * Operator settings for admission and the queue: waiting runs in all, runs at once, runs one student may start
 * per minute and have waiting, and the ceiling for one network address (a whole class may share one).
 */
public record QueueSettings(int capacity, int parallel, int perStudentPerMinute, int perStudentWaiting,
                            int perAddressPerMinute, Duration wallLimit) {
}
