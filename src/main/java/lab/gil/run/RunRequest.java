package lab.gil.run;

import java.util.Map;

/**
 * What a student asked for; {@code client} is their network address, as the web layer resolved it;
 * {@code repetitions} how often to time each variant, null for the experiment's own number.
 */
public record RunRequest(String lesson, String experiment, Map<String, ?> params, String code, String interpreter,
                         String prediction, String student, String client, Integer repetitions) {

    /** A request that times each variant as often as the experiment says. */
    public RunRequest(String lesson, String experiment, Map<String, ?> params, String code, String interpreter,
                      String prediction, String student, String client) {
        this(lesson, experiment, params, code, interpreter, prediction, student, client, null);
    }
}
