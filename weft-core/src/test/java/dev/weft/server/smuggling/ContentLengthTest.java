package dev.weft.server.smuggling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Content-Length} games: duplicates, lists, signs, padding inside the digits, other
 * bases, overflow. RFC 9110 8.6 defines it as {@code 1*DIGIT}; RFC 9112 6.3 item 5 says an
 * invalid value is unrecoverable framing: {@code 400} and close. weft also refuses repeated
 * and list values, even identical ones (RFC 9110 8.6 allows but does not require accepting
 * them). OWS around the value and leading zeros are legal and mean what they say.
 */
class ContentLengthTest extends SmugglingHarness {

    private static final String POST = "POST /a HTTP/1.1\r\nHost: a\r\n";

    @ParameterizedTest
    @ValueSource(strings = {
        "Content-Length: 3\r\nContent-Length: 3\r\n",
        "Content-Length: 3\r\nContent-Length: 30\r\n",
        "Content-Length: 3\r\ncontent-length: 4\r\n",
        "Content-Length: 3, 3\r\n",
        "Content-Length: 3,3\r\n",
        "Content-Length: 3,\r\n",
        "Content-Length: +3\r\n",
        "Content-Length: -3\r\n",
        "Content-Length: 3.0\r\n",
        "Content-Length: 0x3\r\n",
        "Content-Length: 3a\r\n",
        "Content-Length: 1e1\r\n",
        "Content-Length: 3 3\r\n",
        "Content-Length: 3\t3\r\n",
        "Content-Length: \"3\"\r\n",
        "Content-Length:\r\n",
        "Content-Length: \u00b3\r\n",
        "Content-Length: 99999999999999999999999\r\n",
        "Content-Length: 18446744073709551619\r\n",
        "Content-Length: 3\u0000\r\n",
        "Content-Length : 3\r\n",
        "Content-Length:\r\n 3\r\n",
    })
    void malformedOrRepeatedLengthsAre400AndClose(String lines) throws IOException {
        assertRejected(POST + lines + "\r\nabc", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"65537", "999999999999999999", "000000000000065537"})
    void lengthsOverTheBodyLimitAre413AndClose(String value) throws IOException {
        // RFC 9110 15.5.14: 413; the body is not read, so the connection cannot continue.
        assertRejected(POST + "Content-Length: " + value + "\r\n\r\nabc", 413);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: %d", "content-length: %d", "Content-Length:%d",
        "Content-Length:  %d \t", "Content-Length: 000%d"})
    void legalSpellingsFrameTheBodyExactly(String format) throws IOException {
        // The body is a whole request: if the length were misread, it would run.
        String vector = POST + String.format(format, SMUGGLED.length()) + "\r\n\r\n" + SMUGGLED;
        var replies = assertServedAsIntended(vector, "/a");
        assertEquals(SMUGGLED, replies.get(0).text());
    }

    @Test
    void aLengthShorterThanTheDataLeavesTheRestAsTheNextRequest() throws IOException {
        // RFC 9112 6.3: the body ends where the length says; what follows is the next request.
        var replies = assertServedAsIntended(POST + "Content-Length: 3\r\n\r\nabc", "/a");
        assertEquals("abc", replies.get(0).text());
    }

    @Test
    void aGetMayCarryABodyAndItIsConsumed() throws IOException {
        String vector = "GET /a HTTP/1.1\r\nHost: a\r\nContent-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED;
        assertServedAsIntended(vector, "/a");
    }

    @Test
    void aLengthLongerThanTheDataSwallowsWhatFollowsAndNeverRunsIt() throws IOException {
        assertSwallowedThenClosed(POST + "Content-Length: 1000\r\n\r\nabc");
    }
}
