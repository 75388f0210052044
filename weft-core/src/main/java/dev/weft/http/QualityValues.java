package dev.weft.http;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Weighted lists such as {@code Accept} and {@code Accept-Encoding} (RFC 9110, 12.4.2):
 * comma-separated elements, each a name with optional parameters, one of which may be the
 * weight {@code q}.
 */
public final class QualityValues {

    private QualityValues() {
    }

    /**
     * The highest weight among the elements of {@code fieldValues} whose lower-cased name
     * {@code matches}, or {@code -1} if none does. An element without {@code q} weighs 1; a
     * weight that does not parse, or lies outside 0..1, weighs 0.
     */
    public static double highest(Iterable<String> fieldValues, Predicate<String> matches) {
        double best = -1;
        for (String value : fieldValues) {
            for (String element : value.split(",")) {
                String[] parts = element.split(";");
                if (matches.test(parts[0].strip().toLowerCase(Locale.ROOT))) {
                    best = Math.max(best, weight(parts));
                }
            }
        }
        return best;
    }

    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(p.substring(2).strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
