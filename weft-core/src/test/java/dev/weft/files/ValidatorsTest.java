package dev.weft.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small header grammars: entity tags, HTTP dates, Accept-Encoding, media types. */
class ValidatorsTest {

    @ParameterizedTest(name = "{0} vs {1}: strong={2} weak={3}")
    @CsvSource(delimiter = '|', value = {
        "'\"a\"'            | '\"a\"'   | true  | true",
        "'W/\"a\"'          | '\"a\"'   | false | true",
        "'\"b\", \"a\"'     | '\"a\"'   | true  | true",
        "'\"b\",W/\"a\"'    | '\"a\"'   | false | true",
        "'*'                | '\"a\"'   | true  | true",
        "'\"ab\"'           | '\"a\"'   | false | false",
        "'\"a'              | '\"a\"'   | false | false",
        "'a'                | '\"a\"'   | false | false",
        "'\"a\"'            | 'W/\"a\"' | false | true",
    })
    void entityTagComparison(String header, String current, boolean strong, boolean weak) {
        assertEquals(strong, EntityTags.matchesStrong(header, current));
        assertEquals(weak, EntityTags.matchesWeak(header, current));
    }

    @Test
    void entityTagsChangeWithSizeAndNanoseconds() {
        String a = EntityTags.of(10, 1_000_000_001L, null);
        assertEquals(a, EntityTags.of(10, 1_000_000_001L, null));
        assertFalse(a.equals(EntityTags.of(10, 1_000_000_002L, null)));
        assertFalse(a.equals(EntityTags.of(11, 1_000_000_001L, null)));
        assertFalse(a.equals(EntityTags.of(10, 1_000_000_001L, "br")));
    }

    @Test
    void httpDatesInAllThreeFormats() {
        long t = 784111777L; // Sun, 06 Nov 1994 08:49:37 GMT
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(t));
        assertEquals(t, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(t, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(t, HttpDates.parse("Sun Nov  6 08:49:37 1994"));
        assertEquals(Long.MIN_VALUE, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 PST"));
        assertEquals(Long.MIN_VALUE, HttpDates.parse("1994-11-06"));
        assertEquals(Long.MIN_VALUE, HttpDates.parse(null));
        assertEquals("Thu, 01 Jan 1970 00:00:05 GMT", HttpDates.format(5));
    }

    @ParameterizedTest(name = "{0} accepts {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "gzip, deflate, br     | gzip | true",
        "gzip, deflate, br     | br   | true",
        "deflate               | gzip | false",
        "gzip;q=0              | gzip | false",
        "GZIP;Q=0.5            | gzip | true",
        "*                     | br   | true",
        "*;q=0, gzip           | gzip | true",
        "*;q=0, gzip           | br   | false",
        "br;q=0, *             | br   | false",
        "x-gzip                | gzip | true",
        "identity              | gzip | false",
        "gzip;q=nonsense       | gzip | false",
    })
    void acceptEncoding(String header, String coding, boolean accepted) {
        assertEquals(accepted, AcceptEncoding.accepts(header, coding));
    }

    @Test
    void mediaTypes() {
        MediaTypes types = new MediaTypes();
        assertEquals("text/html; charset=utf-8", types.typeOf(Path.of("A.HTML")));
        assertEquals("text/javascript; charset=utf-8", types.typeOf(Path.of("m.mjs")));
        assertEquals("font/woff2", types.typeOf(Path.of("f.woff2")));
        assertEquals("application/wasm", types.typeOf(Path.of("x.wasm")));
        assertEquals("image/avif", types.typeOf(Path.of("x.avif")));
        assertEquals("application/octet-stream", types.typeOf(Path.of(".bashrc")));
        assertEquals("application/octet-stream", types.typeOf(Path.of("trailing.")));
        assertTrue(MediaTypes.compressible("text/css; charset=utf-8"));
        assertTrue(MediaTypes.compressible("image/svg+xml"));
        assertFalse(MediaTypes.compressible("image/png"));
        assertFalse(MediaTypes.compressible("application/zip"));
        assertFalse(MediaTypes.compressible("font/woff2"));
    }
}
