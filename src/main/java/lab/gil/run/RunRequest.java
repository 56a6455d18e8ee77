package lab.gil.run;

import java.util.Map;

/** What a student asked for; {@code client} is their network address, as the web layer resolved it. */
public record RunRequest(String lesson, String experiment, Map<String, ?> params, String code, String interpreter,
                         String prediction, String student, String client) {
}
