package dev.weft.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.http.HttpException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathResolverTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "plain.txt          | plain.txt",
        "a%20b              | a b",
        "%C3%BC             | ü",
        "%e2%82%ac          | €",
        "a+b                | a+b",
        "100%25             | 100%",
        "%3F%23%3A          | ?#:",
        "%2e                | .",
    })
    void decodesOneSegment(String raw, String decoded) {
        assertEquals(decoded, PathResolver.decodeSegment(raw, 0, raw.length()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%2f", "%2F", "%5c", "%5C", "a\\b", "%00", "%0a", "%7f", "%", "%4", "%g0", "%c0%ae", "%ff",
        "%e2%82"})
    void refusesWhatCouldEscapeOrIsNotUtf8(String raw) {
        HttpException e = assertThrows(HttpException.class, () -> PathResolver.decodeSegment(raw, 0, raw.length()));
        assertEquals(400, e.status());
    }
}
