package lab.gil.lesson;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lesson's front matter: the YAML between the first line {@code ---} and the next. It is read with a real
 * YAML parser, so what {@code check} accepts is what any YAML tool accepts, and a YAML mistake is reported at
 * its line in the lesson file.
 */
record FrontMatter(String title, int order, String summary) {
    static final List<String> KEYS = List.of("title", "order", "summary");
    private static final String DELIMITER = "---";
    private static final String NOT_CLOSED = "front matter is not closed: end it with a line '---'";
    /** The YAML starts on the file's second line; the parser counts lines from zero. */
    private static final int FIRST_YAML_LINE = 2;

    /** A known key's text and line; {@code reported} when its value was not text and that is already a problem. */
    private record Value(String text, int line, boolean reported) {
    }

    /** Reads the front matter of a lesson's text (with {@code \n} line ends), adding any mistake to {@code problems}. */
    static FrontMatter read(Path file, String source, List<LessonProblem> problems) {
        FrontMatter none = new FrontMatter(LessonParser.slugOf(file), Integer.MAX_VALUE, "");
        String[] lines = source.split("\n", -1);
        int end = closingLine(lines);
        if (end < 0) {
            boolean opened = source.startsWith(DELIMITER);
            problems.add(new LessonProblem(file, 1, opened ? NOT_CLOSED
                    : "the file must start with front matter: '---', title, order, summary, '---'"));
            return none;
        }
        Optional<Map<String, Value>> values = values(file, String.join("\n", List.of(lines).subList(1, end)), problems);
        if (values.isEmpty()) {
            return none;
        }
        Map<String, Value> data = values.get();
        for (String key : KEYS) {
            if (!data.containsKey(key) || data.get(key).text().isBlank() && !data.get(key).reported()) {
                int line = data.containsKey(key) ? data.get(key).line() : 1;
                problems.add(new LessonProblem(file, line, "front matter needs '" + key + ":'"));
            }
        }
        int order = Integer.MAX_VALUE;
        Value orderValue = data.get("order");
        if (orderValue != null && !orderValue.text().isBlank()) {
            try {
                order = Integer.parseInt(orderValue.text());
            } catch (NumberFormatException e) {
                problems.add(new LessonProblem(file, orderValue.line(), "order must be a whole number (got '" + orderValue.text() + "')"));
            }
        }
        String title = text(data, "title");
        return new FrontMatter(title.isBlank() ? none.title() : title, order, text(data, "summary"));
    }

    /**
     * The text with its front matter lines left empty, so the Markdown parser sees only the body and the lines
     * it reports are still those of the file. Text without closed front matter is returned as it is.
     */
    static String body(String source) {
        String[] lines = source.split("\n", -1);
        int end = closingLine(lines);
        if (end < 0) {
            return source;
        }
        return "\n".repeat(end + 1) + String.join("\n", List.of(lines).subList(end + 1, lines.length));
    }

    /** The index of the line that closes the front matter, or -1 when the text does not open and close it. */
    private static int closingLine(String[] lines) {
        if (!lines[0].stripTrailing().equals(DELIMITER)) {
            return -1;
        }
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].stripTrailing().equals(DELIMITER)) {
                return i;
            }
        }
        return -1;
    }

    /** The known keys' values with their lines, or empty (and a problem) when the YAML cannot be read. */
    private static Optional<Map<String, Value>> values(Path file, String yaml, List<LessonProblem> problems) {
        Optional<Node> root;
        try {
            // Aliases and recursive keys have no use in three plain keys; refusing them keeps a YAML bomb harmless.
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setMaxAliasesForCollections(0)
                    .setAllowRecursiveKeys(false).setCodePointLimit(64 * 1024).build();
            root = new Compose(settings).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            problems.add(new LessonProblem(file, lineOf(e), "front matter is not valid YAML: " + describe(e)));
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.add(new LessonProblem(file, FIRST_YAML_LINE, "front matter is not valid YAML: " + e.getMessage()));
            return Optional.empty();
        }
        if (root.isEmpty()) {
            return Optional.of(Map.of());
        }
        if (!(root.get() instanceof MappingNode mapping)) {
            problems.add(new LessonProblem(file, line(root.get()), "front matter must be 'key: value' lines (keys: "
                    + String.join(", ", KEYS) + ")"));
            return Optional.empty();
        }
        Map<String, Value> data = new HashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            Node keyNode = entry.getKeyNode();
            int line = line(keyNode);
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                problems.add(new LessonProblem(file, line, "a front matter key must be a plain word such as 'title'"));
                continue;
            }
            String key = scalarKey.getValue();
            if (!KEYS.contains(key)) {
                problems.add(new LessonProblem(file, line, "unknown front matter key '" + key + "'"
                        + Suggest.didYouMean(key, KEYS) + " (keys: " + String.join(", ", KEYS) + ")"));
            } else if (data.containsKey(key)) {
                problems.add(new LessonProblem(file, line, "front matter key '" + key + "' is given twice (first on line "
                        + data.get(key).line() + ")"));
            } else if (entry.getValueNode() instanceof ScalarNode value) {
                data.put(key, new Value(value.getTag().equals(Tag.NULL) ? "" : value.getValue().strip(), line, false));
            } else {
                problems.add(new LessonProblem(file, line, "'" + key + "' must be one line of text, not a list or a mapping"));
                data.put(key, new Value("", line, true));
            }
        }
        return Optional.of(data);
    }

    private static String text(Map<String, Value> data, String key) {
        Value value = data.get(key);
        return value == null ? "" : value.text();
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + FIRST_YAML_LINE).orElse(FIRST_YAML_LINE);
    }

    /** Where the trouble began (an unclosed bracket's line rather than the end of the front matter), as a file line. */
    private static int lineOf(MarkedYamlEngineException e) {
        Optional<Mark> mark = e.getContextMark().isPresent() ? e.getContextMark() : e.getProblemMark();
        return mark.map(m -> m.getLine() + FIRST_YAML_LINE).orElse(FIRST_YAML_LINE);
    }

    private static String describe(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "unreadable" : e.getProblem();
        String said = e.getContext() == null ? problem : e.getContext() + ", " + problem;
        return said.replace("<stream end>", "the end of the front matter").strip();
    }
}
