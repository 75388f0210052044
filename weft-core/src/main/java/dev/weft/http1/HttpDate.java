package dev.weft.http1;

import dev.weft.http.HttpDates;
import java.nio.charset.StandardCharsets;

/**
 * The {@code Date} header line, formatted (by {@link HttpDates#format}) once per second rather
 * than once per response.
 */
public final class HttpDate {

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
            String text = "Date: " + HttpDates.format(now) + "\r\n";
            line = new Line(now, text.getBytes(StandardCharsets.US_ASCII));
            current = line;
        }
        return line.bytes;
    }
}
