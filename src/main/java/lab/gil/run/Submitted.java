package lab.gil.run;

/** A run accepted into the queue: its place (1 next, 0 running) and whether it joined an identical execution. */
public record Submitted(Run run, int position, boolean shared) {
}
