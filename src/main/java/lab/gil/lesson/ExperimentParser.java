package lab.gil.lesson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code # key: value} header of an experiment block. Every mistake becomes a
 * {@link LessonProblem} on the exact line; a block with mistakes yields no experiment.
 */
final class ExperimentParser {
    static final List<String> KEYS = List.of("id", "title", "chart", "repetitions", "timeout", "predict", "options", "param", "goal", "hint",
            "same-within", "needs", "check", "compare");
    static final int MAX_REPETITIONS = ExperimentSpec.MAX_REPETITIONS;

    private static final Pattern HEADER_LINE = Pattern.compile("^#\\s*([A-Za-z_-]+)\\s*:\\s?(.*)$");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern PARAM = Pattern.compile(
            "^(?<name>[A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(?<default>\\S+)(?:\\s+in\\s+(?<range>\\S+))?(?:\\s+--\\s*(?<label>.*))?$");
    private static final Pattern INT = Pattern.compile("-?\\d[\\d_]*");
    private static final Pattern FLOAT = Pattern.compile("-?(\\d[\\d_]*)?\\.?\\d+([eE][-+]?\\d+)?");
    /** lab.params() is a dict read by attribute: these names would give the dict's method instead. */
    private static final Set<String> DICT_METHODS = Set.of("items", "keys", "values", "get", "pop", "popitem", "update",
            "setdefault", "clear", "copy", "fromkeys");
    private static final Set<String> PYTHON_WORDS = Set.of("True", "False", "None", "and", "or", "not", "in", "is",
            "if", "else", "for", "while", "def", "class", "return", "import", "from", "lambda", "pass", "with", "as");

    private final Path file;
    private final List<LessonProblem> problems;

