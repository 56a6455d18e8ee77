package lab.gil.web.runs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import lab.gil.run.Json;
import lab.gil.run.RunEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.rendering.FileRenderer;

import java.util.Map;

/**
 * The server-sent frames of a run event: its JSON ("progress") and its status fragment for htmx ("status"). Each
 * event is rendered once, however many pages watch its run; the frames carry nothing of a particular visitor.
 */
final class EventFrames {
    private static final int KEPT = 64;

    private final FileRenderer renderer;
    private final Cache<RunEvent, Frames> recent = Caffeine.newBuilder().maximumSize(KEPT).build();

    record Frames(String progress, String status) {
    }

    EventFrames(FileRenderer renderer) {
        this.renderer = renderer;
    }

    Frames of(RunEvent event) {
        // One render per event; events of different runs render side by side.
        return recent.get(event, this::render);
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
