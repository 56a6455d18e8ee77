package lab.gil.lesson;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An exercise's goal over the metrics its experiment records, from {@code # goal: max_lag_ms < 20}:
 * comparisons joined by {@code and}, each side a number, a metric name, a quoted metric name
 * ({@code "updates lost"}) or a number times a metric ({@code 0.8 * parallelism}).
 * {@link GoalCheck} evaluates it against a run.
 *
 * @param description what the goal means in words, from {@code -- …} after the expression (may be null)
 */
public record Goal(String expression, String description, List<Comparison> comparisons) {
    public static final List<String> OPERATORS = List.of("<", "<=", ">", ">=", "==", "!=");
    private static final Pattern NUMBER = Pattern.compile("\\d[\\d_]*(\\.\\d[\\d_]*)?([eE][-+]?\\d+)?|\\.\\d+([eE][-+]?\\d+)?");

    /** {@code left op right}. */
    public record Comparison(Operand left, String operator, Operand right) {
        boolean holds(double l, double r) {
            return switch (operator) {
                case "<" -> l < r;
                case "<=" -> l <= r;
                case ">" -> l > r;
                case ">=" -> l >= r;
                case "==" -> l == r;
                default -> l != r;
            };
        }
    }

    /** A constant ({@code metric} null), a metric, or a constant times a metric. */
    public record Operand(double factor, String metric) {
        String text() {
            if (metric == null) {
                return GoalCheck.format(factor);
            }
            String name = metric.matches("[A-Za-z_][A-Za-z0-9_]*") ? metric : '"' + metric + '"';
            return factor == 1 ? name : GoalCheck.format(factor) + " * " + name;
        }
    }

    /** The metric names the goal reads, in order of appearance. */
    public List<String> metrics() {
        Set<String> names = new LinkedHashSet<>();
        for (Comparison c : comparisons) {
            if (c.left().metric() != null) {
                names.add(c.left().metric());
            }
            if (c.right().metric() != null) {
                names.add(c.right().metric());
            }
        }
        return List.copyOf(names);
    }

    /**
     * Reads {@code EXPRESSION [-- description]}. Throws IllegalArgumentException with a sentence naming the
     * mistake: an empty goal, an unknown operator, a malformed number, a missing comparison.
     */
    public static Goal parse(String text) {
        String expression = text.strip();
        String description = null;
        int dashes = expression.indexOf(" -- ");
        if (dashes >= 0 || expression.startsWith("-- ")) {
            int at = Math.max(dashes, 0);
            description = expression.substring(at).strip().substring(2).strip();
            expression = expression.substring(0, at).strip();
        }
        if (expression.isEmpty()) {
            throw new IllegalArgumentException("goal is empty; write a condition on a metric, such as 'max_lag_ms < 20'");
        }
        List<String> tokens = tokens(expression);
        List<Comparison> comparisons = new ArrayList<>();
        int[] at = {0};
        while (true) {
            Operand left = operand(tokens, at, expression);
            String op = next(tokens, at);
            if (op == null || !OPERATORS.contains(op)) {
                throw new IllegalArgumentException("goal '" + expression + "' needs a comparison after '" + left.text()
                        + "', such as '" + left.text() + " >= 1.5' (operators: " + String.join(" ", OPERATORS) + ")");
            }
            Operand right = operand(tokens, at, expression);
            if (left.metric() == null && right.metric() == null) {
                throw new IllegalArgumentException("goal compares two numbers, " + left.text() + " " + op + " " + right.text()
                        + "; name a metric the experiment records");
            }
            comparisons.add(new Comparison(left, op, right));
            String joiner = next(tokens, at);
            if (joiner == null) {
                break;
            }
            if (!joiner.equals("and")) {
                throw new IllegalArgumentException("unexpected '" + joiner + "' in goal '" + expression
                        + "'; join conditions with 'and'");
            }
        }
        return new Goal(expression, description == null || description.isEmpty() ? null : description, List.copyOf(comparisons));
    }

    private static Operand operand(List<String> tokens, int[] at, String expression) {
        String token = next(tokens, at);
        if (token == null) {
            throw new IllegalArgumentException("goal '" + expression + "' ends too soon: a number or a metric name is missing");
        }
        if (token.startsWith("\"")) {
            return new Operand(1, token.substring(1, token.length() - 1));
        }
        if (token.startsWith("#")) {
            double value = Double.parseDouble(token.substring(1));
            if (at[0] < tokens.size() && tokens.get(at[0]).equals("*")) {
                at[0]++;
                Operand metric = operand(tokens, at, expression);
                if (metric.metric() == null || metric.factor() != 1) {
                    throw new IllegalArgumentException("in goal '" + expression + "', '*' must be followed by a metric name");
                }
                return new Operand(value, metric.metric());
            }
            return new Operand(value, null);
        }
        if (token.matches("[A-Za-z_][A-Za-z0-9_]*") && !token.equals("and")) {
            return new Operand(1, token);
        }
        throw new IllegalArgumentException("expected a number or a metric name in goal '" + expression + "', not '" + token + "'");
    }

    private static String next(List<String> tokens, int[] at) {
        return at[0] < tokens.size() ? tokens.get(at[0]++) : null;
    }

    /** Numbers come back as {@code #value}, quoted names with their quotes, everything else as written. */
    private static List<String> tokens(String expression) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = expression.indexOf('"', i + 1);
                if (end < 0 || end == i + 1) {
                    throw new IllegalArgumentException("a quoted metric name in goal '" + expression + "' is not closed or is empty");
                }
                tokens.add(expression.substring(i, end + 1));
                i = end + 1;
            } else if (Character.isDigit(c) || c == '.' || (c == '-' && i + 1 < expression.length()
                    && (Character.isDigit(expression.charAt(i + 1)) || expression.charAt(i + 1) == '.'))) {
                int end = i + 1;
                while (end < expression.length() && (Character.isLetterOrDigit(expression.charAt(end))
                        || "._".indexOf(expression.charAt(end)) >= 0
                        || ("+-".indexOf(expression.charAt(end)) >= 0 && "eE".indexOf(expression.charAt(end - 1)) >= 0))) {
                    end++;
                }
                String raw = expression.substring(i, end);
                String digits = raw.startsWith("-") ? raw.substring(1) : raw;
                if (!NUMBER.matcher(digits).matches()) {
                    throw new IllegalArgumentException("'" + raw + "' in goal '" + expression + "' is not a number");
                }
                tokens.add("#" + Double.parseDouble(raw.replace("_", "")));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < expression.length() && (Character.isLetterOrDigit(expression.charAt(end)) || expression.charAt(end) == '_')) {
                    end++;
                }
                String word = expression.substring(i, end);
                if (word.equals("or") || word.equals("not")) {
                    throw new IllegalArgumentException("goal '" + expression + "' uses '" + word + "'; only 'and' may join conditions");
                }
                tokens.add(word);
                i = end;
            } else if ("<>=!".indexOf(c) >= 0) {
                int end = i + 1;
                while (end < expression.length() && "<>=!".indexOf(expression.charAt(end)) >= 0) {
                    end++;
                }
                String op = expression.substring(i, end);
                if (!OPERATORS.contains(op)) {
                    throw new IllegalArgumentException("unknown operator '" + op + "' in goal '" + expression
                            + "' (one of " + String.join(" ", OPERATORS) + ")");
                }
                tokens.add(op);
                i = end;
            } else if (c == '*') {
                tokens.add("*");
                i++;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' in goal '" + expression + "'");
            }
        }
        return tokens;
    }
}
