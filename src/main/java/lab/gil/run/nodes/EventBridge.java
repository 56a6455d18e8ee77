package lab.gil.run.nodes;

import lab.gil.run.Run;
import lab.gil.run.RunEvent;
import lab.gil.run.RunStatus;
import lab.gil.run.events.RunEvents;
import lab.gil.run.queue.RunQueue;
import lab.gil.run.record.RunRecorder;
import lab.gil.run.record.RunRepository;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns the other nodes' signals into the events of the runs this web node's pages watch: progress straight from the
 * signal (no database read on the way to the browser), ends and other changes read from the database, places computed
 * again when the waiting order changed.
 */
final class EventBridge {
    private final Sql sql;
    private final RunEvents events;
    private final RunRepository repository;
    private final RunRecorder recorder;
    private final Function<Set<String>, Map<String, RunQueue.Place>> places;
    private final Duration wallLimit;
    /** The watched runs of each execution. */
    private final Map<String, Set<String>> watched = new ConcurrentHashMap<>();
    /** The place each waiting watched run was last told. Guarded by itself. */
    private final Map<String, RunQueue.Place> announced = new HashMap<>();

    EventBridge(Sql sql, RunEvents events, RunRepository repository, RunRecorder recorder,
                Function<Set<String>, Map<String, RunQueue.Place>> places, Duration wallLimit) {
        this.sql = sql;
        this.events = events;
        this.repository = repository;
        this.recorder = recorder;
        this.places = places;
        this.wallLimit = wallLimit;
    }

    /** A page started watching a run: its execution's signals now reach it. */
    void watch(String id) {
        List<String> execution = sql.query("SELECT execution_id FROM runs WHERE id = ? AND execution_id IS NOT NULL",
                s -> s.setString(1, id), row -> row.getString(1));
        execution.forEach(e -> watched.computeIfAbsent(e, k -> ConcurrentHashMap.newKeySet()).add(id));
    }

    /** No page watches the run any more (the watcher is gone from {@link RunEvents} already). */
    void unwatch(String id) {
        watched.forEach((execution, ids) -> {
            if (events.watchers(id) == 0) {
                ids.remove(id);
            }
        });
        watched.values().removeIf(Set::isEmpty);
    }

    void accept(Signal signal) {
        if (signal.e() != null && signal.isEnd()) {
            Set<String> ids = watched.remove(signal.e());
            if (ids != null) {
                ids.forEach(this::publishAsRecorded);
            }
        } else if (signal.e() != null) {
            double limit = signal.l() == null ? wallLimit.toSeconds() : signal.l();
            for (String id : watched.getOrDefault(signal.e(), Set.of())) {
                events.publish(new RunEvent(id, RunStatus.RUNNING, 0, signal.f(), signal.m() == null ? "" : signal.m(),
                        signal.t() == null ? 0 : signal.t(), limit, null));
            }
        } else if (signal.r() != null) {
            publishAsRecorded(signal.r());
        } else if (Boolean.TRUE.equals(signal.q())) {
            announcePlaces();
        }
    }

    /** After the notifications were lost for a while: every watched run is told where it stands now. */
    void catchUp() {
        watched.values().forEach(ids -> ids.forEach(this::publishAsRecorded));
        announcePlaces();
    }

    private void publishAsRecorded(String id) {
        Optional<Run> run = recorder.unwritten(id).or(() -> repository.find(id));
        if (run.isEmpty() || !run.get().status().finished()) {
            return;
        }
        Run ended = run.get();
        double elapsed = ended.startedAt() == null || ended.finishedAt() == null ? 0
                : Duration.between(ended.startedAt(), ended.finishedAt()).toMillis() / 1000.0;
        RunEvent event = new RunEvent(id, ended.status(), 0, 1.0, "", elapsed, wallLimit.toSeconds(), ended.error());
        events.prepare(event);
        events.publish(event);
        watched.values().forEach(ids -> ids.remove(id));
    }

    /** Tells every waiting watched run whose place or likely start changed; one announcement at a time. */
    private void announcePlaces() {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        watched.values().forEach(ids::addAll);
        synchronized (announced) {
            Map<String, RunQueue.Place> now = ids.isEmpty() ? Map.of() : places.apply(ids);
            for (RunQueue.Place place : now.values()) {
                if (!place.equals(announced.get(place.id()))) {
                    events.publish(new RunEvent(place.id(), RunStatus.QUEUED, place.position(), null, "", 0,
                            wallLimit.toSeconds(), null, place.startsInSeconds()));
                }
            }
            announced.clear();
            announced.putAll(now);
        }
    }
}
