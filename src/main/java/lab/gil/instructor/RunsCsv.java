package lab.gil.instructor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The runs as CSV (RFC 4180: comma-separated, CRLF, quotes doubled): one row per run and one median
 * column per variant seen. Text that a spreadsheet would take for a formula is prefixed with a quote,
 * because students choose their variant names, predictions and parameters.
 */
public final class RunsCsv {
    private static final List<String> COLUMNS = List.of("id", "created", "lesson", "experiment", "student", "interpreter",
            "status", "edited", "params", "prediction", "speedup", "noisy");

    private RunsCsv() {
    }

    public static String of(List<RunRow> runs) {
        Set<String> variants = new LinkedHashSet<>();
        runs.forEach(run -> variants.addAll(run.measured().medians().keySet()));
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(COLUMNS);
        variants.forEach(variant -> header.add("median " + variant + " (s)"));
        line(csv, header.stream().map(RunsCsv::text).toList());
        for (RunRow run : runs) {
            Measured measured = run.measured();
            List<String> cells = new ArrayList<>(List.of(text(run.id()), run.created().toString(), text(run.lesson()),
                    text(run.experiment()), text(run.student()), text(run.interpreter()), text(run.status()),
                    Boolean.toString(run.edited()), text(run.paramsJson()), text(run.prediction()),
                    number(measured.speedup()), measured.timed() ? Boolean.toString(measured.noisy()) : ""));
            variants.forEach(variant -> cells.add(number(measured.medians().get(variant))));
            line(csv, cells);
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(quoted(cells.get(i)));
        }
        csv.append("\r\n");
    }

    /** Text from outside: neutralised if a spreadsheet would evaluate it. */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private static String number(Double value) {
        return value == null ? "" : Double.toString(value);
    }

    static String quoted(String cell) {
        boolean needsQuotes = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
        return needsQuotes ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
