package dev.weft.server.smuggling;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * CL.TE and TE.CL: a request carrying both {@code Content-Length} and
 * {@code Transfer-Encoding}, the classic smuggling pair where a front end honours one and the
 * back end the other. RFC 9112 6.1 lets a server reject it, and says it MUST close the
 * connection after responding either way; RFC 9112 6.3 item 3 calls it a likely smuggling
 * attempt. weft answers {@code 400} and closes, whatever the order, spelling or values.
 */
class ClTeTest extends SmugglingHarness {

    @ParameterizedTest
    @ValueSource(strings = {
        // CL.TE: a CL front end forwards "0\r\n\r\nG..." as body; a TE back end would see a new request.
        "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        // TE.CL: a TE front end forwards the chunk; a CL back end would stop after 4 bytes.
        "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\n",
        "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n0\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: a\r\ncontent-length: 5\r\ntransfer-encoding: CHUNKED\r\n\r\n0\r\n\r\n",
        // the TE header obfuscated, still present: the pair alone is enough to refuse
        "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        // GET with both: no method is exempt
        "GET /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    })
    void bothFramingHeadersAre400AndClose(String vector) throws IOException {
        assertRejected(vector, 400);
    }

    @Test
    void transferEncodingInHttp10IsFaultyFramingAnd400() throws IOException {
        // RFC 9112 6.1: Transfer-Encoding in an HTTP/1.0 request is faulty framing; close after.
        assertRejected("POST /a HTTP/1.0\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n0\r\n\r\n", 400);
        assertRejected("POST /a HTTP/1.0\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400);
    }

    @Test
    void aRequestInsideAChunkedBodyIsBodyNotARequest() throws IOException {
        String inner = SMUGGLED;
        String vector = "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(inner.length()) + "\r\n" + inner + "\r\n0\r\n\r\n";
        var replies = assertServedAsIntended(vector, "/a");
        org.junit.jupiter.api.Assertions.assertEquals(inner, replies.get(0).text());
    }

    @Test
    void aRequestInsideAContentLengthBodyIsBodyNotARequest() throws IOException {
        String vector = "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED;
        var replies = assertServedAsIntended(vector, "/a");
        org.junit.jupiter.api.Assertions.assertEquals(SMUGGLED, replies.get(0).text());
    }
}
