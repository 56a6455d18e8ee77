package lab.gil.run.channel;

import lab.gil.run.Json;

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
                        int skippedLines, List<String> cuts) {

    public static final int MAX_SPANS = 20_000;
    static final int MAX_POINTS = 10_000;
    static final int MAX_SERIES = 50;
    static final int MAX_METRICS = 200;
    static final int MAX_LINES = 200_000;
    static final int MAX_ENV_ENTRIES = 50;
    public static final int MAX_VARIANTS = 100;
    static final int MAX_REPETITION_VALUES = 20_000;

    /** A recording from which nothing had to be cut. */
    public Recording(Map<String, Object> env, List<Metric> metrics, Map<String, Series> series, List<Span> spans,
                     Map<String, List<Double>> repetitions, Optional<String> summary, Optional<Progress> progress,
                     int skippedLines) {
        this(env, metrics, series, spans, repetitions, summary, progress, skippedLines, List.of());
    }

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

    /** The recording in the channel's lines; lines beyond {@link #MAX_LINES} are not read. */
    public static Recording read(List<String> lines) {
        Builder builder = new Builder();
        lines.stream().limit(MAX_LINES).forEach(builder::accept);
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
        private int repetitionValues;
        private boolean envCut;
        private int droppedVariants;
        private int droppedSeries;
        private int droppedMetrics;

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
                case "env" -> env = env(record);
                case "metric" -> {
                    if (metrics.size() < MAX_METRICS) {
                        metrics.add(new Metric(text(record, "name"), number(record.get("value")), text(record, "unit")));
                    } else {
                        droppedMetrics++;
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
                case "variants" -> record.path("names").forEach(name -> variant(name.asText()));
                case "rep" -> {
                    Double value = number(record.get("value"));
                    List<Double> values = variant(text(record, "variant"));
                    if (value != null && value >= 0 && values != null && repetitionValues < MAX_REPETITION_VALUES) {
                        values.add(value);
                        repetitionValues++;
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

        /** The values of a variant, or null once {@link #MAX_VARIANTS} others are there. */
        private List<Double> variant(String name) {
            String key = name.length() > 200 ? name.substring(0, 200) : name;
            if (!repetitions.containsKey(key) && repetitions.size() >= MAX_VARIANTS) {
                droppedVariants++;
                return null;
            }
            return repetitions.computeIfAbsent(key, k -> new ArrayList<>());
        }

        /** The fingerprint keeps at most {@link #MAX_ENV_ENTRIES} entries, each a number, a boolean or short text. */
        private Map<String, Object> env(JsonNode record) {
            Map<String, Object> kept = new LinkedHashMap<>();
            record.fields().forEachRemaining(field -> {
                JsonNode value = field.getValue();
                boolean small = value.isNumber() || value.isBoolean() || value.isNull()
                        || value.isTextual() && value.asText().length() <= 200;
                if (small && kept.size() < MAX_ENV_ENTRIES && field.getKey().length() <= 100) {
                    kept.put(field.getKey(), Json.MAPPER.convertValue(value, Object.class));
                } else {
                    envCut = true;
                }
            });
            return kept;
        }

        private void addPoint(String name, JsonNode record, JsonNode x, JsonNode y) {
            Double px = number(x), py = number(y);
            if (px == null || py == null || points >= MAX_POINTS) {
                return;
            }
            if (!series.containsKey(name) && series.size() >= MAX_SERIES) {
                droppedSeries++;
                return;
            }
            points++;
            series.computeIfAbsent(name, n -> new Series(n, text(record, "xLabel"), text(record, "yLabel"),
                    record.path("ideal").asBoolean(false), new ArrayList<>())).points().add(new double[]{px, py});
        }

        Recording build() {
            repetitions.values().removeIf(List::isEmpty);
            return new Recording(env, List.copyOf(metrics), new LinkedHashMap<>(series), List.copyOf(spans), repetitions,
                    summary, progress, skipped, cuts());
        }

        /** One sentence per kind of record the run sent more of than is kept. */
        private List<String> cuts() {
            List<String> cuts = new ArrayList<>();
            if (envCut) {
                cuts.add("The environment record was cut to its first " + MAX_ENV_ENTRIES
                        + " short entries: the run sent more, or longer ones.");
            }
            if (droppedVariants > 0) {
                cuts.add("Only the first " + MAX_VARIANTS + " variants were kept; " + droppedVariants
                        + " records of other variants were left out.");
            }
            if (repetitionValues >= MAX_REPETITION_VALUES) {
                cuts.add("Only the first " + MAX_REPETITION_VALUES + " timings were kept.");
            }
            if (droppedSeries > 0) {
                cuts.add("Only the first " + MAX_SERIES + " series were kept.");
            }
            if (points >= MAX_POINTS) {
                cuts.add("Only the first " + MAX_POINTS + " chart points were kept.");
            }
            if (droppedMetrics > 0) {
                cuts.add("Only the first " + MAX_METRICS + " metrics were kept.");
            }
            return List.copyOf(cuts);
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
