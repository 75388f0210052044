package dev.weft.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.HttpDates;
import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import dev.weft.test.RawClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of static-file serving, checked on the wire with a raw socket. */
class StaticFilesSocketTest {

    @TempDir
    static Path root;
    static Server server;
    static Server configured;
    static int port;
    static byte[] digits;
    static String css;

    @BeforeAll
    static void start() throws IOException {
        digits = "0123456789".repeat(100).getBytes(StandardCharsets.US_ASCII); // 1000 bytes
        Files.write(root.resolve("digits.txt"), digits);
        css = "body { color: red; }\n".repeat(200);
        Files.writeString(root.resolve("style.css"), css);
        Files.writeString(root.resolve("app.js"), "console.log(1);\n".repeat(100));
        Files.writeString(root.resolve("small.css"), "a{}");
        Files.write(root.resolve("pic.png"), new byte[5000]);
        Files.writeString(root.resolve("pre.js"), "identity js ".repeat(200));
        Files.write(root.resolve("pre.js.br"), "pretend-brotli".getBytes(StandardCharsets.US_ASCII));
        Files.write(root.resolve("pre.js.gz"), gzip("precompressed gzip".getBytes(StandardCharsets.US_ASCII)));
        Files.createDirectories(root.resolve("site"));
        Files.writeString(root.resolve("site/index.html"), "<h1>index</h1>");
        Files.createDirectories(root.resolve("docs/inner"));
        Files.writeString(root.resolve("docs/b.txt"), "b");
        Files.writeString(root.resolve("docs/A.txt"), "A");
        Files.writeString(root.resolve("docs/<script>&.txt"), "x");
        Files.writeString(root.resolve("docs/.secret"), "hidden");
        Files.createDirectories(root.resolve("docs/zeta"));
        Files.writeString(root.resolve("a b ü?#%&+.txt"), "odd name");
        Files.writeString(root.resolve("noext"), "no extension");
        Files.writeString(root.resolve("data.json"), "{}");
        Files.write(root.resolve("empty.txt"), new byte[0]);
        server = Server.start(ServerConfig.builder().port(0).build(), new StaticFiles(root));
        port = server.port();
        configured = Server.start(ServerConfig.builder().port(0).build(), new StaticFiles(root,
                StaticFilesConfig.defaults().withCacheControl("max-age=60").withShowHidden(true).withCompression(false)));
    }

    @AfterAll
    static void stop() {
        server.close();
        configured.close();
    }

    static byte[] gzip(byte[] data) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    // --- a file -------------------------------------------------------------------------

