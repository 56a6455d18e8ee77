package lab.gil.run.events;

import lab.gil.run.RunEvent;
import lab.gil.run.RunStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunEventsTest {

    private static RunEvent queued(String id) {
        return new RunEvent(id, RunStatus.QUEUED, 1, null, "", 0, 30, null);
    }

    @Test
    void aWatcherHearsItsRunsEventsUntilTheServerStopsAndNothingAfterwards() {
        RunEvents events = new RunEvents();
        List<String> heard = new ArrayList<>();
        Watcher watcher = event -> heard.add(event.id());
        events.watch("a", watcher);
        events.publish(queued("a"));
        events.publish(queued("b"));

        events.close();
        events.publish(queued("a"));
        events.watch("a", watcher);
        events.publish(queued("a"));

        assertThat(heard).containsExactly("a");
        assertThat(events.watchedRuns()).isZero();
    }
}
