package dev.weft.server.smuggling;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Field line syntax (RFC 9112 5, RFC 9110 5.1, 5.5): obs-fold (RFC 9112 5.2: a server MUST
 * reject it or replace it; weft rejects), whitespace between name and colon (RFC 9112 5.1:
 * MUST reject with 400), whitespace before the first field (RFC 9112 2.2), names that are
 * not tokens, lines without a colon, and {@code Host} rules (RFC 9112 3.2: exactly one in
 * HTTP/1.1, else 400). Each is how a field hides from one parser and not another.
 */
class FieldSyntaxTest extends SmugglingHarness {

    @ParameterizedTest
    @ValueSource(strings = {
        "X: a\r\n b\r\n",                        // obs-fold, SP
        "X: a\r\n\tb\r\n",                       // obs-fold, HTAB
        "X: a\r\n \r\n",
        "X : a\r\n",                             // SP before colon
        "X\t: a\r\n",                            // HTAB before colon
        "Content-Length : 5\r\n",
        ": a\r\n",                               // empty name
        "X\r\n",                                 // no colon
        "X Y: a\r\n",                            // space inside a name
        "X(Y): a\r\n",
        "X@Y: a\r\n",
        "X/Y: a\r\n",
        "X[Y]: a\r\n",
        "X=Y: a\r\n",
        "X\"Y: a\r\n",
        "X,Y: a\r\n",
        "X;Y: a\r\n",
        "X{Y}: a\r\n",
        "X?Y: a\r\n",
        "Host: b\r\n",                           // a second Host
        "host: a\r\n",
    })
    void badFieldLinesAre400AndClose(String line) throws IOException {
        assertRejected("GET /a HTTP/1.1\r\nHost: a\r\n" + line + "\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /a HTTP/1.1\r\n Host: a\r\n\r\n",          // whitespace before the first field
        "GET /a HTTP/1.1\r\n\tHost: a\r\n\r\n",
        "GET /a HTTP/1.1\r\n\r\n",                       // no Host in 1.1
        "GET /a HTTP/1.1\r\nHost: a b\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a/b\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a@b\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\nHost:\r\n\r\n",
        "GET /a HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET http://a/x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
    })
    void badHostOrFirstLineAre400AndClose(String vector) throws IOException {
        assertRejected(vector, 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "X-Empty:\r\n",
        "X-Empty: \t \r\n",
        "X:a\r\n",
        "X:  padded  \r\n",
        "X: inner\ttab and  spaces\r\n",
        "!#$%&'*+-.^_`|~09azAZ: token-chars\r\n",
    })
    void legalFieldLinesAreAccepted(String line) throws IOException {
        assertServedAsIntended("GET /a HTTP/1.1\r\nHost: a\r\n" + line + "\r\n", "/a");
    }
}
