package lab.gil.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.Instant;
import java.util.Map;

/**
 * One run as stored and as the API shows it. {@code result} is the result JSON as written when the run
 * ended (null until then); it is passed through to clients verbatim.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Run(String id, String lesson, String experiment, String student, String interpreter,
                  Map<String, Object> params, String codeHash, String code, String prediction,
                  RunStatus status, String error, @JsonRawValue String result,
                  Instant createdAt, Instant startedAt, Instant finishedAt) {

    public Run withStatus(RunStatus next, String nextError, String nextResult, Instant started, Instant finished) {
        return new Run(id, lesson, experiment, student, interpreter, params, codeHash, code, prediction,
                next, nextError, nextResult, createdAt, started, finished);
    }

    /** Whether the student changed the lesson's code for this run. */
    public boolean edited() {
        return code != null;
    }
}
