package dev.weft.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DirectoryListingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, 0 B", "1023, 1023 B", "1024, 1.0 KiB", "1536, 1.5 KiB", "1048575, 1023.9 KiB",
        "1048576, 1.0 MiB", "104857600, 100.0 MiB", "2147483648, 2.0 GiB", "9223372036854775807, 7.9 EiB",
    })
    void humanSizes(long bytes, String text) {
        assertEquals(text, DirectoryListing.humanSize(bytes));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1970-01-01T00:00:00Z, 1970-01-01 00:00", "2026-11-23T18:09:59Z, 2026-11-23 18:09",
        "1999-12-31T23:59:59.999Z, 1999-12-31 23:59", "1969-12-31T23:59:00Z, 1969-12-31 23:59"})
    void timesInUtc(String instant, String text) {
        StringBuilder out = new StringBuilder();
        DirectoryListing.appendTime(out, Instant.parse(instant).toEpochMilli());
        assertEquals(text, out.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"a b|a%20b", "ü|%C3%BC", "x:y|x%3Ay", "?#%|%3F%23%25", "a.b-c_d~|a.b-c_d~",
        "'\"<&>'|%22%3C%26%3E"})
    void linksEncodeEverythingButUnreserved(String name, String href) {
        assertEquals(href, DirectoryListing.encode(name));
    }
}
