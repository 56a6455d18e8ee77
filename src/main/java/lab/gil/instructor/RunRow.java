package lab.gil.instructor;

import java.time.Instant;

/** One run as the instructor pages see it: who ran what, how it ended, and what it measured. */
public record RunRow(String id, Instant created, String lesson, String experiment, String student, String interpreter,
              String status, boolean edited, String paramsJson, String prediction, Measured measured) {
}
