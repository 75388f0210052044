package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.FakeRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The core's hand-written JSON escaping and Accept negotiation for error bodies. */
class JsonTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "plain | \"plain\"",
            "say \"hi\" | \"say \\\"hi\\\"\"",
            "back\\slash | \"back\\\\slash\"",
            "</script> | \"\\u003c/script\\u003e\"",
            "a&b | \"a\\u0026b\"",
            "é ü 日本 | \"é ü 日本\"",
    })
    void quotes(String text, String expected) {
        assertEquals(expected, JsonText.quote(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\t", "\b", "\f", "\u0000", "\u001f", "\u2028", "\u2029"})
    void controlAndLineSeparatorCharactersAreEscaped(String c) {
        String quoted = JsonText.quote("x" + c + "y");
        assertTrue(quoted.matches("\"x\\\\(n|r|t|b|f|u[0-9a-f]{4})y\""), quoted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/problem+json", "text/plain;q=0.5, application/json",
            "application/json, text/plain", "*/*, application/json;q=0.9"})
    void jsonIsChosenWhenPreferred(String accept) {
        assertTrue(ErrorResponses.wantsJson(new FakeRequest("GET", "/").header("Accept", accept)), accept);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "*/*", "text/plain, application/json;q=0.5", "application/json;q=0", "application/xml"})
    void textIsChosenOtherwise(String accept) {
        assertFalse(ErrorResponses.wantsJson(new FakeRequest("GET", "/").header("Accept", accept)), accept);
    }
}
