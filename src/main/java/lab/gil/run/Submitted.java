package lab.gil.run;

/**
 * A run accepted into the queue: its place (1 next, 0 running), whether it joined an identical execution, and in
 * how many seconds it will likely start.
 */
public record Submitted(Run run, int position, boolean shared, int startsInSeconds) {
}