    ExperimentParser(Path file, List<LessonProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** @param firstLine the 1-based file line of the block's first code line */
    Optional<ExperimentSpec> parse(String code, int firstLine, int fenceLine) {
        int before = problems.size();
        String id = null, title = null, predict = null;
        ChartKind chart = null;
        int repetitions = 3;
        Optional<Integer> timeout = Optional.empty();
        List<String> options = List.of();
        int optionsLine = 0;
        List<ParamSpec> params = new ArrayList<>();
        Goal goal = null;
        int goalLine = 0;
        List<String> hints = new ArrayList<>();
        double sameWithin = Judging.DEFAULT_SAME_WITHIN;
        Judging.Needs needs = Judging.Needs.NOTHING;
        String check = null;
        int checkLine = 0;
        List<VariantPair> pairs = List.of();

        String[] lines = code.split("\n", -1);
        int headerEnd = 0;
        for (int i = 0; i < lines.length; i++, headerEnd = i) {
            Matcher m = HEADER_LINE.matcher(lines[i].strip());
            if (!m.matches()) {
                break;
            }
            int line = firstLine + i;
            String key = m.group(1).toLowerCase();
            String value = m.group(2).strip();
            switch (key) {
                case "id" -> {
                    if (!ID.matcher(value).matches()) {
                        problem(line, "experiment id '" + value + "' must be lowercase letters, digits and '-'");
                    }
                    id = value;
                }
                case "title" -> title = required(line, key, value);
                case "chart" -> {
                    chart = ChartKind.parse(value).orElse(null);
                    if (chart == null) {
                        problem(line, "unknown chart '" + value + "'" + Suggest.didYouMean(value, ChartKind.ids())
                                + " (one of " + String.join(", ", ChartKind.ids()) + ")");
                    }
                }
                case "repetitions" -> repetitions = wholeNumber(line, key, value, 1, MAX_REPETITIONS).orElse(repetitions);
                case "timeout" -> timeout = wholeNumber(line, key, value, 1, 3600);
                case "predict" -> predict = required(line, key, value);
                case "options" -> {
                    options = List.of(value.split("\\s*\\|\\s*"));
                    optionsLine = line;
                    if (options.size() < 2 || options.stream().anyMatch(String::isBlank)) {
                        problem(line, "options needs at least two answers separated by '|'");
                    }
                }
                case "param" -> param(line, value, params);
                case "goal" -> {
                    if (goal != null) {
                        problem(line, "an experiment has one goal (the first is on line " + goalLine + "); join conditions with 'and'");
                    }
                    try {
                        goal = Goal.parse(value);
                        goalLine = line;
                    } catch (IllegalArgumentException e) {
                        problem(line, e.getMessage());
                    }
                }
                case "hint" -> hints.add(required(line, key, value));
                case "same-within" -> {
                    try {
                        sameWithin = Judging.parseFraction(value);
                    } catch (IllegalArgumentException e) {
                        problem(line, e.getMessage());
                    }
                }
                case "check" -> {
                    check = required(line, key, value);
                    checkLine = line;
                }
                case "compare" -> {
                    try {
                        pairs = required(line, key, value).isEmpty() ? List.of() : VariantPair.parseAll(value);
                    } catch (IllegalArgumentException e) {
                        problem(line, e.getMessage());
                    }
                }
                case "needs" -> needs = Judging.Needs.parse(value).orElseGet(() -> {
                    problem(line, "unknown need '" + value + "'" + Suggest.didYouMean(value, Judging.Needs.ids())
                            + " (one of " + String.join(", ", Judging.Needs.ids()) + ")");
                    return Judging.Needs.NOTHING;
                });
                default -> problem(line, "unknown header key '" + key + "'" + Suggest.didYouMean(key, KEYS)
                        + " (keys: " + String.join(", ", KEYS) + ")");
            }
        }
        if (goal != null) {
            String body = String.join("\n", List.of(lines).subList(headerEnd, lines.length));
            for (String metric : goal.metrics()) {
                if (!body.contains(metric)) {
                    problem(goalLine, "the goal reads the metric '" + metric + "', but the code never names it");
                }
            }
        }
        if (id == null) {
            problem(fenceLine, "experiment has no '# id:' line");
        }
        if (title == null) {
            problem(fenceLine, "experiment has no '# title:' line");
        }
        if (chart == null && problems.size() == before) {
            problem(fenceLine, "experiment has no '# chart:' line (one of " + String.join(", ", ChartKind.ids()) + ")");
        }
        PredictionRule rule = PredictionRule.NONE;
        if (check != null) {
            try {
                rule = PredictionRule.parse(check, options, String.join("\n", List.of(lines).subList(headerEnd, lines.length)));
            } catch (IllegalArgumentException e) {
                problem(checkLine, e.getMessage());
            }
        }
        if (!options.isEmpty() && predict == null) {
            problem(optionsLine, "'options' needs a '# predict:' question");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ExperimentSpec(id, title, chart, repetitions, timeout, predict, options,
                List.copyOf(params), code, fenceLine, goal, List.copyOf(hints), new Judging(sameWithin, needs, rule, pairs)));
    }

    private void param(int line, String text, List<ParamSpec> params) {
        Matcher m = PARAM.matcher(text);
        if (!m.matches()) {
            problem(line, "param must read 'NAME = DEFAULT in MIN..MAX -- Label' (got '" + text + "')");
            return;
        }
        String name = m.group("name");
        String raw = m.group("default");
        String range = m.group("range");
        String label = m.group("label") == null ? null : m.group("label").strip();
        if (PYTHON_WORDS.contains(name)) {
            problem(line, "param name '" + name + "' is a Python word; choose another");
            return;
        }
        if (DICT_METHODS.contains(name)) {
            problem(line, "param name '" + name + "' hides a method of lab.params() (p." + name + " would not be the value); choose another");
            return;
        }
        if (params.stream().anyMatch(p -> p.name().equals(name))) {
            problem(line, "param '" + name + "' is declared twice");
            return;
        }
        ParamSpec.Type type = inferType(raw);
        try {
            params.add(switch (type) {
                case INT, FLOAT -> number(name, type, raw, range, label, line);
                case BOOL -> {
                    if (range != null) {
                        throw new IllegalArgumentException("a true/false param takes no range");
                    }
                    yield new ParamSpec(name, type, Boolean.parseBoolean(raw), null, null, List.of(), label, line);
                }
                case TEXT -> text(name, raw, range, label, line);
            });
        } catch (IllegalArgumentException e) {
            problem(line, "param '" + name + "': " + e.getMessage());
        }
    }

    private static ParamSpec number(String name, ParamSpec.Type type, String raw, String range, String label, int line) {
        if (range == null || !range.contains("..")) {
            throw new IllegalArgumentException("a number needs a range such as 'in 1..16'");
        }
        String[] ends = range.split("\\.\\.", 2);
        double min = parseNumber(ends[0]);
        double max = parseNumber(ends[1]);
        if (min > max) {
            throw new IllegalArgumentException("the range " + range + " runs backwards");
        }
        if (type == ParamSpec.Type.INT && (min != Math.rint(min) || max != Math.rint(max))) {
            throw new IllegalArgumentException("a whole-number param needs a whole-number range");
        }
        ParamSpec spec = new ParamSpec(name, type, null, min, max, List.of(), label, line);
        Object value = spec.coerce(raw);
        return new ParamSpec(name, type, value, min, max, List.of(), label, line);
    }

    private static ParamSpec text(String name, String raw, String range, String label, int line) {
        List<String> choices = range == null ? List.of() : List.of(range.split("\\|"));
        if (!choices.isEmpty() && !choices.contains(raw)) {
            throw new IllegalArgumentException("the default '" + raw + "' is not one of " + String.join(", ", choices));
        }
        return new ParamSpec(name, ParamSpec.Type.TEXT, raw, null, null, choices, label, line);
    }

    private static double parseNumber(String text) {
        try {
            return Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' in the range is not a number");
        }
    }

    static ParamSpec.Type inferType(String raw) {
        if (raw.equals("true") || raw.equals("false")) {
            return ParamSpec.Type.BOOL;
        }
        if (INT.matcher(raw).matches()) {
            return ParamSpec.Type.INT;
        }
        if (FLOAT.matcher(raw).matches()) {
            return ParamSpec.Type.FLOAT;
        }
        return ParamSpec.Type.TEXT;
    }

    private Optional<Integer> wholeNumber(int line, String key, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return Optional.of(n);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problem(line, key + " must be a whole number from " + min + " to " + max + " (got '" + value + "')");
        return Optional.empty();
    }

    private String required(int line, String key, String value) {
        if (value.isEmpty()) {
            problem(line, key + " is empty");
        }
        return value;
    }

    private void problem(int line, String message) {
        problems.add(new LessonProblem(file, line, message));
    }
}
