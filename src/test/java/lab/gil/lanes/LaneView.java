package lab.gil.lanes;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A lane read back from a result's JSON, with the fractions the tests judge it by. */
record LaneView(String name, long pid, long tid, List<Lane.Interval> intervals) {

    static LaneView of(JsonNode lane) {
        List<Lane.Interval> intervals = new ArrayList<>();
        lane.path("intervals").forEach(i -> intervals.add(new Lane.Interval(i.get(0).asDouble(), i.get(1).asDouble(), i.get(2).asText())));
        return new LaneView(lane.path("name").asText(), lane.path("pid").asLong(), lane.path("tid").asLong(), intervals);
    }

    double start() {
        return intervals.get(0).start();
    }

    double end() {
        return intervals.get(intervals.size() - 1).end();
    }

    long count(String state) {
        return intervals.stream().filter(i -> i.state().equals(state)).count();
    }

    /** Share of the lane's life spent in {@code state}. */
    double fraction(String state) {
        return new Lane(name, pid, tid, intervals).seconds(LaneState.valueOf(state.toUpperCase(Locale.ROOT))) / (end() - start());
    }

    /** Whether no two neighbouring intervals have the same state (the lane really changes between them). */
    boolean alternates() {
        for (int i = 1; i < intervals.size(); i++) {
            if (intervals.get(i).state().equals(intervals.get(i - 1).state())) {
                return false;
            }
        }
        return true;
    }

    /** Of the time both lanes existed, the share in which both were running. */
    double overlapFraction(LaneView other) {
        double from = Math.max(start(), other.start());
        double to = Math.min(end(), other.end());
        if (to <= from) {
            return 0;
        }
        double both = 0;
        for (Lane.Interval a : intervals) {
            for (Lane.Interval b : other.intervals) {
                if (a.state().equals("running") && b.state().equals("running")) {
                    both += Math.max(0, Math.min(a.end(), b.end()) - Math.max(a.start(), b.start()));
                }
            }
        }
        return both / (to - from);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(pid %d, %d intervals, %.2f-%.2f s, running %.2f lock %.2f syscall %.2f)",
                name, pid, intervals.size(), start(), end(), fraction("running"), fraction("lock"), fraction("syscall"));
    }
}
