package dev.weft.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110, 5.6.7), as in {@code Date}, {@code Last-Modified} and
 * {@code If-Modified-Since}: IMF-fixdate out; IMF-fixdate and the obsolete RFC 850 and asctime
 * forms in. The one formatter and parser of the codec's {@code Date} header and of the files'
 * validators.
 */
public final class HttpDates {

    /** What {@link #parse} returns for a value that is not an HTTP date. */
    public static final long INVALID = Long.MIN_VALUE;

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
    public static String format(long epochSecond) {
        return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
    }

    /**
     * The epoch seconds of an HTTP date in any of the three forms, or {@link #INVALID} if
     * {@code value} is {@code null} or not one (a recipient then ignores the field).
     */
    public static long parse(String value) {
        if (value == null || value.length() > 64) {
            return INVALID;
        }
        String v = value.strip();
        for (DateTimeFormatter format : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850, ASCTIME}) {
            try {
                return ZonedDateTime.parse(v, format).toEpochSecond();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return INVALID;
    }
}
