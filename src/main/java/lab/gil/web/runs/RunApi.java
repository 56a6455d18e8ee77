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
import lab.gil.run.result.PredictionCheck;
import lab.gil.lesson.LessonCatalog;
import lab.gil.lesson.PredictionRule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
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
    private final LessonCatalog catalog;
    private final EventFrames frames;

    public RunApi(Runs runs, FileRenderer renderer, LessonCatalog catalog) {
        this.runs = runs;
        this.renderer = renderer;
        this.catalog = catalog;
        this.frames = new EventFrames(renderer);
    }

    /** {@code POST /api/runs} with {@code {lesson, experiment, params?, code?, interpreter?, prediction?}}. */
    public void create(Context ctx) {
        Submitted submitted = runs.submit(request(ctx));
        ctx.status(202).header("Location", "/api/runs/" + submitted.run().id()).json(Answer.of(submitted));
    }

    /**
     * {@code POST /api/runs/compare} with the body of {@code POST /api/runs} (its {@code interpreter} is ignored):
     * one run per interpreter the server has, answered as {@code 202 {"runs": [{id, status, interpreter, …}]}}.
     */
    public void compare(Context ctx) {
        List<Answer> answers = runs.compare(request(ctx)).stream().map(Answer::of).toList();
        ctx.status(202).json(Map.of("runs", answers));
    }

    /** The body of {@code POST /api/runs}; fields it does not know are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RunBody(String lesson, String experiment, JsonNode params, String code, String interpreter, String prediction,
                   Integer repetitions) {
    }

    /** What {@code POST /api/runs} answers for each run it queued. */
    record Answer(String id, RunStatus status, String interpreter, int position, boolean shared, int startsInSeconds) {
        static Answer of(Submitted submitted) {
            return new Answer(submitted.run().id(), submitted.run().status(), submitted.run().interpreter(),
                    submitted.position(), submitted.shared(), submitted.startsInSeconds());
        }
    }

    private static RunRequest request(Context ctx) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("The body must be JSON: {\"lesson\": …, \"experiment\": …}.");
        }
        if (tree == null || !tree.isObject()) {
            throw new BadRequestResponse("The body must be a JSON object: {\"lesson\": …, \"experiment\": …}.");
        }
        RunBody body;
        try {
            body = Json.MAPPER.treeToValue(tree, RunBody.class);
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("lesson, experiment, code, interpreter and prediction must be text; repetitions a whole number.");
        }
        JsonNode given = body.params() == null ? NullNode.getInstance() : body.params();
        if (!given.isNull() && !given.isObject()) {
            throw new BadRequestResponse("params must be an object such as {\"threads\": 4}.");
        }
        Map<String, Object> params = new HashMap<>();
        given.fields().forEachRemaining(field -> params.put(field.getKey(), field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString()));
        return new RunRequest(body.lesson(), body.experiment(), params, body.code(), body.interpreter(), body.prediction(),
                Students.of(ctx), ctx.ip(), body.repetitions());
    }

    /** {@code GET /api/runs/{id}}. */
    public void show(Context ctx) {
        Optional<Run> run = runs.find(ctx.pathParam("id"));
        if (run.isEmpty()) {
            ErrorPages.respond(ctx, 404, "Run not found", "There is no run with this id.");
            return;
        }
        Map<String, Object> answer = Json.MAPPER.convertValue(run.get(), LinkedHashMap.class);
        JsonNode result = run.get().result() == null ? null : readTree(run.get().result());
        answer.put("result", result);
        // The run's own prediction (its owner's: a permalink shows no one else's), read against its result.
        answer.put("predictionCheck", PredictionCheck.of(run.get().prediction(), run.get().status() == RunStatus.DONE, result,
                catalog.experiment(run.get().lesson(), run.get().experiment()).map(s -> s.judging().check()).orElse(PredictionRule.NONE)));
        answer.put("position", runs.position(run.get().id()));
        answer.put("startsInSeconds", runs.startsIn(run.get().id()));
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
                    ctx.formParam("code"), ctx.formParam("interpreter"), ctx.formParam("prediction"), Students.of(ctx), ctx.ip(),
                    repetitionsOf(ctx.formParam("repetitions"))));
            ctx.html(renderer.render("lessons/lesson :: run-status", Map.of("run", submitted.run(),
                    "event", runs.snapshot(submitted.run())), ctx));
        } catch (IllegalArgumentException | RunRefused.Busy | RunRefused.NotFound e) {
            if (e instanceof RunRefused.Busy busy) {
                ctx.header("Retry-After", Integer.toString(busy.retryAfterSeconds()));
            }
            ctx.html(renderer.render("lessons/lesson :: run-error", Map.of("message", e.getMessage()), ctx));
        }
    }

    /** The form's hidden "repetitions", set by "Run again with more repetitions"; empty means the experiment's own. */
    private static Integer repetitionsOf(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Repetitions must be a whole number, not '" + text + "'.");
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

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored result is not JSON", e);
        }
    }
}
