package lab.gil.web.runs;

import lab.gil.run.Submitted;
import lab.gil.run.RunRequest;
import lab.gil.run.RunRefused;
import lab.gil.run.events.Watcher;

import lab.gil.run.Json;
import lab.gil.run.Run;
import lab.gil.run.RunEvent;
import lab.gil.run.Runs;
import lab.gil.run.RunStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.rendering.FileRenderer;
import lab.gil.web.student.Students;
import lab.gil.web.ErrorPages;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The run API (JSON and server-sent events) and the htmx form that starts a run from a lesson page. */
public final class RunApi {
    private final Runs runs;
    private final FileRenderer renderer;
    private final EventFrames frames;

    public RunApi(Runs runs, FileRenderer renderer) {
        this.runs = runs;
        this.renderer = renderer;
        this.frames = new EventFrames(renderer);
    }

    /** {@code POST /api/runs} with {@code {lesson, experiment, params?, code?, interpreter?, prediction?}}. */
    public void create(Context ctx) {
        Submitted submitted = runs.submit(request(ctx));
        ctx.status(202).header("Location", "/api/runs/" + submitted.run().id()).json(answer(submitted));
    }

    /**
     * {@code POST /api/runs/compare} with the body of {@code POST /api/runs} (its {@code interpreter} is ignored):
     * one run per interpreter the server has, answered as {@code 202 {"runs": [{id, status, interpreter, …}]}}.
     */
    public void compare(Context ctx) {
        List<Map<String, Object>> answers = runs.compare(request(ctx)).stream().map(RunApi::answer).toList();
        ctx.status(202).json(Map.of("runs", answers));
    }

    private static RunRequest request(Context ctx) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("The body must be JSON: {\"lesson\": …, \"experiment\": …}.");
        }
        if (body == null || !body.isObject()) {
            throw new BadRequestResponse("The body must be a JSON object: {\"lesson\": …, \"experiment\": …}.");
        }
        Map<String, Object> params = new HashMap<>();
        JsonNode given = body.path("params");
        if (!given.isMissingNode() && !given.isNull() && !given.isObject()) {
            throw new BadRequestResponse("params must be an object such as {\"threads\": 4}.");
        }
        given.fields().forEachRemaining(field -> params.put(field.getKey(), field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString()));
        return new RunRequest(text(body, "lesson"), text(body, "experiment"), params,
                text(body, "code"), text(body, "interpreter"), text(body, "prediction"), Students.of(ctx), ctx.ip());
    }

    private static Map<String, Object> answer(Submitted submitted) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", submitted.run().id());
        answer.put("status", submitted.run().status());
        answer.put("interpreter", submitted.run().interpreter());
        answer.put("position", submitted.position());
        answer.put("shared", submitted.shared());
        return answer;
    }

    /** {@code GET /api/runs/{id}}. */
    public void show(Context ctx) {
        Optional<Run> run = runs.find(ctx.pathParam("id"));
        if (run.isEmpty()) {
            ErrorPages.respond(ctx, 404, "Run not found", "There is no run with this id.");
            return;
        }
        Map<String, Object> answer = Json.MAPPER.convertValue(run.get(), LinkedHashMap.class);
        answer.put("result", run.get().result() == null ? null : readTree(run.get().result()));
        answer.put("position", runs.position(run.get().id()));
        ctx.json(answer);
    }

    /** {@code POST /api/runs/{id}/cancel}: a student may cancel their own run. */
    public void cancel(Context ctx) {
        boolean cancelled = runs.cancel(ctx.pathParam("id"), Students.of(ctx));
        if (!cancelled) {
            ErrorPages.respond(ctx, 409, "Cannot cancel", "This run has already finished, or it is not yours.");
            return;
        }
        if (ctx.header("HX-Request") != null) {
            ctx.html("<p class=\"run-note\">Cancelled.</p>");
        } else {
            ctx.json(Map.of("id", ctx.pathParam("id"), "status", RunStatus.KILLED));
        }
    }

    /** {@code POST /lessons/{slug}/experiments/{id}/runs}: the lesson page's Run button (an htmx form). */
    public void submitForm(Context ctx) {
        Map<String, Object> params = new HashMap<>();
        ctx.formParamMap().forEach((name, values) -> {
            if (name.startsWith("param.") && !values.isEmpty()) {
                params.put(name.substring("param.".length()), values.get(values.size() - 1));
            }
        });
        try {
            Submitted submitted = runs.submit(new RunRequest(ctx.pathParam("slug"), ctx.pathParam("id"), params,
                    ctx.formParam("code"), ctx.formParam("interpreter"), ctx.formParam("prediction"), Students.of(ctx), ctx.ip()));
            ctx.html(renderer.render("lessons/lesson :: run-status", Map.of("run", submitted.run(),
                    "event", runs.snapshot(submitted.run())), ctx));
        } catch (IllegalArgumentException | RunRefused.Busy | RunRefused.NotFound e) {
            if (e instanceof RunRefused.Busy busy) {
                ctx.header("Retry-After", Integer.toString(busy.retryAfterSeconds()));
            }
            ctx.html(renderer.render("lessons/lesson :: run-error", Map.of("message", e.getMessage()), ctx));
        }
    }

    /** {@code GET /api/runs/{id}/events}: progress as it happens, as JSON ("progress") and as HTML ("status"). */
    public void events(SseClient client) {
        String id = client.ctx().pathParam("id");
        client.keepAlive();
        Watcher watcher = new Watcher() {
            @Override
            public void accept(RunEvent event) {
                send(client, event);
            }

            @Override
            public void prepare(RunEvent event) {
                frames.of(event);
            }
        };
        runs.watch(id, watcher);
        client.onClose(() -> runs.unwatch(id, watcher));
        Optional<Run> run = runs.find(id);
        if (run.isEmpty()) {
            synchronized (client) {
                client.sendEvent("end", "{\"error\":\"There is no run with this id.\"}");
            }
            client.close();
            return;
        }
        send(client, runs.snapshot(run.get()));
    }

    private void send(SseClient client, RunEvent event) {
        EventFrames.Frames rendered = frames.of(event);
        synchronized (client) {
            if (client.terminated()) {
                return;
            }
            client.sendEvent("progress", rendered.progress());
            client.sendEvent("status", rendered.status());
            if (event.status().finished()) {
                client.sendEvent("end", "{\"status\":\"" + event.status().id() + "\"}");
                client.close();
            }
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored result is not JSON", e);
        }
    }
}
