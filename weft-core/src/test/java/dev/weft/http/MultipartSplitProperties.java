package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property: a valid multipart body reads the same however the socket splits it and however
 * the handler sizes its reads. Boundaries are short and the data is drawn from the characters
 * of the delimiter ({@code \r \n - a b} and padding), so that near-delimiters (a boundary not
 * after CRLF, followed by other characters, cut short) are common; bodies where the data holds
 * a real delimiter line are discarded, as a sender must never produce them.
 */
class MultipartSplitProperties {

    record Part(String name, String filename, String content) {
    }

    record Body(String boundary, String preamble, List<Part> parts, List<String> paddings, String epilogue) {

        String wire() {
            StringBuilder sb = new StringBuilder(preamble.isEmpty() ? "" : preamble + "\r\n");
            for (int i = 0; i < parts.size(); i++) {
                Part p = parts.get(i);
                sb.append("--").append(boundary).append(paddings.get(i % paddings.size())).append("\r\n")
                        .append("Content-Disposition: form-data; name=\"").append(p.name()).append('"');
                if (p.filename() != null) {
                    sb.append("; filename=\"").append(p.filename()).append('"');
                }
                sb.append("\r\n\r\n").append(p.content()).append("\r\n");
            }
            return sb.append("--").append(boundary).append("--").append(epilogue).toString();
        }

        @Override
        public String toString() {
            return "boundary=" + boundary + " wire=" + wire().replace("\r", "\\r").replace("\n", "\\n");
        }
    }

    @Property(tries = 500)
    void anySplitReadsTheSame(@ForAll("bodies") Body body,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 97) Integer> socketReads,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 53) Integer> handlerReads) throws IOException {
        String wire = body.wire();
        Assume.that(delimitersAreWhereTheyWereWritten(body, wire));
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);

        List<String> expected = new ArrayList<>();
        for (Part p : body.parts()) {
            expected.add(p.name() + "|" + p.filename() + "|" + p.content());
        }
        assertEquals(expected, read(new Multipart(new java.io.ByteArrayInputStream(bytes), body.boundary(), MultipartLimits.DEFAULTS),
                List.of(Integer.MAX_VALUE - 8)), "in one piece");
        assertEquals(expected, read(new Multipart(varying(bytes, socketReads), body.boundary(), MultipartLimits.DEFAULTS),
                handlerReads), "split");
    }

    private static List<String> read(Multipart m, List<Integer> reads) throws IOException {
        List<String> parts = new ArrayList<>();
        byte[] buffer = new byte[64];
        int call = 0;
        for (MultipartPart p = m.next(); p != null; p = m.next()) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            while (true) {
                int want = Math.min(reads.get(call++ % reads.size()), buffer.length);
                int n = p.body().read(buffer, 0, want);
                if (n < 0) {
                    break;
                }
                content.write(buffer, 0, n);
            }
            parts.add(p.name() + "|" + p.filename() + "|" + content.toString(StandardCharsets.ISO_8859_1));
        }
        return parts;
    }

    /**
     * Whether the delimiter lines a reader finds (leftmost first, as RFC 2046 defines them) are
     * exactly the ones written: otherwise the data contains one, and the body is not valid.
     */
    private static boolean delimitersAreWhereTheyWereWritten(Body body, String wire) {
        Pattern delimiter = Pattern.compile("\r\n--" + Pattern.quote(body.boundary()) + "(--|[ \t]{0,64}\r\n)");
        Matcher m = delimiter.matcher("\r\n" + wire);
        int found = 0;
        while (m.find()) {
            found++;
            if (m.group(1).equals("--")) {
                return found == body.parts().size() + 1 && m.start() == 2 + wire.lastIndexOf("--" + body.boundary() + "--" + body.epilogue()) - 2;
            }
            if (found > body.parts().size()) {
                return false;
            }
            // Each delimiter must be followed by the header this body wrote.
            String next = ("\r\n" + wire).substring(m.end());
            if (!next.startsWith("Content-Disposition: form-data; name=\"" + body.parts().get(found - 1).name() + '"')) {
                return false;
            }
        }
        return false;
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
    Arbitrary<Body> bodies() {
        Arbitrary<String> boundary = Arbitraries.strings().withChars("ab-").ofMinLength(1).ofMaxLength(4);
        Arbitrary<String> data = Arbitraries.strings().withChars("ab-\r\n \t").ofMaxLength(40);
        Arbitrary<String> name = Arbitraries.strings().withChars("xyz\u00e9 ").ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> filename = Arbitraries.strings().withChars("fg.\u00fc").ofMaxLength(6).injectNull(0.5);
        Arbitrary<Part> part = Combinators.combine(name, filename, data).as(Part::new);
        Arbitrary<String> padding = Arbitraries.strings().withChars(" \t").ofMaxLength(3);
        Arbitrary<String> epilogue = Arbitraries.strings().withChars("ab-\r\n").ofMaxLength(20);
        return Combinators.combine(boundary, data, part.list().ofMaxSize(6), padding.list().ofMinSize(1).ofMaxSize(3), epilogue)
                .as(Body::new);
    }
}
