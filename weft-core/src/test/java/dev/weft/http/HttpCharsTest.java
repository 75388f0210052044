package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HttpCharsTest {

    private static final String TCHAR = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String REG_NAME = "-._~!$&'()*+,;=0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    @Test
    void exactlyTheTcharsAreTokenCharacters() {
        for (int c = -1; c < 0x200; c++) {
            assertEquals(c >= 0 && TCHAR.indexOf(c) >= 0, HttpChars.isTokenChar(c), "code " + c);
        }
    }

    @Test
    void exactlyTheUnreservedAndSubDelimsAreRegNameCharacters() {
        for (int c = -1; c < 0x200; c++) {
            assertEquals(c >= 0 && REG_NAME.indexOf(c) >= 0, HttpChars.isRegNameChar(c), "code " + c);
        }
    }

    @Test
    void tokensAreOneOrMoreTchars() {
        assertTrue(HttpChars.isToken("GET"));
        assertTrue(HttpChars.isToken("X-Request-Id"));
        assertFalse(HttpChars.isToken(""));
        assertFalse(HttpChars.isToken("a b"));
        assertFalse(HttpChars.isToken("a:b"));
        assertFalse(HttpChars.isToken("caf\u00e9"));
    }
}
