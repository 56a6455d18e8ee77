package lab.gil.run.events;

import lab.gil.run.RunEvent;

/** Hears about the events of one run. */
@FunctionalInterface
public interface Watcher {
    void accept(RunEvent event);

    /**
     * Called with a run's final event while it is being recorded, before {@link #accept}: work such as rendering
     * the event overlaps the write instead of following it.
     */
    default void prepare(RunEvent event) {
    }
}
