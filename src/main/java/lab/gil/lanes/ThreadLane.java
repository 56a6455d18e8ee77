package lab.gil.lanes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * One thread's samples turned into intervals as they arrive, so a long run keeps only its state changes. A sample
 * stands for the time around it: the boundary between two samples of different states is put halfway between them
 * (the change happened somewhere in that gap), the first sample reaches back half a period and the last forward
 * half a period, so n samples cover about n periods. Equal states in a row are one interval. After {@code cap}
 * intervals the lane is cut: later samples are ignored and {@link #cutAt} says where it stops.
 */
public final class ThreadLane {
    private final long halfPeriodNanos;
    private final int cap;
    private long[] starts = new long[16];
    private long[] ends = new long[16];
    private byte[] states = new byte[16];
    private int count;
    private boolean open;
    private LaneState current;
    private long currentStart;
    private long lastSample;
    private boolean cut;

    /** @param periodNanos the sampling period; @param cap the most intervals kept */
    public ThreadLane(long periodNanos, int cap) {
        if (periodNanos <= 0 || cap < 1) {
            throw new IllegalArgumentException("period and cap must be positive");
        }
        this.halfPeriodNanos = periodNanos / 2;
        this.cap = cap;
    }

    /** The thread was in {@code state} at {@code nanos} (System.nanoTime, increasing). */
    public void sample(long nanos, LaneState state) {
        if (cut) {
            return;
        }
        if (!open) {
            open = true;
            current = state;
            currentStart = nanos - halfPeriodNanos;
        } else if (state != current) {
            long boundary = lastSample + (nanos - lastSample) / 2;
            close(boundary);
            if (count == cap) {
                cut = true;
                open = false;
                return;
            }
            current = state;
            currentStart = boundary;
        }
        lastSample = nanos;
    }

    /** The thread is gone, or sampling stopped: the last interval ends half a period after the last sample. */
    public void end() {
        if (open && !cut) {
            close(lastSample + halfPeriodNanos);
        }
        open = false;
    }

    /** Whether the lane has no interval at all. */
    public boolean isEmpty() {
        return count == 0 && !open;
    }

    /** Where the lane was cut, when it reached its cap. */
    public OptionalLong cutAt() {
        return cut ? OptionalLong.of(ends[count - 1]) : OptionalLong.empty();
    }

    /** The closed intervals as {@code {startNanos, endNanos, state ordinal}}. */
    public List<long[]> intervals() {
        List<long[]> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new long[]{starts[i], ends[i], states[i]});
        }
        return list;
    }

    private void close(long end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            states = Arrays.copyOf(states, count * 2);
        }
        starts[count] = currentStart;
        ends[count] = end;
        states[count] = (byte) current.ordinal();
        count++;
    }
}
