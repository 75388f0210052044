package dev.weft.server.smuggling;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Line endings: bare LF and bare CR where CRLF belongs. RFC 9112 2.2 permits a recipient to
 * accept a bare LF and requires it to reject or replace a bare CR; accepting either is how a
 * lenient parser ends a line where a strict one does not, so weft takes the strict choice
 * the RFC allows: {@code 400} and close for every one, in the head and in chunked framing.
 * Empty lines before a request line are skipped (RFC 9112 2.2), a few at most.
 */
class LineEndingTest extends SmugglingHarness {

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /a HTTP/1.1\nHost: a\n\n",
        "GET /a HTTP/1.1\nHost: a\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\n\n",
        "GET /a HTTP/1.1\r\nHost: a\r\nX: 1\nContent-Length: 5\r\n\r\nhello",
        "GET /a HTTP/1.1\rHost: a\r\n\r\n",
        "GET /a\r HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\rX: b\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\nX: b\r\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\n\r\r\n",
        "\nGET /a HTTP/1.1\r\nHost: a\r\n\r\n",
        "\rGET /a HTTP/1.1\r\nHost: a\r\n\r\n",
        "\r\n\r\n\r\n\r\n\r\nGET /a HTTP/1.1\r\nHost: a\r\n\r\n",   // five empty lines: too many
        "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\rhello\r\n0\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r0\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\n\r\n",
    })
    void bareCrOrLfIs400AndClose(String vector) throws IOException {
        assertRejected(vector, 400);
    }

    @Test
    void oneToFourEmptyLinesBeforeARequestLineAreSkipped() throws IOException {
        assertServedAsIntended("\r\nGET /a HTTP/1.1\r\nHost: a\r\n\r\n", "/a");
        assertServedAsIntended("\r\n\r\n\r\n\r\nGET /a HTTP/1.1\r\nHost: a\r\n\r\n", "/a");
    }
}
