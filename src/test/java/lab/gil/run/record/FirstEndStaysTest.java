package lab.gil.run.record;

import lab.gil.db.Database;
import lab.gil.run.Run;
import lab.gil.run.RunStatus;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The first end recorded for a run stays: a cancel or an interruption is never overwritten by an end that comes later. */
class FirstEndStaysTest {
    private final RunRepository repository = new RunRepository(database());

    private static JdbcDataSource database() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Database.migrate(h2);
        return h2;
    }

    private Run queued() {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        Run run = new Run(UUID.randomUUID().toString(), "lab", "x", "ann", "python3", Map.of("n", 1), "hash", null,
                null, RunStatus.QUEUED, null, null, now, null, null);
        repository.insert(run);
        return run;
    }

    @Test
    void aCancelledRunStaysKilledWhenItsExecutionFinishesAMomentLater() {
        Run run = queued();
        Instant started = Instant.parse("2026-11-29T10:00:01Z");
        assertThat(repository.updateStatus(run.withStatus(RunStatus.RUNNING, null, null, started, null))).isTrue();
        assertThat(repository.updateStatus(run.withStatus(RunStatus.KILLED, "Cancelled.", null, started, started.plusSeconds(1)))).isTrue();

        boolean overwritten = repository.updateStatus(run.withStatus(RunStatus.DONE, null, "{\"chart\":\"table\"}", started, started.plusSeconds(2)));

        assertThat(overwritten).isFalse();
        Run stored = repository.find(run.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.KILLED);
        assertThat(stored.error()).isEqualTo("Cancelled.");
        assertThat(stored.result()).isNull();
    }

    @Test
    void anInterruptedRunIsNotTurnedDoneByANodeThatWasOnlyPaused() {
        Run run = queued();
        Instant at = Instant.parse("2026-11-29T10:00:05Z");
        assertThat(repository.updateStatus(run.withStatus(RunStatus.INTERRUPTED, "The runner node running it stopped.", null, at, at))).isTrue();

        assertThat(repository.updateStatus(run.withStatus(RunStatus.DONE, null, "{}", at, at.plusSeconds(9)))).isFalse();
        assertThat(repository.find(run.id()).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
    }
}
