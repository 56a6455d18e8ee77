package lab.gil.instructor;

import java.time.Instant;

/**
 * One run as the instructor pages see it: who ran what, how it ended, what it measured, and whether it met its
 * exercise's goal ({@code goalPassed} null: no goal, not judged, or not finished well).
 */
public record RunRow(String id, Instant created, String lesson, String experiment, String student, String interpreter,
              String status, boolean edited, String paramsJson, String prediction, Measured measured, Boolean goalPassed) {
}
