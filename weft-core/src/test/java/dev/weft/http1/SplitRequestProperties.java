package dev.weft.http1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.http.RequestLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property: a valid request parses the same however the socket splits it. For pipelined
 * valid requests (RFC 9112 9.3.2) with bodies by {@code Content-Length} or chunked, reading
 * through {@link ConnectionInput} with arbitrary read sizes yields the same heads, the same
 * bodies and the same end of stream as parsing each head in one piece: a split can never make
 * the server read the next request at another place.
 */
class SplitRequestProperties {

    /** One generated request: its bytes and what it must parse to. */
    record Req(byte[] wire, String method, String target, List<String[]> fields, byte[] body, int fieldCount) {
        @Override
        public String toString() {
            return new String(wire, StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n");
        }
    }

    @Property(tries = 300)
    void anySplitParsesTheSame(@ForAll @Size(min = 1, max = 4) List<@From("requests") Req> requests,
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 200) Integer> steps) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Req r : requests) {
            all.write(r.wire());
        }
        byte[] wire = all.toByteArray();
        ConnectionInput in = new ConnectionInput(varying(wire, steps), RequestLimits.DEFAULTS, () -> { });
        for (Req expected : requests) {
            RequestHead head = in.readHead(() -> { });
            assertEquals(expected.method(), head.method());
            assertEquals(expected.target(), head.target());
            assertEquals(expected.fieldCount(), head.headers().size(), "field count");
            for (String[] f : expected.fields()) {
                assertEquals(f[1].strip(), head.headers().first(f[0]), "field " + f[0]);
            }
            // The same head, parsed in one piece by the pure function.
            int headLength = headLength(expected.wire());
            RequestHead whole = RequestHeadParser.parse(expected.wire(), 0, headLength, RequestLimits.DEFAULTS);
            assertEquals(whole.headers().toString(), head.headers().toString());
            assertEquals(whole.contentLength(), head.contentLength());

            RequestBody body = head.contentLength() == RequestHead.CHUNKED ? new ChunkedBody(in, RequestLimits.DEFAULTS)
                    : head.contentLength() > 0 ? new FixedLengthBody(in, head.contentLength()) : RequestBody.Empty.INSTANCE;
            assertArrayEquals(expected.body(), body.readAllBytes());
        }
        assertNull(in.readHead(() -> { }), "nothing after the last request");
    }

    private static int headLength(byte[] wire) throws ProtocolException {
        return RequestHeadParser.findHeadEnd(wire, 0, wire.length, RequestLimits.DEFAULTS);
    }

    /** Returns the bytes in reads of the given sizes, cycling through them. */
    private static InputStream varying(byte[] bytes, List<Integer> steps) {
        return new InputStream() {
            int pos;
            int call;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, steps.get(call++ % steps.size())), bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    @Provide
    Arbitrary<Req> requests() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "X-CUSTOM");
        Arbitrary<String> target = Arbitraries.strings().withChars("abcxyz019-._~%/?=&+").ofMaxLength(60).map(s -> "/" + s);
        Arbitrary<String> name = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-!#$%&'*+.^_`|~")
                .ofMinLength(1).ofMaxLength(20).map(n -> "X-" + n); // never a framing field
        Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').withChars('\t', '\u00e9', '\u00ff')
                .ofMaxLength(80).map(v -> " " + v.strip() + " ");
        Arbitrary<List<String[]>> fields = Combinators.combine(name, value).as((n, v) -> new String[] {n, v})
                .list().ofMaxSize(8).uniqueElements(f -> f[0].toLowerCase());
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        Arbitrary<Integer> framing = Arbitraries.integers().between(0, 2); // none, Content-Length, chunked
        Arbitrary<List<Integer>> chunkSizes = Arbitraries.integers().between(1, 700).list().ofMaxSize(6);
        return Combinators.combine(method, target, fields, body, framing, chunkSizes).as(SplitRequestProperties::build);
    }

    private static Req build(String method, String target, List<String[]> fields, byte[] body, int framing, List<Integer> chunkSizes) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: example.com\r\n");
        for (String[] f : fields) {
            head.append(f[0]).append(':').append(f[1]).append("\r\n");
        }
        byte[] actualBody = framing == 0 ? new byte[0] : body;
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try {
            if (framing == 1) {
                head.append("Content-Length: ").append(actualBody.length).append("\r\n\r\n");
                wire.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                wire.write(actualBody);
            } else if (framing == 2) {
                head.append("Transfer-Encoding: chunked\r\n\r\n");
                wire.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                List<Integer> sizes = new ArrayList<>(chunkSizes);
                int off = 0;
                for (int i = 0; off < actualBody.length; i++) {
                    int n = Math.min(actualBody.length - off, i < sizes.size() ? sizes.get(i) : 512);
                    wire.write((Integer.toHexString(n) + (i % 2 == 0 ? "" : ";ext=" + i) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    wire.write(actualBody, off, n);
                    wire.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    off += n;
                }
                wire.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                head.append("\r\n");
                wire.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Req(wire.toByteArray(), method, target, fields, actualBody, fields.size() + (framing == 0 ? 1 : 2));
    }
}
