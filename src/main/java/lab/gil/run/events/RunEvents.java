package lab.gil.run.events;

import lab.gil.run.RunEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Who watches which run. A watcher that throws (a browser gone mid-send, a bug in a renderer) is logged and
 * dropped for that event only: it never reaches the worker that announced the event. Once the server stops, no
 * event reaches anyone: a browser's stream then belongs to a web server that is gone, and writing to it fails
 * inside the web server's own error handling.
 */
public final class RunEvents {
    private static final Logger log = LoggerFactory.getLogger(RunEvents.class);

    private final Map<String, Set<Watcher>> watchers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public void watch(String id, Watcher watcher) {
        if (closed) {
            return;
        }
        watchers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(watcher);
    }

    public void unwatch(String id, Watcher watcher) {
        watchers.computeIfPresent(id, (k, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    /** Lets the run's watchers prepare what they will send when its end is announced. */
    public void prepare(RunEvent event) {
        forEach(event, watcher -> watcher.prepare(event));
    }

    public void publish(RunEvent event) {
        forEach(event, watcher -> watcher.accept(event));
    }

    /** Forgets every watcher; later events and watchers are ignored. */
    public void close() {
        closed = true;
        watchers.clear();
    }

    /** How many watchers this run has. */
    public int watchers(String id) {
        Set<Watcher> set = watchers.get(id);
        return set == null ? 0 : set.size();
    }

    /** How many runs have someone watching (for tests and health). */
    public int watchedRuns() {
        return watchers.size();
    }

    private void forEach(RunEvent event, Consumer<Watcher> action) {
        if (closed) {
            return;
        }
        Set<Watcher> set = watchers.get(event.id());
        if (set == null) {
            return;
        }
        for (Watcher watcher : set) {
            try {
                action.accept(watcher);
            } catch (RuntimeException e) {
                log.debug("a watcher of run {} failed: {}", event.id(), e.toString());
            }
        }
    }
}
