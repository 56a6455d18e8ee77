package lab.gil.run.result;

import com.fasterxml.jackson.databind.JsonNode;
import lab.gil.lesson.PredictionRule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "You predicted X; measured Y" for one run, as {@code predictionCheck} in docs/api.md. {@code measured} is the
 * verdict of the comparison (or, without one, the run's summary, followed by the lane facts the rule read);
 * {@code correct} is the experiment's {@code # check:} rule applied to the verdict or to the run's metrics and lane
 * facts, null when the rule or the measurement cannot say.
 */
public record PredictionCheck(String predicted, String measured, Boolean correct) {
    private static final Map<String, String> LANE_WORDS = Map.of(
            "lanes_overlap", "two or more threads running at once for %s of the time any ran",
            "lanes_lock_share", "%s of the threads' time waiting on a lock",
            "lanes_syscall_share", "%s of the threads' time in system calls");

    /** @return null for a run without a prediction */
    public static PredictionCheck of(String prediction, boolean done, JsonNode result, PredictionRule rule) {
        if (prediction == null || prediction.isBlank()) {
            return null;
        }
        if (!done || result == null || result.isMissingNode() || result.isNull()) {
            return new PredictionCheck(prediction, null, null);
        }
        JsonNode verdict = result.path("verdict");
        String summary = result.path("summary").asText("");
        String measured = summary.isEmpty() ? null : summary;
        Boolean correct = null;
        if (rule.hasConditions()) {
            Map<String, Double> values = values(result);
            correct = rule.correct(prediction, values).orElse(null);
            measured = withLaneFacts(measured, rule, values);
        }
        if (verdict.isObject()) {
            String words = verdict.path("words").asText("");
            String compared = verdict.path("compared").asText("");
            measured = compared.isEmpty() ? words : compared + ": " + words;
            if (correct == null) {
                correct = rule.correct(prediction, verdict.path("conclusive").asBoolean(false)
                        && verdict.path("problem").isNull(), words, verdict.path("ratio").asDouble(Double.NaN)).orElse(null);
            }
        }
        return new PredictionCheck(prediction, measured, correct);
    }

    /** The run's metrics by name (a name recorded twice keeps its last value) and its lane facts. */
    static Map<String, Double> values(JsonNode result) {
        Map<String, Double> values = new HashMap<>();
        for (JsonNode metric : result.path("metrics")) {
            JsonNode value = metric.path("value");
            if (value.isNumber()) {
                values.put(metric.path("name").asText(), value.asDouble());
            } else {
                values.remove(metric.path("name").asText());
            }
        }
        values.putAll(LaneFacts.of(result.path("lanes")));
        return values;
    }

    private static String withLaneFacts(String measured, PredictionRule rule, Map<String, Double> values) {
        List<String> said = new ArrayList<>();
        for (String name : rule.reads()) {
            if (LANE_WORDS.containsKey(name) && values.containsKey(name)) {
                said.add(String.format(LANE_WORDS.get(name), String.format(Locale.ROOT, "%.0f%%", 100 * values.get(name))));
            }
        }
        if (said.isEmpty()) {
            return measured;
        }
        String facts = "On the lanes: " + String.join("; ", said) + ".";
        return measured == null ? facts : measured + " " + facts;
    }
}
