package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.FakeRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The multipart/form-data reader over byte arrays and generated streams, hostile bodies included. */
class MultipartTest {

    static final String B = "----weftBoundary7MA4YWxkTrZu0gW";

    static Multipart reader(String body) {
        return reader(body, MultipartLimits.DEFAULTS);
    }

    static Multipart reader(String body, MultipartLimits limits) {
        return new Multipart(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), B, limits);
    }

    static String part(String disposition, String content) {
        return "--" + B + "\r\nContent-Disposition: form-data; " + disposition + "\r\n\r\n" + content + "\r\n";
    }

    static String close() {
        return "--" + B + "--\r\n";
    }

    /** Reads every part as name, filename, content (ISO-8859-1). */
    static List<String> all(Multipart m) throws IOException {
        List<String> parts = new ArrayList<>();
        for (MultipartPart p = m.next(); p != null; p = m.next()) {
            parts.add(p.name() + "|" + p.filename() + "|" + new String(p.body().readAllBytes(), StandardCharsets.ISO_8859_1));
        }
        return parts;
    }

    static HttpException failure(int status, Executable what) {
        HttpException e = assertThrows(HttpException.class, what::run);
        assertEquals(status, e.status(), e.getMessage());
        return e;
    }

    interface Executable {
        void run() throws Exception;
    }

    @Test
    void curlStyleBody() throws IOException {
        String body = part("name=\"title\"", "Hello")
                + "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nline 1\r\nline 2\r\n\r\n"
                + close();
        Multipart m = reader(body);
        MultipartPart title = m.next();
        assertEquals("title", title.name());
        assertNull(title.filename());
        assertEquals("text/plain", title.contentType(), "the RFC 7578 default");
        assertEquals("Hello", title.text(100));
        MultipartPart file = m.next();
        assertEquals(2, file.index());
        assertEquals("notes.txt", file.filename());
        assertEquals("text/plain", file.headers().first("content-type"));
        assertEquals("line 1\r\nline 2\r\n", file.text(100));
        assertNull(m.next());
        assertNull(m.next(), "stays at the end");
    }

    @Test
    void preambleEpilogueAndPaddingAreIgnored() throws IOException {
        String body = "This is the preamble.\r\n--" + B + "x\r\nstill preamble\r\n"
                + "--" + B + " \t\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
                + "--" + B + "--  epilogue\r\n--" + B + "\r\nContent-Disposition: form-data; name=b\r\n\r\n2\r\n";
        assertEquals(List.of("a|null|1"), all(reader(body)));
    }

    @Test
    void boundaryInsideTheDataIsData() throws IOException {
        String tricky = "x--" + B + "\r\n"            // not after CRLF
                + "\r\n--" + B + "X\r\n"                   // followed by another character
                + "\r\n--" + B.substring(0, 10) + "\r\n"   // a prefix of it
                + "\r\n--" + B + "-x\r\n"                  // one dash is not the close delimiter
                + "\r\r\n\n--\r\n";
        String body = part("name=a", tricky) + part("name=b", "") + close();
        assertEquals(List.of("a|null|" + tricky, "b|null|"), all(reader(body)));
    }

    @Test
    void firstBoundaryWithoutPrecedingLineBreakAndNoParts() throws IOException {
        assertEquals(List.of(), all(reader("--" + B + "--")));
        assertEquals(List.of("a|null|"), all(reader(part("name=a", "") + "--" + B + "--")));
    }

    @Test
    void bodyThatEndsBeforeItsClosingBoundaryIs400() {
        for (String body : List.of("", "no boundary at all", part("name=a", "data"), part("name=a", "data").strip(),
                "--" + B + "\r\nContent-Disposition: form-data; name=a\r\n", "--" + B)) {
            HttpException e = failure(400, () -> all(reader(body)));
            assertEquals("multipart body ended before its closing boundary", e.getMessage(), body);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "multipart/form-data; boundary=abc|abc",
        "Multipart/Form-Data;boundary=\"a b=c\"|a b=c",
        "multipart/form-data; charset=utf-8; BOUNDARY=----=_Part_0_1.2 ; x=y|----=_Part_0_1.2",
        "multipart/form-data; boundary=\"0123456789012345678901234567890123456789012345678901234567890123456789\"|0123456789012345678901234567890123456789012345678901234567890123456789",
    })
    void boundaryFromContentType(String contentType, String boundary) {
        assertEquals(boundary, Multipart.boundary(contentType));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "multipart/form-data|400",
        "multipart/form-data; charset=utf-8|400",
        "multipart/form-data; boundary=|400",
        "multipart/form-data; boundary=\"\"|400",
        "multipart/form-data; boundary=\"abc \"|400",
        "multipart/form-data; boundary=a\u00e9b|400",
        "multipart/form-data; boundary=\"abc|400",
        "multipart/form-data; boundary=a; boundary=b|400",
        "multipart/mixed; boundary=abc|415",
        "application/x-www-form-urlencoded|415",
    })
    void badContentType(String contentType, int status) {
        failure(status, () -> Multipart.boundary(contentType));
        failure(415, () -> Multipart.boundary(null));
        failure(400, () -> Multipart.boundary("multipart/form-data; boundary=" + "x".repeat(71)));
    }

    @Test
    void requestMultipartChecksTypeAndDeclaredLength() throws IOException {
        failure(415, () -> new FakeRequest("POST", "/").body("a=1").multipart());
        failure(400, () -> new FakeRequest("POST", "/").header("Content-Type", "multipart/form-data").multipart());
        FakeRequest big = new FakeRequest("POST", "/").header("Content-Type", "multipart/form-data; boundary=" + B)
                .body(part("name=a", "x".repeat(100)) + close());
        failure(413, () -> big.multipart(MultipartLimits.DEFAULTS.withMaxTotalBytes(50)));
        assertEquals(List.of("a|null|" + "x".repeat(100)), all(big.multipart()));
    }

    @Test
    void tenThousandEmptyPartsStopAtThePartLimit() throws IOException {
        String one = part("name=a", "");
        CountingStream in = new CountingStream(new ByteArrayInputStream((one.repeat(10_000) + close()).getBytes(StandardCharsets.ISO_8859_1)));
        Multipart m = new Multipart(in, B, MultipartLimits.DEFAULTS);
        long started = System.nanoTime();
        int seen = 0;
        HttpException e = assertThrows(HttpException.class, () -> {
            for (MultipartPart p = m.next(); p != null; p = m.next()) {
                // counted below
            }
        });
        assertEquals(413, e.status());
        assertEquals("multipart body has more than 1000 parts", e.getMessage());
        assertTrue(in.count < 1001L * one.length() + 20_000, "read " + in.count + " bytes");
        assertTrue(System.nanoTime() - started < 2_000_000_000L, "took too long");
        assertSame(e, assertThrows(HttpException.class, m::next), "the failure sticks");
        // The limit itself is fine.
        Multipart exact = reader(one.repeat(1000) + close());
        while (exact.next() != null) {
            seen++;
        }
        assertEquals(1000, seen);
    }

    @Test
    void anEndlessPartHeaderStopsAtItsCap() {
        CountingStream in = new CountingStream(new SequenceInputStream(
                new ByteArrayInputStream(("--" + B + "\r\nContent-Disposition: form-data; name=a\r\nX-Long: ").getBytes(StandardCharsets.ISO_8859_1)),
                endless((byte) 'a')));
        Multipart m = new Multipart(in, B, MultipartLimits.DEFAULTS);
        HttpException e = failure(400, m::next);
        assertEquals("multipart part header section is larger than 16384 bytes", e.getMessage());
        assertTrue(in.count < 40_000, "read " + in.count);

        // Many short lines: the line count limit, then the byte limit.
        String lines = "X-A: 1\r\n".repeat(17);
        failure(400, () -> reader("--" + B + "\r\nContent-Disposition: form-data; name=a\r\n" + lines + "\r\n" + close()).next());
        String manyLines = "X-A: 1\r\n".repeat(100_000);
        HttpException bytes = failure(400, () -> reader("--" + B + "\r\n" + manyLines + "\r\n" + close(),
                new MultipartLimits(1000, 1024, 1_000_000, Long.MAX_VALUE, Long.MAX_VALUE, 100)).next());
        assertTrue(bytes.getMessage().contains("1024"), bytes.getMessage());
    }

    @Test
    void aPartThatNeverEndsStopsAtTheLimits() {
        Supplier<InputStream> endlessPart = () -> new SequenceInputStream(
                new ByteArrayInputStream(("--" + B + "\r\nContent-Disposition: form-data; name=a\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)),
                endless((byte) '\r'));
        Multipart perPart = new Multipart(endlessPart.get(), B, MultipartLimits.DEFAULTS.withMaxPartBytes(100_000));
        HttpException e = failure(413, () -> perPart.next().body().transferTo(OutputStreamSink.INSTANCE));
        assertEquals("multipart part 1 is larger than 100000 bytes", e.getMessage());
        // Skipping it counts too.
        Multipart skipped = new Multipart(endlessPart.get(), B, MultipartLimits.DEFAULTS.withMaxPartBytes(100_000));
        failure(413, () -> {
            skipped.next();
            skipped.next();
        });
        Multipart total = new Multipart(endlessPart.get(), B, MultipartLimits.DEFAULTS.withMaxTotalBytes(1 << 20));
        HttpException t = failure(413, () -> total.next().text(Integer.MAX_VALUE - 8));
        assertEquals("request body is larger than 1048576 bytes", t.getMessage());
        // An endless preamble is bounded by the total as well.
        failure(413, () -> new Multipart(endless((byte) '-'), B, MultipartLimits.DEFAULTS.withMaxTotalBytes(1 << 20)).next());
    }

    @Test
    void contentDisposition() throws IOException {
        String body = part("name=\"a\\\"b\"; filename=\"C:\\Users\\me\\x.txt\"", "1")
                + part("NAME=plain; Filename*=UTF-8''%E2%82%AC%20rates.txt; filename=\"fallback.txt\"", "2")
                + "--" + B + "\r\nContent-Disposition: form-data; name=\"caf\u00c3\u00a9\"; filename=\"\u00c3\u00a9t\u00c3\u00a9.png\"\r\n\r\n3\r\n"
                + "--" + B + "\r\ncontent-disposition: FORM-DATA; name=latin; filename=\"\u00e9\"\r\n\r\n4\r\n"
                + part("name=\"\"; filename=\"\"", "")
                + close();
        assertEquals(List.of("a\"b|C:\\Users\\me\\x.txt|1", "plain|\u20ac rates.txt|2", "caf\u00e9|\u00e9t\u00e9.png|3",
                "latin|\u00e9|4", "||"), all(reader(body)));
    }

    @Test
    void badPartHeadersAre400() {
        for (String headers : List.of(
                "Content-Disposition: attachment; name=a",
                "Content-Disposition: form-data; filename=a.txt",
                "Content-Disposition: form-data; name=a; name=b",
                "Content-Disposition: form-data; name=\"a",
                "Content-Type: text/plain",
                "Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b",
                "Content-Disposition: form-data; name=a\r\n folded",
                "Content-Disposition: form-data; name=a\nX: bare LF",
                "X: bare LF\nContent-Disposition: form-data; name=a",
                "No colon here",
                "Content-Disposition: form-data; name=\"a\u0001\"")) {
            failure(400, () -> reader("--" + B + "\r\n" + headers + "\r\n\r\nx\r\n" + close()).next());
        }
    }

    @Test
    void nextSkipsTheRestAndOldStreamsEndOrFail() throws IOException {
        String body = part("name=a", "0123456789".repeat(5000)) + part("name=b", "bb") + part("name=c", "cc") + close();
        Multipart m = reader(body);
        MultipartPart a = m.next();
        assertEquals('0', a.body().read());
        assertEquals(9, a.body().skip(9));
        MultipartPart b = m.next();
        assertEquals("b", b.name());
        IOException e = assertThrows(IOException.class, () -> a.body().read());
        assertTrue(e.getMessage().contains("skipped"), e.getMessage());
        assertEquals("bb", b.text(2));
        MultipartPart c = m.next();
        assertEquals(-1, b.body().read(), "read to its end: just over");
        assertEquals("cc", new String(c.bytes(10), StandardCharsets.US_ASCII));
        assertEquals(-1, c.body().read());
        assertNull(m.next());
    }

    @Test
    void textAndBytesLimits() throws IOException {
        failure(413, () -> reader(part("name=a", "12345") + close()).next().text(4));
        failure(400, () -> reader(part("name=a", "\u00ff\u00fe") + close()).next().text(4));
        assertEquals("1234", reader(part("name=a", "1234") + close()).next().text(4));
    }

    @Test
    void saveToNamesTheFileItself(@TempDir Path dir) throws IOException {
        Multipart m = reader(part("name=f; filename=\"../../../etc/passwd\"", "secret") + close());
        MultipartPart p = m.next();
        assertEquals("passwd", p.safeFilename());
        Path saved = p.saveTo(dir);
        assertEquals(dir, saved.getParent());
        assertTrue(saved.getFileName().toString().startsWith("weft-upload-"), saved.toString());
        assertEquals("secret", Files.readString(saved));
    }

    @Test
    void saveToDeletesItsFileOnFailure(@TempDir Path dir) throws IOException {
        Multipart m = reader(part("name=f; filename=a", "x".repeat(1000)), MultipartLimits.DEFAULTS);
        failure(400, () -> m.next().saveTo(dir));
        assertEquals(0, listing(dir).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "report.pdf|report.pdf",
        "../../etc/passwd|passwd",
        "C:\\Users\\me\\evil.exe|evil.exe",
        "..|upload",
        "...|upload",
        "''|upload",
        "/|upload",
        ".bashrc|bashrc",
        " . hidden.txt . |hidden.txt",
        "a:b*c?d\"e<f>g.txt|a_b_c_d_e_f_g.txt",
        "CON|_CON",
        "lpt1.txt|_lpt1.txt",
        "résumé ✓.txt|résumé ✓.txt",
        "NULL|NULL",
    })
    void safeFilename(String given, String safe) {
        assertEquals(safe, UploadedFile.safeFilename(given));
    }

    @Test
    void safeFilenameDropsControlAndFormatCharactersAndIsShort() {
        assertEquals("abtxt.exe", UploadedFile.safeFilename("a\u0000b\u202Etxt.exe"));
        assertEquals("line", UploadedFile.safeFilename("line\r\n"));
        String longName = UploadedFile.safeFilename("\u20ac".repeat(300) + ".txt");
        assertTrue(longName.getBytes(StandardCharsets.UTF_8).length <= 200, longName);
        assertEquals("upload", UploadedFile.safeFilename("\u0001\u0002"));
        assertEquals("a_b", UploadedFile.safeFilename("a|b"));
    }

    @Test
    void readFormKeepsFieldsAndFilesAndDeletesThemOnClose(@TempDir Path dir) throws IOException {
        String body = part("name=title", "Hello") + part("name=tag", "a") + part("name=tag", "b")
                + "--" + B + "\r\nContent-Disposition: form-data; name=doc; filename=\"../x.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n\u0000\u00ff\r\n\r\n"
                + part("name=empty; filename=\"\"", "")
                + close();
        Path file;
        try (MultipartForm form = reader(body).readForm(dir)) {
            assertEquals("Hello", form.field("title").orElseThrow());
            assertEquals(List.of("a", "b"), form.fields("tag"));
            assertTrue(form.file("empty").isEmpty(), "an empty file input is left out");
            UploadedFile doc = form.file("doc").orElseThrow();
            assertEquals("../x.bin", doc.filename());
            assertEquals("x.bin", doc.safeFilename());
            assertEquals("application/octet-stream", doc.contentType());
            assertEquals(4, doc.size());
            file = doc.path();
            assertArrayEquals(new byte[] {0, (byte) 0xff, '\r', '\n'}, Files.readAllBytes(file));
            assertEquals(List.of(file), listing(dir));
        }
        assertTrue(Files.notExists(file));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void readFormDeletesItsFilesWhenTheBodyIsBad(@TempDir Path dir) throws IOException {
        String body = part("name=a; filename=a.bin", "x".repeat(50_000)) + part("name=b", "y".repeat(100));
        failure(400, () -> reader(body).readForm(dir));
        assertEquals(List.of(), listing(dir));
        String tooLong = part("name=a; filename=a.bin", "x") + part("name=b", "y".repeat(100)) + close();
        failure(413, () -> reader(tooLong, MultipartLimits.DEFAULTS.withMaxFieldBytes(99)).readForm(dir));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void limitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> MultipartLimits.DEFAULTS.withMaxParts(0));
        assertThrows(IllegalArgumentException.class, () -> MultipartLimits.DEFAULTS.withMaxPartHeaderBytes(100));
        assertThrows(IllegalArgumentException.class, () -> MultipartLimits.DEFAULTS.withMaxPartHeaderBytes((1 << 20) + 1));
        assertThrows(IllegalArgumentException.class, () -> MultipartLimits.DEFAULTS.withMaxTotalBytes(-1));
    }

    static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** Endless bytes {@code b}, in large reads. */
    static InputStream endless(byte b) {
        return new InputStream() {
            @Override
            public int read() {
                return b & 0xff;
            }

            @Override
            public int read(byte[] buffer, int off, int len) {
                java.util.Arrays.fill(buffer, off, off + len, b);
                return len;
            }
        };
    }

    /** Counts what is read through it. */
    static final class CountingStream extends InputStream {
        private final InputStream in;
        long count;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Discards what is written. */
    static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    static byte[] bytes(ByteArrayOutputStream out) {
        return out.toByteArray();
    }
}
