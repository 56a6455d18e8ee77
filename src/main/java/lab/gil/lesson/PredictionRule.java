package lab.gil.lesson;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which measurement makes each answer of the prediction right, as the header's {@code # check:} line says. An answer's
 * outcome is read against the comparison's verdict ({@code faster}, {@code same}, {@code slower}, or a range of the
 * speedup such as {@code 1.5..2.5}), or it is a condition on what the run measured, in the grammar of a goal
 * ({@code "updates lost" > 0}, {@code lanes_overlap >= 0.5}): its metrics, and the lane facts that timelines are drawn
 * from ({@link #LANE_FACTS}). An answer the measurement cannot settle gets no mark rather than a wrong one.
 */
public record PredictionRule(Map<String, String> outcomes) {
    public static final PredictionRule NONE = new PredictionRule(Map.of());
    /** Facts of the run's thread lanes a condition may read, each a share from 0 to 1 (see docs/authoring.md). */
    public static final List<String> LANE_FACTS = List.of("lanes_overlap", "lanes_lock_share", "lanes_syscall_share");
    private static final Pattern RANGE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*\\.\\.\\s*(\\d+(?:\\.\\d+)?)×?");
    private static final Pattern F_STRING = Pattern.compile("\\bf([\"'])(.*?)\\1");
    private static final Pattern HOLE = Pattern.compile("\\{[^{}]*}");
    private static final List<String> WORDS = List.of("faster", "same", "slower");
    private static final String FORM = "check must read 'answer = outcome | …', the outcome faster, same, slower, a speedup range "
            + "such as 1.5..2.5, or a condition such as '\"updates lost\" > 0'";

    /**
     * Reads {@code option = outcome | …}; throws IllegalArgumentException with a sentence for the author.
     *
     * @param code the experiment's code: a condition may only read metrics it names (null: not checked)
     */
    static PredictionRule parse(String text, List<String> options, String code) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (String pair : text.split("\\|")) {
            int at = separator(pair);
            if (at < 0) {
                throw new IllegalArgumentException(FORM + " (got '" + pair.strip() + "')");
            }
            String option = pair.substring(0, at).strip();
            String outcome = pair.substring(at + 1).strip();
            if (!options.contains(option)) {
                throw new IllegalArgumentException("check names '" + option + "', which is not one of the options ("
                        + String.join(" | ", options) + ")");
            }
            if (WORDS.contains(outcome.toLowerCase(Locale.ROOT))) {
                outcome = outcome.toLowerCase(Locale.ROOT);
            } else if (!RANGE.matcher(outcome).matches()) {
                checkCondition(option, outcome, code);
            }
            outcomes.put(option, outcome);
        }
        return new PredictionRule(Collections.unmodifiableMap(outcomes));  // in the order written
    }

    static PredictionRule parse(String text, List<String> options) {
        return parse(text, options, null);
    }

    /** The first {@code =} that is not part of {@code ==}, {@code <=}, {@code >=} or {@code !=}. */
    private static int separator(String pair) {
        for (int i = 0; i < pair.length(); i++) {
            boolean lone = pair.charAt(i) == '=' && (i == 0 || "<>!=".indexOf(pair.charAt(i - 1)) < 0)
                    && (i + 1 == pair.length() || pair.charAt(i + 1) != '=');
            if (lone) {
                return i;
            }
        }
        return -1;
    }

    private static void checkCondition(String option, String outcome, String code) {
        Goal condition;
        try {
            condition = Goal.parse(outcome);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("check for '" + option + "': '" + outcome + "' is neither faster, same, slower, "
                    + "a speedup range such as 1.5..2.5, nor a condition: " + e.getMessage().replace("goal", "condition"));
        }
        for (String name : condition.metrics()) {
            if (name.startsWith("lanes_") && !LANE_FACTS.contains(name)) {
                throw new IllegalArgumentException("check for '" + option + "' reads '" + name + "', which is not a lane fact ("
                        + String.join(", ", LANE_FACTS) + ")" + Suggest.didYouMean(name, LANE_FACTS));
            }
            if (!name.startsWith("lanes_") && code != null && !names(code, name)) {
                throw new IllegalArgumentException("check for '" + option + "' reads the metric '" + name
                        + "', but the code never names it");
            }
        }
    }

    /** Whether the code names the metric: literally, or through an f-string such as {@code f"per worker, {kind}"}. */
    static boolean names(String code, String metric) {
        if (code.contains(metric)) {
            return true;
        }
        Matcher literal = F_STRING.matcher(code);
        while (literal.find()) {
            String text = literal.group(2);
            StringBuilder pattern = new StringBuilder();
            int at = 0;
            for (Matcher hole = HOLE.matcher(text); hole.find(); at = hole.end()) {
                pattern.append(Pattern.quote(text.substring(at, hole.start()))).append(".+");
            }
            pattern.append(Pattern.quote(text.substring(at)));
            if (metric.matches(pattern.toString())) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return outcomes.isEmpty();
    }

    /** Whether any answer's outcome is a condition on metrics or lane facts rather than on the verdict. */
    public boolean hasConditions() {
        return outcomes.values().stream().anyMatch(PredictionRule::isCondition);
    }

    /** The metrics and lane facts the conditions read, in order of appearance. */
    public Set<String> reads() {
        Set<String> names = new LinkedHashSet<>();
        outcomes.values().stream().filter(PredictionRule::isCondition).forEach(o -> names.addAll(Goal.parse(o).metrics()));
        return names;
    }

    private static boolean isCondition(String outcome) {
        return !WORDS.contains(outcome) && !RANGE.matcher(outcome).matches();
    }

    /**
     * Whether {@code predicted} was right about a verdict: empty when the rule cannot say (no rule for that answer, or
     * the verdict settled nothing). {@code ratio} is the speedup of the compared variant over the reference.
     */
    public Optional<Boolean> correct(String predicted, boolean conclusive, String words, double ratio) {
        String outcome = predicted == null ? null : outcomes.get(predicted);
        if (outcome == null || !conclusive || isCondition(outcome)) {
            return Optional.empty();
        }
        Matcher range = RANGE.matcher(outcome);
        if (range.matches()) {
            return Optional.of(ratio >= Double.parseDouble(range.group(1)) && ratio <= Double.parseDouble(range.group(2)));
        }
        String measured = words.equals("about the same") ? "same" : words.endsWith("faster") ? "faster" : words.endsWith("slower") ? "slower" : null;
        return measured == null ? Optional.empty() : Optional.of(measured.equals(outcome));
    }

    /**
     * Whether {@code predicted} was right about what the run measured ({@code values}: its metrics and lane facts by
     * name): right when its condition holds; wrong when it does not (or reads a value the run did not record) and
     * another answer's condition does, which makes an answer the line does not name wrong as soon as a named one
     * holds; empty when no condition holds.
     */
    public Optional<Boolean> correct(String predicted, Map<String, Double> values) {
        if (predicted == null) {
            return Optional.empty();
        }
        String own = outcomes.get(predicted);
        if (own != null && !isCondition(own)) {
            return Optional.empty();
        }
        if (own != null && holds(own, values).orElse(false)) {
            return Optional.of(true);
        }
        boolean another = outcomes.entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(predicted) && isCondition(e.getValue()) && holds(e.getValue(), values).orElse(false));
        return another ? Optional.of(false) : Optional.empty();
    }

    private static Optional<Boolean> holds(String condition, Map<String, Double> values) {
        GoalCheck.Verdict verdict = GoalCheck.evaluate(Goal.parse(condition), values);
        return Optional.ofNullable(verdict.passed());
    }
}
