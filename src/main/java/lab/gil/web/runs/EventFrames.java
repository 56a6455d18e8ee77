package lab.gil.web.runs;

import lab.gil.run.Json;
import lab.gil.run.RunEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.rendering.FileRenderer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server-sent frames of a run event: its JSON ("progress") and its status fragment for htmx ("status"). Each
 * event is rendered once, however many pages watch its run; the frames carry nothing of a particular visitor.
 */
final class EventFrames {
    private static final int KEPT = 64;

    private final FileRenderer renderer;
    private final Map<RunEvent, Frames> recent = new LinkedHashMap<>(KEPT * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RunEvent, Frames> eldest) {
            return size() > KEPT;
        }
    };

    record Frames(String progress, String status) {
    }

    EventFrames(FileRenderer renderer) {
        this.renderer = renderer;
    }

    Frames of(RunEvent event) {
        synchronized (recent) {
            Frames frames = recent.get(event);
            if (frames != null) {
                return frames;
            }
        }
        // Rendered outside the lock, so events of different runs render side by side.
        Frames frames = render(event);
        synchronized (recent) {
            return recent.merge(event, frames, (kept, fresh) -> kept);
        }
    }

    private Frames render(RunEvent event) {
        try {
            String status = renderer.render("lessons/lesson :: run-progress", Map.of("event", event), null);
            return new Frames(Json.MAPPER.writeValueAsString(event), status.replace("\n", " "));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
