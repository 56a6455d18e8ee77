package lab.gil.lanes;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One thread of a run as the kernel saw it: its name (as Python named it when the harness could say, else the
 * process and thread ids), its process and thread ids as the run itself sees them ({@code os.getpid()},
 * {@code threading.get_native_id()}), and what it did when, in seconds since the run started.
 */
public record Lane(String name, long pid, long tid, List<Interval> intervals) {

    /** Written as {@code [start, end, "state"]}. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"start", "end", "state"})
    public record Interval(double start, double end, String state) {
    }

    /** Seconds spent in {@code state}. */
    public double seconds(LaneState state) {
        return intervals.stream().filter(i -> i.state().equals(state.json())).mapToDouble(i -> i.end() - i.start()).sum();
    }
}
