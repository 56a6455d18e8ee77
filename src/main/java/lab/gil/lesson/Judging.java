package lab.gil.lesson;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How an experiment's result is read, as its header declares: how close two timings must be to count as "about the
 * same" ({@code # same-within: 10%}) and whether its point needs several cores running at once ({@code # needs:
 * parallel}). Only an experiment that needs parallelism is warned about a machine that cannot give it, and only
 * there is a speedup above the usable cores impossible (sleeping threads may legitimately overlap far more).
 * {@code check} says which measurement makes each answer of the prediction right ({@code # check:}); {@code pairs},
 * which variants the verdicts compare ({@code # compare:}; empty: every variant against the first).
 */
public record Judging(double sameWithin, Needs needs, PredictionRule check, List<VariantPair> pairs) {
    public static final double DEFAULT_SAME_WITHIN = 0.10;
    public static final Judging DEFAULT = new Judging(DEFAULT_SAME_WITHIN, Needs.NOTHING);

    /** Judging without a rule for the prediction, reading every variant against the first. */
    public Judging(double sameWithin, Needs needs) {
        this(sameWithin, needs, PredictionRule.NONE, List.of());
    }

    /** What the experiment needs of the machine to show its point. */
    public enum Needs {
        /** Its work runs on several cores at once: the speedup is capped by the cores and a busy machine hides it. */
        PARALLEL,
        /** It sleeps, waits, counts or measures memory: the number of free cores does not change its lesson. */
        NOTHING;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Needs> parse(String text) {
            return List.of(values()).stream().filter(n -> n.id().equals(text.strip().toLowerCase(Locale.ROOT))).findFirst();
        }

        public static List<String> ids() {
            return List.of(values()).stream().map(Needs::id).toList();
        }
    }

    public Judging {
        if (!(sameWithin > 0 && sameWithin < 1)) {
            throw new IllegalArgumentException("same-within must lie between 0% and 100%");
        }
        pairs = List.copyOf(pairs);
    }

    public boolean needsParallel() {
        return needs == Needs.PARALLEL;
    }

    /** "10%" or "0.1" as a fraction; throws IllegalArgumentException with a sentence for the author. */
    static double parseFraction(String text) {
        String value = text.strip();
        boolean percent = value.endsWith("%");
        try {
            double number = Double.parseDouble(percent ? value.substring(0, value.length() - 1).strip() : value);
            double fraction = percent ? number / 100 : number;
            if (fraction > 0 && fraction < 1) {
                return fraction;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("same-within must be a share such as '10%' (more than 0%, less than 100%; got '" + text + "')");
    }
}
