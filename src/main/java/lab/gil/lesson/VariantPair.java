package lab.gil.lesson;

import java.util.ArrayList;
import java.util.List;

/**
 * One comparison a verdict reads, as an experiment's {@code # compare:} header declares it: {@code compared} against
 * {@code baseline}, both variant names given to {@code lab.compare}. Without the header every variant is read
 * against the first, which says nothing when the variants come in unrelated pairs ("computing, asyncio" against
 * "computing, sync", "waiting, asyncio" against "waiting, sync").
 */
public record VariantPair(String compared, String baseline) {
    private static final String VS = " vs ";

    public VariantPair {
        if (compared.isBlank() || baseline.isBlank()) {
            throw new IllegalArgumentException("compare needs a variant on each side of 'vs'");
        }
        if (compared.equals(baseline)) {
            throw new IllegalArgumentException("compare names '" + compared + "' on both sides of 'vs'");
        }
    }

    /** "B vs A | D vs C", the last pair heading the result; throws IllegalArgumentException with a sentence for the author. */
    static List<VariantPair> parseAll(String text) {
        List<VariantPair> pairs = new ArrayList<>();
        for (String part : text.split("\\|")) {
            String[] sides = part.split(VS, -1);
            if (sides.length != 2) {
                throw new IllegalArgumentException("compare must read 'VARIANT vs BASELINE', pairs separated by '|' (got '"
                        + part.strip() + "')");
            }
            VariantPair pair = new VariantPair(sides[0].strip(), sides[1].strip());
            if (pairs.contains(pair)) {
                throw new IllegalArgumentException("compare names '" + part.strip() + "' twice");
            }
            pairs.add(pair);
        }
        return List.copyOf(pairs);
    }
}
