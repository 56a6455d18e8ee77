package lab.gil.lesson;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How an experiment's result is drawn. */
public enum ChartKind {
    BAR, STRIP, LINE, TIMELINE, TABLE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChartKind> parse(String text) {
        return Arrays.stream(values()).filter(kind -> kind.id().equals(text.strip())).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ChartKind::id).toList();
    }
}
