package dev.weft.http1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.http.RequestLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property: what {@link ChunkedOutputStream} writes, {@link ChunkedBody} reads back (RFC 9112
 * 7.1), for any body, any split of the body into writes, and any split of the wire into
 * socket reads; and the decoder stops exactly at the end of the body, leaving the next
 * message untouched.
 */
class ChunkedRoundTripProperties {

    private static final byte[] NEXT = "GET /next HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Property(tries = 300)
    void encodedBodiesDecodeToThemselves(
            @ForAll @Size(max = 20_000) byte[] body,
            @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 5000) Integer> writeSizes,
            @ForAll @IntRange(min = 1, max = 9000) int readStep,
            @ForAll @IntRange(min = 1, max = 5000) int handlerBuffer) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (ChunkedOutputStream out = new ChunkedOutputStream(wire)) {
            int off = 0;
            for (int size : writeSizes) {
                int n = Math.min(size, body.length - off);
                out.write(body, off, n);
                off += n;
            }
            out.write(body, off, body.length - off);
        }
        wire.write(NEXT);

        RequestLimits limits = RequestLimits.DEFAULTS;
        ConnectionInput in = FuzzSupport.input(wire.toByteArray(), readStep, limits);
        ChunkedBody decoder = new ChunkedBody(in, limits);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        byte[] buf = new byte[handlerBuffer];
        for (int n; (n = decoder.read(buf, 0, buf.length)) >= 0; ) {
            decoded.write(buf, 0, n);
        }
        assertArrayEquals(body, decoded.toByteArray());
        byte[] rest = new byte[NEXT.length + 1];
        int n = 0;
        for (int r; n < rest.length && (r = in.read(rest, n, rest.length - n)) > 0; ) {
            n += r;
        }
        assertEquals(new String(NEXT, StandardCharsets.US_ASCII), new String(rest, 0, n, StandardCharsets.US_ASCII),
                "the decoder must stop at the end of the body");
    }
}
