package dev.weft.server.smuggling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TE.TE: a {@code Transfer-Encoding} that one parser reads as chunked and another does not
 * ({@code xchunked}, {@code chunked, identity}, a tab, a quote, a fold, odd case). RFC 9112
 * 6.3 item 4: if chunked is not the final coding the length cannot be determined, so the
 * server MUST answer {@code 400} and close; RFC 9112 6.1: an unknown coding with chunked last
 * SHOULD get {@code 501}. Coding names are case-insensitive and OWS around a value is not
 * part of it (RFC 9110 5.5, 7.3), so those spellings are chunked and are served as such.
 */
class TeTeObfuscationTest extends SmugglingHarness {

    private static final String POST = "POST /a HTTP/1.1\r\nHost: a\r\n";

    @ParameterizedTest
    @ValueSource(strings = {
        "Transfer-Encoding: xchunked\r\n",
        "Transfer-Encoding: chunkedx\r\n",
        "Transfer-Encoding: chunk\r\n",
        "Transfer-Encoding: identity\r\n",
        "Transfer-Encoding: gzip\r\n",
        "Transfer-Encoding: chunked, identity\r\n",
        "Transfer-Encoding: chunked,identity\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n",
        "Transfer-Encoding: chunked, chunked\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: \"chunked\"\r\n",
        "Transfer-Encoding: chunked;q=1\r\n",
        "Transfer-Encoding: chu nked\r\n",
        "Transfer-Encoding: chu\tnked\r\n",
        "Transfer-Encoding: ch\u00fcnked\r\n",
        "Transfer-Encoding: \u000bchunked\r\n",
        "Transfer-Encoding: chunked\u000c\r\n",
        "Transfer-Encoding: ,chunked\r\n",
        "Transfer-Encoding: chunked,\r\n",
        "Transfer-Encoding:\r\n",
        "Transfer-Encoding : chunked\r\n",
        "Transfer-Encoding\t: chunked\r\n",
        "Transfer-Encoding\u0000: chunked\r\n",
        "Transfer-Encoding:\r\n chunked\r\n",
        "X-Pad: x\r\n\tTransfer-Encoding: chunked\r\n",
        "X-Pad: x\r\n Transfer-Encoding: chunked\r\n",
        "Transfer-Encoding\u00a0: chunked\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: \r\n",
    })
    void ambiguousCodingsAre400AndClose(String teLines) throws IOException {
        assertRejected(POST + teLines + "\r\n0\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip, chunked", "identity, chunked", "x-custom, chunked"})
    void unknownCodingBeforeChunkedIs501AndClose(String codings) throws IOException {
        assertRejected(POST + "Transfer-Encoding: " + codings + "\r\n\r\n0\r\n\r\n", 501);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Transfer-Encoding: chunked",
        "Transfer-Encoding: CHUNKED",
        "Transfer-Encoding: Chunked",
        "transfer-encoding: chunked",
        "TRANSFER-ENCODING: chunked",
        "Transfer-Encoding:chunked",
        "Transfer-Encoding: \tchunked \t",
        "Transfer-Encoding:\t\tchunked",
    })
    void legalSpellingsOfChunkedAreChunked(String te) throws IOException {
        // The chunk holds a whole request: read as anything but chunked, it would run.
        String vector = POST + te + "\r\n\r\n" + Integer.toHexString(SMUGGLED.length()) + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n";
        var replies = assertServedAsIntended(vector, "/a");
        assertEquals(SMUGGLED, replies.get(0).text());
    }
}
