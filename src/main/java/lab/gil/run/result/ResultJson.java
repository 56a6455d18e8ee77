package lab.gil.run.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import lab.gil.run.Json;
import lab.gil.run.RunResult;

import java.util.ArrayList;
import java.util.List;

/** A result as the JSON kept with its run, shrunk (timeline dropped, output cut) to fit the size limit. */
public final class ResultJson {
    public static final int MAX_RESULT_CHARS = 900_000;
    private static final int MAX_OUTPUT_CHARS = 20_000;

    private ResultJson() {
    }

    public static String of(RunResult result) {
        if (result == null) {
            return null;
        }
        try {
            String json = Json.MAPPER.writeValueAsString(result);
            if (json.length() > MAX_RESULT_CHARS) {
                RunResult smaller = new RunResult(result.chart(), result.metrics(), result.series(), List.of(), result.repetitions(),
                        result.summary(), append(result.warnings(), "The result was too large to keep its timeline."),
                        result.fingerprint(), shorten(result.stdout()), shorten(result.stderr()), result.exitCode(), result.wallSeconds());
                json = Json.MAPPER.writeValueAsString(smaller);
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> append(List<String> list, String item) {
        List<String> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }

    private static String shorten(String text) {
        return text.length() > MAX_OUTPUT_CHARS ? text.substring(0, MAX_OUTPUT_CHARS) + "\n… (cut)" : text;
    }
}
