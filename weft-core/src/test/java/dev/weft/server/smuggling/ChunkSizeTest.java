package dev.weft.server.smuggling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chunk sizes (RFC 9112 7.1: {@code chunk-size = 1*HEXDIG}): overflow past 64 bits (where a
 * parser that wraps around reads a small size), signs, prefixes, whitespace, non-hex digits,
 * and data that is longer or shorter than its size. Each is {@code 400} and close, because
 * the decoder cannot know where the chunk ends; a size past the body limit is {@code 413}.
 */
class ChunkSizeTest extends SmugglingHarness {

    private static final String POST = "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    @ParameterizedTest
    @ValueSource(strings = {
        "ffffffffffffffff\r\nhello\r\n0\r\n\r\n",           // 2^64-1: wraps to -1 in a signed long
        "10000000000000005\r\nhello\r\n0\r\n\r\n",          // 2^68+5: truncates to 5 in 64 bits
        "8000000000000000\r\nhello\r\n0\r\n\r\n",           // 2^63: negative as a long
        "00000000000000005\r\nhello\r\n0\r\n\r\n",          // 17 digits, even if zeros
        "-5\r\nhello\r\n0\r\n\r\n",
        "+5\r\nhello\r\n0\r\n\r\n",
        "0x5\r\nhello\r\n0\r\n\r\n",
        " 5\r\nhello\r\n0\r\n\r\n",
        "5 \r\nhello\r\n0\r\n\r\n",                         // BWS without an extension
        "\t5\r\nhello\r\n0\r\n\r\n",
        "5g\r\nhello\r\n0\r\n\r\n",
        "g\r\nhello\r\n0\r\n\r\n",
        "\r\nhello\r\n0\r\n\r\n",                           // empty size
        "5\u0000\r\nhello\r\n0\r\n\r\n",
        "\u00b9\r\nhello\r\n0\r\n\r\n",
        "5\r\nhelloXX\r\n0\r\n\r\n",                        // data longer than its size
        "5\r\nhel\r\n0\r\n\r\n",                            // data shorter than its size
        "5\r\nhello0\r\n\r\n",                              // no CRLF after data
        "5\r\nhello\r\n0\r\n",                              // no blank line after the last chunk: next bytes are a bad trailer
    })
    void badSizesAndMisfitDataAre400AndClose(String chunks) throws IOException {
        assertRejected(POST + chunks, 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10001\r\n", "fffffffffff\r\n", "0fffffffffffffff\r\n"})
    void sizesPastTheBodyLimitAre413AndClose(String size) throws IOException {
        assertRejected(POST + size + "hello\r\n0\r\n\r\n", 413);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5\r\nhello\r\n0\r\n\r\n", "05\r\nhello\r\n000\r\n\r\n",
        "2\r\nhe\r\n3\r\nllo\r\n0\r\n\r\n", "A\r\nhellohello\r\n0\r\n\r\n", "a\r\nhellohello\r\n0\r\n\r\n"})
    void legalSizesFrameTheBodyExactly(String chunks) throws IOException {
        var replies = assertServedAsIntended(POST + chunks, "/a");
        assertEquals(chunks.contains("A\r\n") || chunks.contains("a\r\n") ? "hellohello" : "hello", replies.get(0).text());
    }

    @Test
    void anEmptyLineAfterTheBodyIsSkippedBeforeTheNextRequest() throws IOException {
        // RFC 9112 2.2: a server SHOULD ignore at least one empty line before a request line.
        assertServedAsIntended(POST + "0\r\n\r\n\r\n", "/a");
    }

    @Test
    void aBodyCutOffInsideAChunkNeverRunsWhatWouldFollow() throws IOException {
        assertSwallowedThenClosed(POST + "100\r\nabc");
    }
}
