package dev.weft.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.http.RequestLimits;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the request head parser (RFC 9112 2-5), alone and behind {@link ConnectionInput}.
 *
 * <p>Guards: for any bytes, {@link RequestHeadParser} returns a head that satisfies the
 * framing invariants or throws {@link ProtocolException} with a codec status; it never throws
 * anything else, never loops, and never reads past the head it reports. Read through
 * {@link ConnectionInput} as pipelined requests, the same bytes give the same heads and the
 * same final answer however the socket splits them (a parser whose answer depended on the
 * split would read the next request at a different place than its peer).
 *
 * <p>In the regular build this replays the committed corpus in
 * {@code src/test/resources/dev/weft/http1/RequestHeadParserFuzzTestInputs/} and fuzzes for
 * 10 s; see docs/FUZZING.md for a longer run.
 */
public class RequestHeadParserFuzzTest {

    /** Entry point for the standalone Jazzer driver, for long runs: scripts/fuzz.sh. */
    public static void fuzzerTestOneInput(byte[] input) throws IOException {
        new RequestHeadParserFuzzTest().headParserAnswersOrRefuses(input);
    }

    @FuzzTest(maxDuration = "10s")
    void headParserAnswersOrRefuses(byte[] input) throws IOException {
        byte[] wire = FuzzSupport.wire(input);
        RequestLimits limits = FuzzSupport.SMALL;

        // The pure function.
        try {
            int end = RequestHeadParser.findHeadEnd(wire, 0, wire.length, limits);
            if (end >= 0) {
                assertTrue(end <= wire.length && end <= limits.maxHeadBytes() + 4, "head end " + end);
                checkInvariants(RequestHeadParser.parse(wire, 0, end, limits), limits);
            }
        } catch (ProtocolException e) {
            assertTrue(FuzzSupport.CODEC_STATUSES.contains(e.status()), "status " + e.status());
        }

        // Behind a connection, in one read and in small reads: the same answers.
        assertEquals(readAll(wire, wire.length + 1, limits), readAll(wire, FuzzSupport.readSize(input), limits),
                "the split of the bytes changed what was parsed");
    }

    /** Reads heads (skipping no body) until EOF or an error; returns what happened, as text. */
    private static List<String> readAll(byte[] wire, int step, RequestLimits limits) throws IOException {
        ConnectionInput in = FuzzSupport.input(wire, step, limits);
        List<String> outcome = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            try {
                RequestHead head = in.readHead(() -> { });
                if (head == null) {
                    outcome.add("EOF");
                    return outcome;
                }
                checkInvariants(head, limits);
                outcome.add(head.method() + " " + head.target() + " " + head.minorVersion() + " " + head.headers()
                        + " " + head.contentLength() + " " + head.keepAlive() + " " + head.expectContinue());
                if (head.contentLength() != 0) {
                    return outcome; // a body follows: its decoder is the other fuzz target
                }
            } catch (ProtocolException e) {
                assertTrue(FuzzSupport.CODEC_STATUSES.contains(e.status()), "status " + e.status());
                outcome.add("refused " + e.status());
                return outcome;
            } catch (EOFException e) {
                outcome.add("truncated");
                return outcome;
            }
        }
        return outcome;
    }

    private static void checkInvariants(RequestHead head, RequestLimits limits) {
        assertTrue(!head.method().isEmpty() && !head.target().isEmpty(), "empty method or target");
        assertTrue(head.minorVersion() >= 0 && head.minorVersion() <= 9, "minor version");
        assertTrue(head.contentLength() == RequestHead.CHUNKED
                || (head.contentLength() >= 0 && head.contentLength() <= limits.maxBodyBytes()), "content length");
        assertTrue(head.headers().size() <= limits.maxHeaderCount(), "header count");
        if (head.contentLength() == RequestHead.CHUNKED) {
            assertTrue(head.isHttp11(), "chunked in HTTP/1.0");
            assertEquals(0, head.headers().count("Content-Length"), "chunked with Content-Length");
        }
        if (head.headers().count("Content-Length") > 0) {
            assertEquals(0, head.headers().count("Transfer-Encoding"), "Content-Length with Transfer-Encoding");
        }
    }
}
