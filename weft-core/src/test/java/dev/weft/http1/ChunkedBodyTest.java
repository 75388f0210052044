package dev.weft.http1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.RequestLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The chunked decoder and encoder over in-memory streams: no sockets. */
class ChunkedBodyTest {

    private static ConnectionInput input(String bytes) {
        return input(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ConnectionInput input(byte[] bytes) {
        return new ConnectionInput(new ByteArrayInputStream(bytes), RequestLimits.DEFAULTS, () -> { });
    }

    @Test
    void decodesChunksExtensionsAndTrailersThenStopsAtTheNextMessage() throws IOException {
        ConnectionInput in = input("4;name=\"va;l\"\r\nWiki\r\n5 ; x\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n"
                + "0\r\nExpires: never\r\n\r\nNEXT");
        ChunkedBody body = new ChunkedBody(in, RequestLimits.DEFAULTS);
        assertEquals("Wikipedia in\r\n\r\nchunks.", new String(body.readAllBytes(), StandardCharsets.US_ASCII));
        assertTrue(body.isComplete());
        byte[] rest = new byte[10];
        int n = in.read(rest, 0, rest.length);
        assertEquals("NEXT", new String(rest, 0, n, StandardCharsets.US_ASCII), "the next message is left unread");
    }

    @Test
    void encoderOutputDecodesBackForRandomSplits() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[random.nextInt(5000)];
            random.nextBytes(data);
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            ChunkedOutputStream chunks = new ChunkedOutputStream(wire);
            int off = 0;
            while (off < data.length) {
                int n = Math.min(data.length - off, random.nextInt(700));
                chunks.write(data, off, n);
                off += n;
            }
            chunks.finish();
            // Deliver the wire bytes in random small pieces, as a socket might.
            InputStream trickle = new TrickleStream(wire.toByteArray(), random);
            ConnectionInput in = new ConnectionInput(trickle, RequestLimits.DEFAULTS, () -> { });
            ChunkedBody body = new ChunkedBody(in, RequestLimits.DEFAULTS);
            assertArrayEquals(data, body.readAllBytes(), "round " + round);
            assertTrue(body.isComplete());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "zz\r\n",                                  // not hex
        "-1\r\n",                                  // signed
        "+1\r\nx\r\n0\r\n\r\n",
        "0x5\r\nhello\r\n0\r\n\r\n",
        "11111111111111111\r\n",                   // 17 hex digits
        "ffffffffffffffff\r\n",                    // overflows a signed long
        "5\r\nhelloX\r\n0\r\n\r\n",                // data longer than the size
        "5\nhello\r\n0\r\n\r\n",                   // bare LF after size
        "5\r\nhello\n0\r\n\r\n",                   // bare LF after data
        "5\r\nhello\r\n0\r\nX: y\n\r\n",           // bare LF in trailer
        "5\r\nhello\r\n0\r\nX : y\r\n\r\n",        // bad trailer field
        "5 x\r\nhello\r\n0\r\n\r\n",               // junk where an extension should be
        "5;\u0001\r\nhello\r\n0\r\n\r\n",          // control byte in extension
        "\r\n",                                     // empty size
    })
    void malformedChunkedBodiesFailAndBreakTheConnection(String wire) {
        ChunkedBody body = new ChunkedBody(input(wire), RequestLimits.DEFAULTS);
        ProtocolException e = assertThrows(ProtocolException.class, body::readAllBytes);
        assertEquals(400, e.status());
        assertTrue(body.isBroken());
    }

    @Test
    void truncatedBodyIsAnErrorNotAnEnd() {
        ChunkedBody body = new ChunkedBody(input("5\r\nhel"), RequestLimits.DEFAULTS);
        assertThrows(IOException.class, body::readAllBytes);
        assertTrue(body.isBroken());
    }

    @Test
    void bodyLimitIs413() {
        RequestLimits limits = RequestLimits.DEFAULTS.withMaxBodyBytes(8);
        ChunkedBody body = new ChunkedBody(input("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"), limits);
        assertEquals(413, assertThrows(ProtocolException.class, body::readAllBytes).status());
    }

    @Test
    void longExtensionIsRefused() {
        String wire = "5;" + "a".repeat(ChunkedBody.MAX_EXTENSION_BYTES + 1) + "\r\nhello\r\n0\r\n\r\n";
        assertEquals(400, assertThrows(ProtocolException.class,
                new ChunkedBody(input(wire), RequestLimits.DEFAULTS)::readAllBytes).status());
    }

    /** {@code count} chunks of {@code data} bytes each, each with an extension of {@code extension} bytes. */
    private static byte[] chunks(int count, int data, int extension) {
        String ext = extension == 0 ? "" : ";" + "e".repeat(extension - 1);
        String chunk = Integer.toHexString(data) + ext + "\r\n" + "x".repeat(data) + "\r\n";
        return (chunk.repeat(count) + "0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void extensionsOutweighingTheDataAre400AndReadingStopsEarly() {
        // 2,000 one-byte chunks, each with a 4,000-byte extension: 8 MB on the wire for 2 KB of data.
        byte[] wire = chunks(2000, 1, 4000);
        ConnectionInput in = input(wire);
        ChunkedBody body = new ChunkedBody(in, RequestLimits.DEFAULTS);
        ProtocolException e = assertThrows(ProtocolException.class, body::readAllBytes);
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("chunk extensions"), e.getMessage());
        assertTrue(body.isBroken());
        long consumed = in.received() - in.buffered();
        // The allowance (16 KiB past what the data pays for) plus the line that crossed it.
        assertTrue(consumed < 24 * 1024, "consumed " + consumed + " of " + wire.length + " bytes before refusing");
    }

    @ParameterizedTest(name = "{0} chunks of {1} bytes, {2}-byte extensions")
    @CsvSource({
        "100000, 1, 0",     // a byte at a time: 5 bytes of framing per byte of data, and legitimate
        "20000, 1, 8",      // a short extension on every tiny chunk
        "1000, 16, 40",     // an extension worth more than its data, within the allowance
        "3, 1, 4096",       // a few maximal extensions: the fixed allowance covers them
        "500, 2048, 4096",  // maximal extensions on chunks big enough to pay for them
    })
    void framingWithinTheAllowanceIsDecoded(int count, int data, int extension) throws IOException {
        ChunkedBody body = new ChunkedBody(input(chunks(count, data, extension)),
                RequestLimits.DEFAULTS.withMaxBodyBytes(Long.MAX_VALUE));
        assertEquals((long) count * data, body.transferTo(OutputStream.nullOutputStream()));
        assertTrue(body.isComplete());
    }

    @Test
    void fixedLengthBodyStopsAtItsLength() throws IOException {
        ConnectionInput in = input("helloGET");
        FixedLengthBody body = new FixedLengthBody(in, 5);
        assertEquals("hello", new String(body.readAllBytes(), StandardCharsets.US_ASCII));
        assertTrue(body.isComplete());
        assertEquals('G', in.read());
    }

    /** Hands out its bytes a few at a time. */
    private static final class TrickleStream extends InputStream {
        private final byte[] data;
        private final Random random;
        private int pos;

        TrickleStream(byte[] data, Random random) {
            this.data = data;
            this.random = random;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, data.length - pos), 1 + random.nextInt(40));
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
