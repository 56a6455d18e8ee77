package lab.gil.run.record;

import lab.gil.run.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** Whether a stored result met its exercise's goal: {@code result.goal.passed} (docs/api.md). */
public final class GoalOutcome {
    private GoalOutcome() {
    }

    /** @return null when there is no result, no goal, or the goal could not be judged */
    public static Boolean passed(String resultJson) {
        if (resultJson == null || !resultJson.contains("\"goal\"")) {
            return null;
        }
        try {
            JsonNode passed = Json.MAPPER.readTree(resultJson).path("goal").path("passed");
            return passed.isBoolean() ? passed.booleanValue() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
