package dev.weft.files;

import java.util.Locale;

/** Whether an {@code Accept-Encoding} field (RFC 9110, 12.5.3) allows a content coding. */
final class AcceptEncoding {

    private AcceptEncoding() {
    }

    /**
     * Whether {@code coding} has a non-zero weight in {@code header}, named or through {@code *}.
     * No header means no preference for compression: identity only.
     */
    static boolean accepts(String header, String coding) {
        if (header == null || header.length() > 1024) {
            return false;
        }
        double named = -1;
        double wildcard = -1;
        for (String element : header.split(",")) {
            String[] parts = element.split(";");
            String name = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                    q = qvalue(p.substring(2));
                }
            }
            if (name.equals(coding) || (coding.equals("gzip") && name.equals("x-gzip"))) {
                named = Math.max(named, q);
            } else if (name.equals("*")) {
                wildcard = Math.max(wildcard, q);
            }
        }
        return named >= 0 ? named > 0 : wildcard > 0;
    }

    private static double qvalue(String s) {
        try {
            double q = Double.parseDouble(s.strip());
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
