package lab.gil.run;

/**
 * A change a watcher of a run is told about: its status, its place in the queue while it waits (0 once
 * running), and while running the harness's progress and the seconds elapsed.
 */
public record RunEvent(String id, RunStatus status, int position, Double fraction, String message,
                       double elapsedSeconds, double limitSeconds, String error) {
}
