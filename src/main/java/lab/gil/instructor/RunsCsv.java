package lab.gil.instructor;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The runs as CSV (RFC 4180 by Commons CSV: comma-separated, CRLF, every cell quoted): one row per run and one
 * median column per variant seen; {@code goal_passed} is empty for a run without a goal or not judged. Students choose their variant names, predictions and parameters, so a
 * formula trigger in their text is defused with a leading {@code '} wherever a spreadsheet might start a cell:
 * at the start of the text and after any character some spreadsheet splits cells on ({@code , ; TAB} and line
 * ends), since a spreadsheet set to split on {@code ;} or TAB ignores our quotes around comma-separated cells.
 */
public final class RunsCsv {
    private static final List<String> COLUMNS = List.of("id", "created", "lesson", "experiment", "student", "interpreter",
            "status", "edited", "params", "prediction", "speedup", "noisy", "goal_passed");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL).get();
    /** Characters that make a spreadsheet cell a formula (OWASP's list). */
    private static final String TRIGGERS = "=+-@\t\r";
    /** Characters some spreadsheet starts a new cell after. */
    private static final String SEPARATORS = ",;\t\r\n";
    /** Characters a spreadsheet may drop from a cell's start, so a trigger after them still counts. */
    private static final String TRANSPARENT = " \"";

    private RunsCsv() {
    }

    public static String of(List<RunRow> runs) {
        Set<String> variants = new LinkedHashSet<>();
        runs.forEach(run -> variants.addAll(run.measured().medians().keySet()));
        StringBuilder csv = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(csv, FORMAT)) {
            List<String> header = new ArrayList<>(COLUMNS);
            variants.forEach(variant -> header.add("median " + variant + " (s)"));
            printer.printRecord(header.stream().map(RunsCsv::text).toList());
            for (RunRow run : runs) {
                Measured measured = run.measured();
                List<String> cells = new ArrayList<>(List.of(text(run.id()), run.created().toString(), text(run.lesson()),
                        text(run.experiment()), text(run.student()), text(run.interpreter()), text(run.status()),
                        Boolean.toString(run.edited()), text(run.paramsJson()), text(run.prediction()),
                        number(measured.speedup()), measured.timed() ? Boolean.toString(measured.noisy()) : "",
                        run.goalPassed() == null ? "" : run.goalPassed().toString()));
                variants.forEach(variant -> cells.add(number(measured.medians().get(variant))));
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a StringBuilder does not fail", e);
        }
        return csv.toString();
    }

    /** Text from outside with a {@code '} before every formula trigger that could start a cell. */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 2);
        boolean cellStart = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (cellStart && TRIGGERS.indexOf(c) >= 0) {
                out.append('\'');
            }
            out.append(c);
            if (SEPARATORS.indexOf(c) >= 0) {
                cellStart = true;
            } else if (TRANSPARENT.indexOf(c) < 0) {
                cellStart = false;
            }
        }
        return out.toString();
    }

    private static String number(Double value) {
        return value == null ? "" : Double.toString(value);
    }
}
