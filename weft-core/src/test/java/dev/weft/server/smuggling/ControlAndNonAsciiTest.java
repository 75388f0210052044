package dev.weft.server.smuggling;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NUL, other control bytes and non-ASCII. RFC 9110 5.5: a field value is visible ASCII,
 * SP, HTAB and obs-text (0x80-0xFF); CR, LF and NUL are dangerous and MUST be rejected or
 * replaced, and weft refuses every other control byte and DEL too. Method and field name
 * are tokens (RFC 9110 5.6.2), the request-target is ASCII (RFC 9112 3.2). Each violation
 * is {@code 400} and close; obs-text in an ordinary value is legal and accepted.
 */
class ControlAndNonAsciiTest extends SmugglingHarness {

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f, 0x7f})
    void controlBytesInAValueAre400(int ch) throws IOException {
        assertRejected("GET /a HTTP/1.1\r\nHost: a\r\nX: a" + (char) ch + "b\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x09, 0x7f, 0x80, 0xc3, 0xff})
    void controlOrNonAsciiBytesInANameAre400(int ch) throws IOException {
        assertRejected("GET /a HTTP/1.1\r\nHost: a\r\nX" + (char) ch + "Y: b\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x09, 0x7f, 0x80, 0xe9, 0xff})
    void controlOrNonAsciiBytesInTheTargetAre400(int ch) throws IOException {
        assertRejected("GET /a" + (char) ch + "b HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x7f, 0x80, 0xc9, 0xff})
    void controlOrNonAsciiBytesInTheMethodAre400(int ch) throws IOException {
        assertRejected("G" + (char) ch + "T /a HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000GET /a HTTP/1.1\r\nHost: a\r\n\r\n", "GET /a HTTP/1.1\u0000\r\nHost: a\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\u0000\r\n\r\n", "GET /a HTTP/1.1\r\nHost: h\u00e9\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\n\u0000\r\n\r\n"})
    void nulOrNonAsciiElsewhereIs400(String vector) throws IOException {
        assertRejected(vector, 400);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x80, 0xa0, 0xe9, 0xff})
    void obsTextInAValueIsLegal(int ch) throws IOException {
        assertServedAsIntended("GET /a HTTP/1.1\r\nHost: a\r\nX-Name: caf" + (char) ch + "\r\n\r\n", "/a");
    }
}
