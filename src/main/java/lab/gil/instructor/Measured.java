package lab.gil.instructor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import lab.gil.run.Json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run measured, read from its stored result JSON: the median of each variant, whether any variant
 * was noisy, and one number to compare runs by, the speedup. The speedup is the run's own metric named
 * {@code speedup} when the experiment records one; otherwise the first variant's median divided by the
 * fastest other variant's (for "1 thread" vs "4 threads", how many times faster the threads were).
 */
record Measured(Map<String, Double> medians, boolean noisy, Double speedup) {
    static final Measured NOTHING = new Measured(Map.of(), false, null);

    boolean timed() {
        return !medians.isEmpty();
    }

    static Measured of(String resultJson) {
        if (resultJson == null || resultJson.isBlank()) {
            return NOTHING;
        }
        JsonNode result;
        try {
            result = Json.MAPPER.readTree(resultJson);
        } catch (JsonProcessingException e) {
            return NOTHING;
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        boolean noisy = false;
        for (JsonNode repetition : result.path("repetitions")) {
            JsonNode median = repetition.path("median");
            if (median.isNumber()) {
                medians.put(repetition.path("variant").asText(), median.asDouble());
                noisy |= repetition.path("noisy").asBoolean(false);
            }
        }
        return new Measured(Collections.unmodifiableMap(medians), noisy, speedup(result, medians));
    }

    private static Double speedup(JsonNode result, Map<String, Double> medians) {
        for (JsonNode metric : result.path("metrics")) {
            if ("speedup".equalsIgnoreCase(metric.path("name").asText()) && metric.path("value").isNumber()) {
                double value = metric.path("value").asDouble();
                return Double.isFinite(value) && value > 0 ? value : null;
            }
        }
        List<Double> values = new ArrayList<>(medians.values());
        if (values.size() < 2 || values.stream().anyMatch(v -> !(v > 0) || !Double.isFinite(v))) {
            return null;
        }
        double fastestOther = values.subList(1, values.size()).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return values.get(0) / fastestOther;
    }
}
