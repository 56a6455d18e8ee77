package lab.gil.run.nodes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import lab.gil.run.Json;

/**
 * What one NOTIFY says, kept far below PostgreSQL's 8000-byte payload: an execution's progress or end ({@code e}), a
 * run changed on its own ({@code r}: cancelled, interrupted; read it from the database), or the waiting order changed
 * ({@code q}). Ends carry only ids: the run itself, with its result and error, is read from the database.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Signal(String e, String r, Boolean q, String s, Double f, String m, Double t, Double l) {
    private static final int MAX_MESSAGE = 400;

    static Signal progress(String execution, Double fraction, String message, double elapsed, double limit) {
        String text = message == null ? "" : message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
        return new Signal(execution, null, null, "running", fraction, text, elapsed, limit);
    }

    static Signal ended(String execution) {
        return new Signal(execution, null, null, "end", null, null, null, null);
    }

    static Signal run(String id) {
        return new Signal(null, id, null, null, null, null, null, null);
    }

    static Signal queueChanged() {
        return new Signal(null, null, true, null, null, null, null, null);
    }

    boolean isEnd() {
        return "end".equals(s);
    }

    String json() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static Signal parse(String payload) {
        try {
            return Json.MAPPER.readValue(payload, Signal.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("not a signal: " + payload, ex);
        }
    }
}
