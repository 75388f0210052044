package dev.weft.http1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

/**
 * Fuzzes the chunked body decoder (RFC 9112 7.1).
 *
 * <p>Guards: for any bytes, {@link ChunkedBody} either decodes a body no larger than the
 * limit and stops exactly after its last chunk and trailers, or fails with
 * {@link ProtocolException} (400, 413 or 431) or {@link EOFException} and marks itself
 * broken; never another exception, never a loop. The outcome, the decoded bytes and where the
 * next message starts do not depend on how the socket splits the bytes, and what was decoded
 * comes back unchanged through {@link ChunkedOutputStream} and the decoder again.
 *
 * <p>Regular build: corpus replay plus 10 s of fuzzing; see docs/FUZZING.md.
 */
public class ChunkedBodyFuzzTest {

    /** Entry point for the standalone Jazzer driver, for long runs: scripts/fuzz.sh. */
    public static void fuzzerTestOneInput(byte[] input) throws IOException {
        new ChunkedBodyFuzzTest().chunkedDecoderAnswersOrRefuses(input);
    }

    @FuzzTest(maxDuration = "10s")
    void chunkedDecoderAnswersOrRefuses(byte[] input) throws IOException {
        byte[] wire = FuzzSupport.wire(input);
        Outcome whole = decode(wire, wire.length + 1);
        Outcome split = decode(wire, FuzzSupport.readSize(input));
        assertEquals(whole.describe(), split.describe(), "the split of the bytes changed the outcome");

        if (whole.body != null) {
            assertTrue(whole.body.length <= FuzzSupport.SMALL.maxBodyBytes(), "body over the limit");
            ByteArrayOutputStream encoded = new ByteArrayOutputStream();
            try (ChunkedOutputStream out = new ChunkedOutputStream(encoded)) {
                out.write(whole.body);
            }
            Outcome again = decode(encoded.toByteArray(), 7);
            assertArrayEquals(whole.body, again.body, "encoder and decoder disagree");
            assertEquals(0, again.rest.length);
        }
    }

    /** The decoded body and the bytes left for the next message, or the failure. */
    private record Outcome(byte[] body, byte[] rest, String failure) {
        String describe() {
            return failure != null ? failure : Arrays.toString(body) + " rest " + Arrays.toString(rest);
        }
    }

    private static Outcome decode(byte[] wire, int step) throws IOException {
        ConnectionInput in = FuzzSupport.input(wire, step, FuzzSupport.SMALL);
        ChunkedBody body = new ChunkedBody(in, FuzzSupport.SMALL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 + step % 13];
        try {
            for (int n; (n = body.read(buf, 0, buf.length)) >= 0; ) {
                out.write(buf, 0, n);
                assertTrue(out.size() <= wire.length, "decoded more than was sent");
            }
        } catch (ProtocolException e) {
            assertTrue(e.status() == 400 || e.status() == 413 || e.status() == 431, "status " + e.status());
            assertTrue(body.isBroken(), "a failed body must be broken");
            return new Outcome(null, null, "refused " + e.status());
        } catch (EOFException e) {
            assertTrue(body.isBroken(), "a truncated body must be broken");
            return new Outcome(null, null, "truncated");
        }
        assertTrue(body.isComplete());
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        for (int ch; (ch = in.read()) >= 0; ) {
            rest.write(ch);
        }
        return new Outcome(out.toByteArray(), rest.toByteArray(), null);
    }
}
