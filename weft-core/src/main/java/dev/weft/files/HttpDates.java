package dev.weft.files;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** HTTP dates (RFC 9110, 5.6.7): IMF-fixdate out; IMF-fixdate, RFC 850 and asctime in. */
final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC_850 =
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    /** Epoch seconds as an IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static String format(long epochSecond) {
        return IMF_FIXDATE.format(java.time.Instant.ofEpochSecond(epochSecond));
    }

    /** The epoch seconds of an HTTP date, or {@code Long.MIN_VALUE} if it is not one (then the field is ignored). */
    static long parse(String value) {
        if (value == null || value.length() > 64) {
            return Long.MIN_VALUE;
        }
        String v = value.strip();
        for (DateTimeFormatter format : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850, ASCTIME}) {
            try {
                ZonedDateTime t = ZonedDateTime.parse(v, format);
                if (format == RFC_850 && t.getYear() > ZonedDateTime.now(ZoneOffset.UTC).getYear() + 50) {
                    t = t.minusYears(100); // RFC 9110: a two-digit year more than 50 years ahead is in the past
                }
                return t.toEpochSecond();
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return Long.MIN_VALUE;
    }
}
