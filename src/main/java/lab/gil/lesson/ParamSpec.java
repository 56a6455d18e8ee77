package lab.gil.lesson;

import java.util.List;
import java.util.Locale;

/**
 * A parameter a student may change, declared as {@code # param: NAME = DEFAULT [in RANGE] [-- LABEL]}.
 * Numbers carry a range; text may carry a list of choices.
 */
public record ParamSpec(String name, Type type, Object defaultValue, Double min, Double max,
                        List<String> choices, String label, int line) {

    public enum Type { INT, FLOAT, BOOL, TEXT }

    private static final int MAX_TEXT = 200;

    /** Turns a value sent by a student into the declared type, or says in one sentence why it cannot. */
    public Object coerce(Object raw) {
        if (raw == null) {
            return defaultValue;
        }
        String text = raw.toString().strip();
        return switch (type) {
            case INT -> inRange(parseLong(text));
            case FLOAT -> inRange(parseDouble(text));
            case BOOL -> parseBool(text);
            case TEXT -> choice(text);
        };
    }

    public boolean isNumber() {
        return type == Type.INT || type == Type.FLOAT;
    }

    /** A step for a slider: whole numbers step by one, numbers by a hundredth of the range. */
    public double step() {
        return type == Type.INT ? 1 : (max - min) / 100;
    }

    private long parseLong(String text) {
        try {
            if (text.contains(".") && !text.contains("e")) {
                double value = Double.parseDouble(text);
                if (value == Math.rint(value)) {
                    return (long) value;
                }
            }
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label() + " must be a whole number, not '" + shorten(text) + "'.");
        }
    }

    private double parseDouble(String text) {
        try {
            double value = Double.parseDouble(text.replace("_", ""));
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label() + " must be a number, not '" + shorten(text) + "'.");
        }
    }

    private Object inRange(long value) {
        if (value < min || value > max) {
            throw outOfRange(Long.toString(value));
        }
        return value;
    }

    private Object inRange(double value) {
        if (value < min || value > max) {
            throw outOfRange(Double.toString(value));
        }
        return value;
    }

    private IllegalArgumentException outOfRange(String value) {
        return new IllegalArgumentException(label() + " must be between " + format(min) + " and " + format(max)
                + ", not " + value + ".");
    }

    private boolean parseBool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0", "" -> false;
            default -> throw new IllegalArgumentException(label() + " must be true or false, not '" + shorten(text) + "'.");
        };
    }

    private String choice(String text) {
        if (!choices.isEmpty() && !choices.contains(text)) {
            throw new IllegalArgumentException(label() + " must be one of " + String.join(", ", choices)
                    + ", not '" + shorten(text) + "'.");
        }
        if (text.length() > MAX_TEXT || text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(label() + " must be a single line of at most " + MAX_TEXT + " characters.");
        }
        return text;
    }

    /** The label the page shows, falling back to the name. */
    public String label() {
        return label == null || label.isBlank() ? name : label;
    }

    public String format(Double value) {
        if (value == null) {
            return "";
        }
        if (type == Type.INT || value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString(value.longValue());
        }
        // Plain decimals for people ("0.0005", not "5.0E-4").
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
