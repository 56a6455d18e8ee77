package lab.gil.run;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A change a watcher of a run is told about: its status, its place in the queue while it waits (0 once
 * running) and in how many seconds it will likely start, and while running the harness's progress and the
 * seconds elapsed.
 */
public record RunEvent(String id, RunStatus status, int position, Double fraction, String message,
                       double elapsedSeconds, double limitSeconds, String error, int startsInSeconds) {

    /** An event that says nothing of a start time (running or finished runs). */
    public RunEvent(String id, RunStatus status, int position, Double fraction, String message,
                    double elapsedSeconds, double limitSeconds, String error) {
        this(id, status, position, fraction, message, elapsedSeconds, limitSeconds, error, 0);
    }

    /** The likely wait as a student reads it: "12 s", "3 min". */
    @JsonIgnore
    public String startsInText() {
        return startsInSeconds < 90 ? startsInSeconds + " s" : (startsInSeconds + 59) / 60 + " min";
    }
}
