package lab.gil.experiment;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the harness wrote on the side channel during a run, read back from its JSON-lines file.
 * Lines that are not records (a student writing to the file) are counted and skipped; the amounts
 * kept are capped so a run cannot flood the server.
 */
public record Recording(Map<String, Object> env, List<Metric> metrics, Map<String, Series> series, List<Span> spans,
                        Map<String, List<Double>> repetitions, Optional<String> summary, Optional<Progress> progress,
                        int skippedLines) {

    static final int MAX_SPANS = 20_000;
    static final int MAX_POINTS = 10_000;
    static final int MAX_METRICS = 200;
    static final int MAX_LINES = 200_000;

    public record Metric(String name, Double value, String unit) {
    }

    public record Series(String name, String xLabel, String yLabel, boolean ideal, List<double[]> points) {
    }

    public record Span(String label, String lane, double start, double end, String state) {
    }

    public record Progress(double fraction, String message) {
    }

    public static Recording empty() {
        return new Recording(Map.of(), List.of(), Map.of(), List.of(), Map.of(), Optional.empty(), Optional.empty(), 0);
    }

    /**
     * Reads the whole channel file; a missing file is an empty recording. The run owns the folder the file is
     * in, so anything but a plain file there (a link to a file of the server's, say) is not read.
     */
    public static Recording read(Path channel) throws IOException {
        if (!Files.isRegularFile(channel, LinkOption.NOFOLLOW_LINKS)) {
            return empty();
        }
        Builder builder = new Builder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                Files.newInputStream(channel, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8))) {
            String line;
            int count = 0;
            while ((line = reader.readLine()) != null && count++ < MAX_LINES) {
                builder.accept(line);
            }
        }
        return builder.build();
    }

    /** The newest progress record in the file, for the live progress bar. */
    public static Optional<Progress> latestProgress(List<String> lines) {
        Builder builder = new Builder();
        lines.forEach(builder::accept);
        return builder.progress;
    }

    private static final class Builder {
        private Map<String, Object> env = Map.of();
        private final List<Metric> metrics = new ArrayList<>();
        private final Map<String, Series> series = new LinkedHashMap<>();
        private final List<Span> spans = new ArrayList<>();
        private final Map<String, List<Double>> repetitions = new LinkedHashMap<>();
        private Optional<String> summary = Optional.empty();
        private Optional<Progress> progress = Optional.empty();
        private int points;
        private int skipped;

        @SuppressWarnings("unchecked")
        void accept(String line) {
            if (line.isBlank()) {
                return;
            }
            JsonNode record;
            try {
                record = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                skipped++;
                return;
            }
            if (record == null || !record.isObject()) {
                skipped++;
                return;
            }
            switch (record.path("t").asText()) {
                case "env" -> env = Json.MAPPER.convertValue(record, Map.class);
                case "metric" -> {
                    if (metrics.size() < MAX_METRICS) {
                        metrics.add(new Metric(text(record, "name"), number(record.get("value")), text(record, "unit")));
                    }
                }
                case "point" -> addPoint(text(record, "series"), record, record.get("x"), record.get("y"));
                case "series" -> {
                    JsonNode xs = record.path("xs"), ys = record.path("ys");
                    for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
                        addPoint(text(record, "name"), record, xs.get(i), ys.get(i));
                    }
                }
                case "span" -> {
                    Double start = number(record.get("start")), end = number(record.get("end"));
                    if (spans.size() < MAX_SPANS && start != null && end != null && end >= start) {
                        spans.add(new Span(text(record, "label"), text(record, "lane"), start, end, state(text(record, "state"))));
                    }
                }
                case "variants" -> record.path("names").forEach(name ->
                        repetitions.computeIfAbsent(name.asText(), k -> new ArrayList<>()));
                case "rep" -> {
                    Double value = number(record.get("value"));
                    if (value != null && value >= 0) {
                        repetitions.computeIfAbsent(text(record, "variant"), k -> new ArrayList<>()).add(value);
                    }
                }
                case "progress" -> {
                    Double fraction = number(record.get("fraction"));
                    progress = Optional.of(new Progress(fraction == null ? 0 : Math.max(0, Math.min(1, fraction)), text(record, "message")));
                }
                case "summary" -> summary = Optional.of(text(record, "text"));
                case "thread" -> {
                    // thread names: read by lab.gil.lanes for the thread lanes
                }
                default -> skipped++;
            }
        }

        private void addPoint(String name, JsonNode record, JsonNode x, JsonNode y) {
            Double px = number(x), py = number(y);
            if (px == null || py == null || points >= MAX_POINTS) {
                return;
            }
            points++;
            series.computeIfAbsent(name, n -> new Series(n, text(record, "xLabel"), text(record, "yLabel"),
                    record.path("ideal").asBoolean(false), new ArrayList<>())).points().add(new double[]{px, py});
        }

        Recording build() {
            repetitions.values().removeIf(List::isEmpty);
            return new Recording(env, List.copyOf(metrics), new LinkedHashMap<>(series), List.copyOf(spans), repetitions, summary, progress, skipped);
        }

        private static String text(JsonNode record, String field) {
            JsonNode value = record.get(field);
            if (value == null || value.isNull()) {
                return "";
            }
            String text = value.asText();
            return text.length() > 200 ? text.substring(0, 200) : text;
        }

        private static Double number(JsonNode node) {
            return node != null && node.isNumber() && Double.isFinite(node.asDouble()) ? node.asDouble() : null;
        }

        private static String state(String state) {
            return switch (state) {
                case "waiting", "io" -> state;
                default -> "running";
            };
        }
    }
}
