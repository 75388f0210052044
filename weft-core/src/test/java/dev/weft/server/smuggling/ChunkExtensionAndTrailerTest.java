package dev.weft.server.smuggling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chunk extensions and trailer sections (RFC 9112 7.1.1, 7.1.2). Extensions are legal and
 * ignored; a parser that ends the size line at a bare LF or CR inside one, or that lets one
 * grow without bound, can be walked out of step, so those are {@code 400} and close.
 * Trailer fields follow the header field rules; framing fields in a trailer must not change
 * the framing (RFC 9110 6.5.1): weft keeps trailers apart from the header section, for
 * {@code Request.trailers()} only, so they never do.
 */
class ChunkExtensionAndTrailerTest extends SmugglingHarness {

    private static final String POST = "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    @ParameterizedTest
    @ValueSource(strings = {
        "5;name=value\r\nhello\r\n0\r\n\r\n",
        "5;a;b=c;d=\"q;u\\\"o\"\r\nhello\r\n0\r\n\r\n",
        "5 ;a\r\nhello\r\n0;last\r\n\r\n",
        "5\t;\ta = b\r\nhello\r\n0\r\n\r\n",
        "5\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n",
        "5\r\nhello\r\n0\r\nContent-Length: 1000\r\n\r\n",           // framing in a trailer changes nothing
        "5\r\nhello\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n",
        "5\r\nhello\r\n0\r\nA: 1\r\nB: 2\r\nC:\r\n\r\n",
    })
    void legalExtensionsAndTrailersAreIgnored(String chunks) throws IOException {
        var replies = assertServedAsIntended(POST + chunks, "/a");
        assertEquals("hello", replies.get(0).text());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "5;a\nb\r\nhello\r\n0\r\n\r\n",          // bare LF inside an extension
        "5;a\rb\r\nhello\r\n0\r\n\r\n",          // bare CR inside an extension
        "5;a\n\r\nhello\r\n0\r\n\r\n",
        "5;\u0000\r\nhello\r\n0\r\n\r\n",
        "5;\u007f\r\nhello\r\n0\r\n\r\n",
        "5 a\r\nhello\r\n0\r\n\r\n",             // an extension without ';'
        "5;a\n",                                 // size line ended by a bare LF
        "5\r\nhello\r\n0\r\nX: a\r\n b\r\n\r\n", // obs-fold in a trailer
        "5\r\nhello\r\n0\r\nX : a\r\n\r\n",      // whitespace before colon in a trailer
        "5\r\nhello\r\n0\r\nX: a\nY: b\r\n\r\n", // bare LF in the trailer section
        "5\r\nhello\r\n0\r\nX: a\rY: b\r\n\r\n", // bare CR in the trailer section
        "5\r\nhello\r\n0\r\nX: a\u0000\r\n\r\n",
        "5\r\nhello\r\n0\r\nno colon\r\n\r\n",
        "5\r\nhello\r\n0\r\n: empty name\r\n\r\n",
        "5\r\nhello\r\n0\r\n\n",                // the final blank line as a bare LF
    })
    void brokenExtensionsAndTrailersAre400AndClose(String chunks) throws IOException {
        assertRejected(POST + chunks, 400);
    }

    @org.junit.jupiter.api.Test
    void anEndlessExtensionIs400() throws IOException {
        assertRejected(POST + "5;" + "a".repeat(5000) + "\r\nhello\r\n0\r\n\r\n", 400);
    }

    @org.junit.jupiter.api.Test
    void extensionsOutweighingTheDataAre400() throws IOException {
        // Each extension is within the per-line bound; together they are 200 KB for 50 bytes.
        String chunk = "1;" + "e".repeat(3999) + "\r\nx\r\n";
        var reply = assertRejected(POST + chunk.repeat(50) + "0\r\n\r\n", 400);
        assertEquals("chunk extensions outweigh the data\n", reply.text());
    }

    @org.junit.jupiter.api.Test
    void aTrailerSectionOverTheHeaderLimitIs431() throws IOException {
        StringBuilder trailers = new StringBuilder();
        for (int i = 0; trailers.length() < 17_000; i++) {
            trailers.append("X-T").append(i).append(": ").append("v".repeat(100)).append("\r\n");
        }
        assertRejected(POST + "5\r\nhello\r\n0\r\n" + trailers + "\r\n", 431);
    }
}
