package lab.gil.lesson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which measurement makes each answer of the prediction right, as the header's {@code # check:} line says:
 * {@code shorter = faster | about the same = same | longer = slower}, or a range of the speedup such as
 * {@code about half = 1.5..2.5}. The server reads it against the comparison's verdict; an answer the line does not
 * name, or a verdict that is not conclusive, gets no mark rather than a wrong one.
 */
public record PredictionRule(Map<String, String> outcomes) {
    public static final PredictionRule NONE = new PredictionRule(Map.of());
    private static final Pattern RANGE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*\\.\\.\\s*(\\d+(?:\\.\\d+)?)×?");
    private static final List<String> WORDS = List.of("faster", "same", "slower");

    /** Reads {@code option = outcome | …}; throws IllegalArgumentException with a sentence for the author. */
    static PredictionRule parse(String text, List<String> options) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (String pair : text.split("\\|")) {
            int at = pair.lastIndexOf('=');
            if (at < 0) {
                throw new IllegalArgumentException("check must read 'answer = faster|same|slower|LOW..HIGH | …' (got '" + pair.strip() + "')");
            }
            String option = pair.substring(0, at).strip();
            String outcome = pair.substring(at + 1).strip().toLowerCase(Locale.ROOT);
            if (!options.contains(option)) {
                throw new IllegalArgumentException("check names '" + option + "', which is not one of the options ("
                        + String.join(" | ", options) + ")");
            }
            if (!WORDS.contains(outcome) && !RANGE.matcher(outcome).matches()) {
                throw new IllegalArgumentException("check: '" + outcome + "' must be faster, same, slower or a speedup range such as 1.5..2.5");
            }
            outcomes.put(option, outcome);
        }
        return new PredictionRule(Map.copyOf(outcomes));
    }

    public boolean isEmpty() {
        return outcomes.isEmpty();
    }

    /**
     * Whether {@code predicted} was right about a verdict: empty when the rule cannot say (no rule for that answer, or
     * the verdict settled nothing). {@code ratio} is the speedup of the compared variant over the reference.
     */
    public Optional<Boolean> correct(String predicted, boolean conclusive, String words, double ratio) {
        String outcome = predicted == null ? null : outcomes.get(predicted);
        if (outcome == null || !conclusive) {
            return Optional.empty();
        }
        Matcher range = RANGE.matcher(outcome);
        if (range.matches()) {
            return Optional.of(ratio >= Double.parseDouble(range.group(1)) && ratio <= Double.parseDouble(range.group(2)));
        }
        String measured = words.equals("about the same") ? "same" : words.endsWith("faster") ? "faster" : words.endsWith("slower") ? "slower" : null;
        return measured == null ? Optional.empty() : Optional.of(measured.equals(outcome));
    }
}