    @Test
    void aFileComesWithTypeValidatorsAndLength() throws IOException {
        RawClient.Reply r = RawClient.get(port, "/digits.txt");
        assertEquals(200, r.status());
        assertArrayEquals(digits, r.body());
        assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
        assertEquals("1000", r.header("Content-Length"));
        assertEquals("bytes", r.header("Accept-Ranges"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertTrue(r.header("ETag").matches("\"[0-9a-f]+-[0-9a-f]+\""), r.header("ETag"));
        long mtime = Files.getLastModifiedTime(root.resolve("digits.txt")).toInstant().getEpochSecond();
        assertEquals(HttpDates.format(mtime), r.header("Last-Modified"));
        assertNull(r.header("Cache-Control"));
        assertNull(r.header("Content-Encoding"));
    }

    @Test
    void headGivesTheSameHeadersWithoutABody() throws IOException {
        try (RawClient c = new RawClient(port)) {
            c.send("HEAD /style.css HTTP/1.1\r\nHost: x\r\n\r\nGET /style.css HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Reply head = c.read(true);
            RawClient.Reply get = c.read(false);
            assertEquals(200, head.status());
            assertEquals(0, head.body().length);
            assertEquals(withoutDate(get.headers()), withoutDate(head.headers()));
            assertEquals(css, get.text());
        }
    }

    private static List<String> withoutDate(List<RawClient.Field> headers) {
        List<String> out = new ArrayList<>();
        for (RawClient.Field h : headers) {
            if (!h.name().equalsIgnoreCase("Date")) {
                out.add(h.name() + ": " + h.value());
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS", "PATCH", "get"})
    void otherMethodsGet405WithAllow(String method) throws IOException {
        RawClient.Reply r = RawClient.request(port, method, "/digits.txt", "Content-Length: 0");
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("Allow"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/style.css  | text/css; charset=utf-8",
        "/app.js     | text/javascript; charset=utf-8",
        "/data.json  | application/json; charset=utf-8",
        "/pic.png    | image/png",
        "/site/index.html | text/html; charset=utf-8",
        "/noext      | application/octet-stream",
    })
    void contentTypeComesFromTheTable(String path, String type) throws IOException {
        assertEquals(type, RawClient.request(port, "HEAD", path).header("Content-Type"));
    }

    @Test
    void missingFilesAndFilesWithASlashAre404() throws IOException {
        assertEquals(404, RawClient.get(port, "/nope.txt").status());
        assertEquals(404, RawClient.get(port, "/digits.txt/").status());
        assertEquals(404, RawClient.get(port, "/docs/.secret").status());
    }

    @Test
    void emptyFileIsAnEmpty200() throws IOException {
        RawClient.Reply r = RawClient.get(port, "/empty.txt");
        assertEquals(200, r.status());
        assertEquals("0", r.header("Content-Length"));
    }

    // --- folders ------------------------------------------------------------------------

    @Test
    void aFolderWithoutItsSlashIsRedirected() throws IOException {
        RawClient.Reply r = RawClient.get(port, "/docs");
        assertEquals(301, r.status());
        assertEquals("/docs/", r.header("Location"));
        assertEquals("/docs/inner/?a=1&b", RawClient.get(port, "/docs/inner?a=1&b").header("Location"));
    }

    @Test
    void aFolderWithAnIndexServesIt() throws IOException {
        RawClient.Reply r = RawClient.get(port, "/site/");
        assertEquals(200, r.status());
        assertEquals("<h1>index</h1>", r.text());
        assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
        assertTrue(r.header("ETag") != null);
    }

    @Test
    void aFolderWithoutAnIndexIsListed() throws IOException {
        RawClient.Reply r = RawClient.get(port, "/docs/");
        assertEquals(200, r.status());
        assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
        String html = r.text();
        assertTrue(html.contains("<title>Index of /docs/</title>"), html);
        assertTrue(html.contains("<a href=\"../\" class=\"parent\">"), html);
        // escaped text, encoded link
        assertTrue(html.contains(">&lt;script&gt;&amp;.txt</a>"), html);
        assertTrue(html.contains("href=\"%3Cscript%3E%26.txt\""), html);
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains(".secret"), html);
        // folders first, then files, each by name ignoring case
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("class=\"(?:folder|file)\">([^<]+)</a>").matcher(html);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertEquals(List.of("inner/", "zeta/", "&lt;script&gt;&amp;.txt", "A.txt", "b.txt"), names);
        assertTrue(html.contains("<td class=\"size\">1 B</td>"), html);
        assertTrue(html.matches("(?s).*<td>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d</td>.*"), html);
    }

    @Test
    void theRootListingHasNoParentLink() throws IOException {
        String html = RawClient.get(port, "/").text();
        assertFalse(html.contains("class=\"parent\""), html);
        assertTrue(html.contains("href=\"a%20b%20%C3%BC%3F%23%25%26%2B.txt\""), html);
        assertTrue(html.contains(">a b ü?#%&amp;+.txt</a>"), html);
    }

    @Test
    void showHiddenListsAndServesDotFiles() throws IOException {
        assertTrue(RawClient.get(configured.port(), "/docs/").text().contains(".secret"));
        assertEquals("hidden", RawClient.get(configured.port(), "/docs/.secret").text());
    }

    @Test
    void oddNamesAreServedThroughTheirEncodedLinks() throws IOException {
        RawClient.Reply r = RawClient.get(port, "/a%20b%20%C3%BC%3F%23%25%26%2B.txt");
        assertEquals(200, r.status());
        assertEquals("odd name", r.text());
        assertEquals("odd name", RawClient.get(port, "/a%20b%20%c3%bc%3f%23%25&+.txt").text());
    }

    // --- validators ---------------------------------------------------------------------

    @Test
    void ifNoneMatchGives304WithoutABody() throws IOException {
        String etag = RawClient.get(port, "/digits.txt").header("ETag");
        try (RawClient c = new RawClient(port)) {
            c.send("GET /digits.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"other\", " + etag + "\r\n\r\n"
                    + "GET /digits.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: W/" + etag + "\r\n\r\n"
                    + "GET /digits.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"other\"\r\n\r\n");
            RawClient.Reply first = c.read(false);
            assertEquals(304, first.status());
            assertEquals(etag, first.header("ETag"));
            assertEquals("Accept-Encoding", first.header("Vary"));
            assertNull(first.header("Content-Length"));
            assertEquals(304, c.read(false).status(), "weak comparison");
            RawClient.Reply third = c.read(false);
            assertEquals(200, third.status()); // and the framing of the 304s was right
            assertArrayEquals(digits, third.body());
        }
    }

    @Test
    void ifModifiedSinceGives304WhenNotModified() throws IOException {
        String lastModified = RawClient.get(port, "/digits.txt").header("Last-Modified");
        assertEquals(304, RawClient.get(port, "/digits.txt", "If-Modified-Since: " + lastModified).status());
        assertEquals(304, RawClient.get(port, "/digits.txt", "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT").status());
        assertEquals(200, RawClient.get(port, "/digits.txt", "If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT").status());
        assertEquals(200, RawClient.get(port, "/digits.txt", "If-Modified-Since: yesterday").status());
        // If-None-Match wins over If-Modified-Since
        assertEquals(200, RawClient.get(port, "/digits.txt", "If-None-Match: \"x\"",
                "If-Modified-Since: " + lastModified).status());
    }

    @Test
    void failedIfMatchOrIfUnmodifiedSinceGive412() throws IOException {
        String etag = RawClient.get(port, "/digits.txt").header("ETag");
        assertEquals(412, RawClient.get(port, "/digits.txt", "If-Match: \"nope\"").status());
        assertEquals(412, RawClient.get(port, "/digits.txt", "If-Match: W/" + etag).status(), "strong comparison");
        assertEquals(200, RawClient.get(port, "/digits.txt", "If-Match: " + etag).status());
        assertEquals(200, RawClient.get(port, "/digits.txt", "If-Match: *").status());
        assertEquals(412, RawClient.get(port, "/digits.txt", "If-Unmodified-Since: Sat, 01 Jan 2000 00:00:00 GMT").status());
        assertEquals(200, RawClient.get(port, "/digits.txt", "If-Unmodified-Since: Fri, 01 Jan 2100 00:00:00 GMT").status());
    }

    @Test
    void aChangedFileIsServedFreshWithNewValidators() throws IOException {
        Path file = root.resolve("changing.txt");
        Files.writeString(file, "one");
        RawClient.Reply first = RawClient.get(port, "/changing.txt");
        assertEquals("one", first.text());
        Files.writeString(file, "two"); // same size
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        RawClient.Reply second = RawClient.get(port, "/changing.txt", "If-None-Match: " + first.header("ETag"));
        assertEquals(200, second.status());
        assertEquals("two", second.text());
        assertNotEquals(first.header("ETag"), second.header("ETag"));
        Files.writeString(file, "three!");
        assertEquals("three!", RawClient.get(port, "/changing.txt").text());
    }

    // --- ranges -------------------------------------------------------------------------

    @Test
    void oneRangeGives206WithContentRange() throws IOException {
        RawClient.Reply r = RawClient.get(port, "/digits.txt", "Range: bytes=10-19");
        assertEquals(206, r.status());
        assertEquals("bytes 10-19/1000", r.header("Content-Range"));
        assertEquals("0123456789", r.text());
        assertEquals("10", r.header("Content-Length"));
        assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
    }

    @Test
    void suffixAndOpenEndedRanges() throws IOException {
        RawClient.Reply suffix = RawClient.get(port, "/digits.txt", "Range: bytes=-3");
        assertEquals("bytes 997-999/1000", suffix.header("Content-Range"));
        assertEquals("789", suffix.text());
        RawClient.Reply open = RawClient.get(port, "/digits.txt", "Range: bytes=995-");
        assertEquals("bytes 995-999/1000", open.header("Content-Range"));
        assertEquals("56789", open.text());
    }

    @Test
    void severalRangesGiveMultipartByteranges() throws IOException {
        RawClient.Reply r = RawClient.get(port, "/digits.txt", "Range: bytes=0-2, 995-");
        assertEquals(206, r.status());
        String type = r.header("Content-Type");
        assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
        String boundary = type.substring(type.indexOf('=') + 1);
        assertEquals(r.body().length, Integer.parseInt(r.header("Content-Length")));
        String expected = "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-2/1000\r\n\r\n012"
                + "\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 995-999/1000\r\n\r\n56789"
                + "\r\n--" + boundary + "--\r\n";
        assertEquals(expected, r.text());
        assertNull(r.header("Content-Range"));
    }

    @Test
    void anUnsatisfiableRangeGives416() throws IOException {
        RawClient.Reply r = RawClient.get(port, "/digits.txt", "Range: bytes=1000-");
        assertEquals(416, r.status());
        assertEquals("bytes */1000", r.header("Content-Range"));
    }

    @Test
    void aMalformedRangeIsIgnored() throws IOException {
        RawClient.Reply r = RawClient.get(port, "/digits.txt", "Range: bytes=oops");
        assertEquals(200, r.status());
        assertArrayEquals(digits, r.body());
    }

    @Test
    void ifRangeHonoursTheRangeOnlyForTheCurrentVersion() throws IOException {
        RawClient.Reply full = RawClient.get(port, "/digits.txt");
        String etag = full.header("ETag");
        assertEquals(206, RawClient.get(port, "/digits.txt", "Range: bytes=0-0", "If-Range: " + etag).status());
        assertEquals(206, RawClient.get(port, "/digits.txt", "Range: bytes=0-0",
                "If-Range: " + full.header("Last-Modified")).status());
        RawClient.Reply stale = RawClient.get(port, "/digits.txt", "Range: bytes=0-0", "If-Range: \"old\"");
        assertEquals(200, stale.status());
        assertArrayEquals(digits, stale.body());
        assertEquals(200, RawClient.get(port, "/digits.txt", "Range: bytes=0-0", "If-Range: W/" + etag).status());
        assertEquals(200, RawClient.get(port, "/digits.txt", "Range: bytes=0-0",
                "If-Range: Sat, 01 Jan 2000 00:00:00 GMT").status());
    }

    @Test
    void headOfARangeGivesTheRangeHeaders() throws IOException {
        RawClient.Reply r = RawClient.request(port, "HEAD", "/digits.txt", "Range: bytes=0-9");
        assertEquals(206, r.status());
        assertEquals("10", r.header("Content-Length"));
        assertEquals("bytes 0-9/1000", r.header("Content-Range"));
    }

    // --- compression --------------------------------------------------------------------

    @Test
    void compressibleFilesAreGzippedOnTheFly() throws IOException {
        RawClient.Reply r = RawClient.get(port, "/style.css", "Accept-Encoding: gzip, deflate");
        assertEquals(200, r.status());
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertTrue(r.header("ETag").startsWith("W/\""), r.header("ETag"));
        assertTrue(r.body().length < css.length() / 10, "compressed to " + r.body().length);
        assertEquals(css, new String(gunzip(r.body()), StandardCharsets.UTF_8));
        // the gzip tag validates the gzip representation
        assertEquals(304, RawClient.get(port, "/style.css", "Accept-Encoding: gzip", "If-None-Match: " + r.header("ETag")).status());
    }

    @Test
    void precompressedSidecarsAreServedWhenAccepted() throws IOException {
        RawClient.Reply br = RawClient.get(port, "/pre.js", "Accept-Encoding: gzip, deflate, br");
        assertEquals("br", br.header("Content-Encoding"));
        assertEquals("pretend-brotli", br.text());
        assertEquals("text/javascript; charset=utf-8", br.header("Content-Type"));
        RawClient.Reply gz = RawClient.get(port, "/pre.js", "Accept-Encoding: gzip");
        assertEquals("gzip", gz.header("Content-Encoding"));
        assertEquals("precompressed gzip", new String(gunzip(gz.body()), StandardCharsets.US_ASCII));
        assertEquals(String.valueOf(gz.body().length), gz.header("Content-Length"));
        RawClient.Reply plain = RawClient.get(port, "/pre.js");
        assertNull(plain.header("Content-Encoding"));
        assertEquals("identity js ".repeat(200), plain.text());
        assertEquals("Accept-Encoding", plain.header("Vary"));
        assertNotEquals(plain.header("ETag"), br.header("ETag"));
        assertNotEquals(gz.header("ETag"), br.header("ETag"));
        RawClient.Reply refused = RawClient.get(port, "/pre.js", "Accept-Encoding: br;q=0, gzip;q=0");
        assertNull(refused.header("Content-Encoding"));
    }

    @Test
    void rangesSmallFilesAndCompressedTypesAreNeverCompressed() throws IOException {
        RawClient.Reply range = RawClient.get(port, "/style.css", "Accept-Encoding: gzip", "Range: bytes=0-3");
        assertEquals(206, range.status());
        assertNull(range.header("Content-Encoding"));
        assertEquals("body", range.text());
        assertNull(RawClient.get(port, "/small.css", "Accept-Encoding: gzip").header("Content-Encoding"));
        RawClient.Reply png = RawClient.get(port, "/pic.png", "Accept-Encoding: gzip");
        assertNull(png.header("Content-Encoding"));
        assertEquals("Accept-Encoding", png.header("Vary"));
        assertNull(RawClient.get(configured.port(), "/style.css", "Accept-Encoding: gzip").header("Content-Encoding"));
        assertNull(RawClient.get(configured.port(), "/pre.js", "Accept-Encoding: br").header("Content-Encoding"));
    }

    @Test
    void cacheControlIsSentWhenConfigured() throws IOException {
        assertEquals("max-age=60", RawClient.get(configured.port(), "/digits.txt").header("Cache-Control"));
        String etag = RawClient.get(configured.port(), "/digits.txt").header("ETag");
        assertEquals("max-age=60", RawClient.get(configured.port(), "/digits.txt", "If-None-Match: " + etag)
                .header("Cache-Control"));
    }

    @Test
    void keepAliveCarriesManyKindsOfAnswerInARow() throws IOException {
        try (RawClient c = new RawClient(port)) {
            c.send("GET /docs HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /digits.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1,5-6\r\n\r\n"
                    + "GET /style.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"
                    + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /digits.txt HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(301, c.read(false).status());
            assertEquals(206, c.read(false).status());
            assertEquals(css, new String(gunzip(c.read(false).body()), StandardCharsets.UTF_8));
            assertEquals(404, c.read(false).status());
            assertTrue(Arrays.equals(digits, c.read(false).body()));
        }
    }
}
