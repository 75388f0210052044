package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HttpDatesTest {

    @Test
    void httpDatesInAllThreeFormats() {
        long t = 784111777L; // Sun, 06 Nov 1994 08:49:37 GMT
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(t));
        assertEquals(t, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(t, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(t, HttpDates.parse("Sun Nov  6 08:49:37 1994"));
        assertEquals(HttpDates.INVALID, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 PST"));
        assertEquals(HttpDates.INVALID, HttpDates.parse("1994-11-06"));
        assertEquals(HttpDates.INVALID, HttpDates.parse(null));
        assertEquals(Long.MIN_VALUE, HttpDates.INVALID);
        assertEquals("Thu, 01 Jan 1970 00:00:05 GMT", HttpDates.format(5));
    }

    @Test
    void singleDigitDaysArePaddedToTwo() {
        assertEquals("Wed, 01 Mar 2023 00:00:00 GMT", HttpDates.format(1677628800L));
        assertEquals(1677628800L, HttpDates.parse("Wed, 01 Mar 2023 00:00:00 GMT"));
    }
}
