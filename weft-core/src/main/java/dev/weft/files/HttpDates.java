package dev.weft.files;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** HTTP dates (RFC 9110, 5.6.7): IMF-fixdate out; IMF-fixdate, RFC 850 and asctime in. */
final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /** Two-digit years: RFC 9110 reads one more than 50 years ahead as the past century. */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).minusYears(49))
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US)
            .withZone(ZoneOffset.UTC);
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
                return ZonedDateTime.parse(v, format).toEpochSecond();
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return Long.MIN_VALUE;
    }
}
