package dev.weft.files;

import dev.weft.http.QualityValues;
import java.util.List;

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
        List<String> values = List.of(header);
        double named = QualityValues.highest(values,
                name -> name.equals(coding) || (coding.equals("gzip") && name.equals("x-gzip")));
        double wildcard = QualityValues.highest(values, "*"::equals);
        return named >= 0 ? named > 0 : wildcard > 0;
    }
}
