package lab.gil.run.nodes;

import lab.gil.run.queue.RunQueue;
import lab.gil.run.queue.StartEstimate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where waiting runs of the shared queue stand: their place in the order runner nodes claim them, and when they will
 * likely start given the live nodes' slots, what they are running and the recent average run time.
 */
final class Places {
    private static final Duration AVERAGE_KEPT = Duration.ofSeconds(5);

    private final Sql sql;
    private final Clock clock;
    private double averageSeconds = 5;
    private Instant averageRead = Instant.MIN;

    Places(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** The places of those of {@code ids} still waiting, by run id. */
    Map<String, RunQueue.Place> of(Collection<String> ids, int slots) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<String> order = sql.query("SELECT id FROM run_executions WHERE status = 'queued' ORDER BY round_no, seq", s -> { },
                row -> row.getString(1));
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            positions.put(order.get(i), i + 1);
        }
        List<Instant> running = sql.query("SELECT claimed_at FROM run_executions WHERE status = 'running'", s -> { },
                row -> Sql.instant(row.getTimestamp(1)));
        Instant now = clock.instant();
        List<Integer> starts = StartEstimate.secondsUntilStart(running.stream().map(t -> t == null ? now : t).toList(),
                order.size(), Math.max(1, slots), average(), now);
        Map<String, RunQueue.Place> places = new HashMap<>();
        sql.query("SELECT id, execution_id FROM runs WHERE id = ANY(?) AND status = 'queued'",
                s -> s.setArray(1, s.getConnection().createArrayOf("varchar", ids.toArray())),
                row -> new String[]{row.getString(1), row.getString(2)}).forEach(pair -> {
                    Integer position = positions.get(pair[1]);
                    if (position != null) {
                        places.put(pair[0], new RunQueue.Place(pair[0], position, starts.get(position - 1)));
                    }
                });
        return places;
    }

    long waiting() {
        return sql.query("SELECT COUNT(*) FROM run_executions WHERE status = 'queued'", s -> { }, row -> row.getLong(1)).get(0);
    }

    /** Seconds until a newcomer would likely start. */
    int retryAfter(int slots) {
        return (int) Math.max(1, Math.ceil(average() * (waiting() + 1) / Math.max(1, slots)));
    }

    /** The mean time of the last twenty executions that ended, read again at most every few seconds. */
    private synchronized double average() {
        Instant now = clock.instant();
        if (Duration.between(averageRead, now).compareTo(AVERAGE_KEPT) > 0) {
            averageRead = now;
            List<Double> mean = sql.query("SELECT AVG(EXTRACT(EPOCH FROM (finished_at - started_at))) FROM (SELECT finished_at, "
                    + "started_at FROM runs WHERE started_at IS NOT NULL AND finished_at IS NOT NULL AND status = 'done' "
                    + "ORDER BY finished_at DESC LIMIT 20) recent", s -> { }, row -> row.getObject(1) == null ? null : row.getDouble(1));
            if (!mean.isEmpty() && mean.get(0) != null) {
                averageSeconds = Math.max(0.5, mean.get(0));
            }
        }
        return averageSeconds;
    }
}
