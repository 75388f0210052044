package dev.weft.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.filters.CompressionFilter;
import dev.weft.http.Gzip;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small header grammars: entity tags, Accept-Encoding, media types. */
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
    }

    /** Static files gzip on the fly exactly what {@code CompressionFilter} would compress. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "a.css   | true", "a.html | true", "a.js   | true", "a.json | true", "a.svg  | true",
        "a.wasm  | true", "a.ico  | true", "a.ttf  | true", "a.xml  | true", "a.webmanifest | true",
        "a.png   | false", "a.woff2 | false", "a.zip | false", "a.gz | false", "a.mp4 | false",
    })
    void filesAndTheCompressionFilterAgreeOnWhatIsCompressible(String name, boolean compressible) {
        String type = new MediaTypes().typeOf(name);
        assertEquals(compressible, Gzip.compressible(type), type);
        assertEquals(compressible, CompressionFilter.isCompressible(type), type);
    }
}
