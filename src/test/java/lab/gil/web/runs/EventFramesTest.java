package lab.gil.web.runs;

import lab.gil.run.RunEvent;
import lab.gil.run.RunStatus;

import io.javalin.rendering.FileRenderer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventFramesTest {
    private final List<Object> rendered = new ArrayList<>();
    private final FileRenderer renderer = (template, model, ctx) -> {
        rendered.add(model.get("event"));
        return "<div class=\"run-progress\">\n" + ((RunEvent) model.get("event")).status().id() + "\n</div>";
    };

    @Test
    void anEventIsRenderedOnceHoweverManyPagesWatchItsRun() {
        EventFrames frames = new EventFrames(renderer);
        RunEvent done = new RunEvent("run-1", RunStatus.DONE, 0, 1.0, "", 0.2, 30, null);

        EventFrames.Frames first = frames.of(done);
        EventFrames.Frames second = frames.of(done);

        assertThat(rendered).containsExactly(done);
        assertThat(second).isSameAs(first);
        assertThat(first.status()).isEqualTo("<div class=\"run-progress\"> done </div>");
        assertThat(first.progress()).contains("\"status\":\"done\"").contains("\"id\":\"run-1\"");
    }

    @Test
    void eachNewEventIsRenderedAfresh() {
        EventFrames frames = new EventFrames(renderer);
        RunEvent running = new RunEvent("run-1", RunStatus.RUNNING, 0, null, "", 0.15, 30, null);
        RunEvent done = new RunEvent("run-1", RunStatus.DONE, 0, 1.0, "", 0.2, 30, null);

        assertThat(frames.of(running).status()).contains("running");
        assertThat(frames.of(done).status()).contains("done");
        assertThat(rendered).containsExactly(running, done);
    }
}
