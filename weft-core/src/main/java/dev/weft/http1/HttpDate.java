package dev.weft.http1;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} header line, formatted once per second rather than once per response
 * (RFC 9110 5.6.7 IMF-fixdate).
 */
public final class HttpDate {

    /** IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    public static final DateTimeFormatter FORMAT = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private record Line(long second, byte[] bytes) {
    }

    private static volatile Line current = new Line(-1, new byte[0]);

    private HttpDate() {
    }

    /** {@code "Date: <now>\r\n"} as bytes; shared, do not modify. */
    public static byte[] headerLine() {
        long now = System.currentTimeMillis() / 1000;
        Line line = current;
        if (line.second != now) {
            // Racing threads may each format the same second; harmless and lock-free.
            String text = "Date: " + format(now) + "\r\n";
            line = new Line(now, text.getBytes(StandardCharsets.US_ASCII));
            current = line;
        }
        return line.bytes;
    }

    /** Formats epoch seconds as an IMF-fixdate. */
    public static String format(long epochSecond) {
        // RFC_1123 prints single-digit days without padding; IMF-fixdate needs two digits.
        String s = FORMAT.format(Instant.ofEpochSecond(epochSecond));
        return s.charAt(6) == ' ' ? s.substring(0, 5) + "0" + s.substring(5) : s;
    }
}
