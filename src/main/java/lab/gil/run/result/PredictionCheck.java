package lab.gil.run.result;

import com.fasterxml.jackson.databind.JsonNode;
import lab.gil.lesson.PredictionRule;

/**
 * "You predicted X; measured Y" for one run, as {@code predictionCheck} in docs/api.md. {@code measured} is the
 * verdict of the comparison (or, without one, the run's summary); {@code correct} is the experiment's
 * {@code # check:} rule applied to the verdict, null when the rule or the measurement cannot say.
 */
public record PredictionCheck(String predicted, String measured, Boolean correct) {

    /** @return null for a run without a prediction */
    public static PredictionCheck of(String prediction, boolean done, JsonNode result, PredictionRule rule) {
        if (prediction == null || prediction.isBlank()) {
            return null;
        }
        if (!done || result == null || result.isMissingNode() || result.isNull()) {
            return new PredictionCheck(prediction, null, null);
        }
        JsonNode verdict = result.path("verdict");
        if (!verdict.isObject()) {
            String summary = result.path("summary").asText("");
            return new PredictionCheck(prediction, summary.isEmpty() ? null : summary, null);
        }
        String words = verdict.path("words").asText("");
        String compared = verdict.path("compared").asText("");
        String measured = compared.isEmpty() ? words : compared + ": " + words;
        Boolean correct = rule.correct(prediction, verdict.path("conclusive").asBoolean(false)
                && verdict.path("problem").isNull(), words, verdict.path("ratio").asDouble(Double.NaN)).orElse(null);
        return new PredictionCheck(prediction, measured, correct);
    }
}
