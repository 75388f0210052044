package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.routing.Router;
import dev.weft.test.RawClient;
import dev.weft.test.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** multipart/form-data through a real server: the JDK's HttpClient, raw sockets (hostile bodies) and curl -F. */
class MultipartHttpTest {

    static final String B = "XyZzy0123456789boundary";

    @TempDir
    static Path uploads;
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        Router router = new Router()
                // One line per part: name, filename, safe filename, type, size, CRC-32 of the content.
                .post("/parts", request -> {
                    StringBuilder sb = new StringBuilder();
                    Multipart multipart = request.multipart();
                    for (MultipartPart part = multipart.next(); part != null; part = multipart.next()) {
                        CheckedOutputStream crc = new CheckedOutputStream(OutputStream.nullOutputStream(), new CRC32());
                        long size = part.transferTo(crc);
                        sb.append(part.name()).append('|').append(part.filename()).append('|').append(part.safeFilename())
                                .append('|').append(part.contentType()).append('|').append(size)
                                .append('|').append(Long.toHexString(crc.getChecksum().getValue())).append('\n');
                    }
                    return Response.text(sb.toString());
                })
                .post("/form", request -> {
                    try (MultipartForm form = request.multipart().readForm(uploads)) {
                        UploadedFile file = form.file("file").orElseThrow(() -> new HttpException(400, "no file"));
                        return Response.text(form.fields() + " " + file.safeFilename() + " " + file.size()
                                + " " + Files.isRegularFile(file.path()));
                    }
                })
                .post("/two-parts", request -> {
                    Multipart multipart = request.multipart(MultipartLimits.DEFAULTS.withMaxParts(2));
                    int n = 0;
                    while (multipart.next() != null) {
                        n++;
                    }
                    return Response.text(n + " parts");
                });
        server = TestServer.start(router);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String part(String disposition, String content) {
        return "--" + B + "\r\nContent-Disposition: form-data; " + disposition + "\r\n\r\n" + content + "\r\n";
    }

    static String close() {
        return "--" + B + "--\r\n";
    }

    @Test
    void httpClientUpload() throws Exception {
        String body = part("name=\"title\"", "Hello") + part("name=\"doc\"; filename=\"../../a.txt\"", "x\r\n--" + B + "y") + close();
        HttpResponse<String> response = server.send("POST", "/parts", body, "Content-Type", "multipart/form-data; boundary=" + B);
        assertEquals(200, response.statusCode(), response.body());
        byte[] tricky = ("x\r\n--" + B + "y").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("title|null|null|text/plain|5|" + crc("Hello".getBytes()) + "\ndoc|../../a.txt|a.txt|text/plain|"
                + tricky.length + "|" + crc(tricky) + "\n", response.body());
    }

    @Test
    void chunkedUploadThroughARawSocket() throws Exception {
        String body = part("name=a", "1") + part("name=b", "2") + close();
        String chunked = Integer.toHexString(10) + "\r\n" + body.substring(0, 10) + "\r\n"
                + Integer.toHexString(body.length() - 10) + "\r\n" + body.substring(10) + "\r\n0\r\n\r\n";
        RawClient.Reply reply = raw("/parts", "multipart/form-data; boundary=\"" + B + "\"", chunked.getBytes(StandardCharsets.ISO_8859_1), true);
        assertEquals(200, reply.status(), reply.text());
        assertEquals("a|null|null|text/plain|1|" + crc("1".getBytes()) + "\nb|null|null|text/plain|1|" + crc("2".getBytes()) + "\n", reply.text());
    }

    @Test
    void wrongTypeAndMissingBoundary() throws Exception {
        RawClient.Reply wrongType = raw("/parts", "application/json", "{}".getBytes(), false);
        assertEquals(415, wrongType.status());
        assertEquals("expected Content-Type multipart/form-data", wrongType.text().strip());
        RawClient.Reply noBoundary = raw("/parts", "multipart/form-data", (part("name=a", "1") + close()).getBytes(), false);
        assertEquals(400, noBoundary.status());
        assertEquals("multipart/form-data without a boundary parameter", noBoundary.text().strip());
        RawClient.Reply noClose = raw("/parts", "multipart/form-data; boundary=" + B, part("name=a", "1").getBytes(), false);
        assertEquals(400, noClose.status());
        assertEquals("multipart body ended before its closing boundary", noClose.text().strip());
    }

    @Test
    void tenThousandEmptyPartsAre413() throws Exception {
        long started = System.nanoTime();
        RawClient.Reply reply = raw("/parts", "multipart/form-data; boundary=" + B,
                (part("name=a", "").repeat(10_000) + close()).getBytes(StandardCharsets.ISO_8859_1), false);
        assertEquals(413, reply.status());
        assertEquals("multipart body has more than 1000 parts", reply.text().strip());
        RawClient.Reply few = raw("/two-parts", "multipart/form-data; boundary=" + B,
                (part("name=a", "").repeat(3) + close()).getBytes(StandardCharsets.ISO_8859_1), false);
        assertEquals("multipart body has more than 2 parts", few.text().strip());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void anEndlessPartHeaderIs400AtItsCap() throws Exception {
        byte[] start = ("--" + B + "\r\nContent-Disposition: form-data; name=a\r\nX-Endless: ").getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new byte[8 << 20];
        java.util.Arrays.fill(body, (byte) 'a');
        System.arraycopy(start, 0, body, 0, start.length);
        long started = System.nanoTime();
        RawClient.Reply reply = raw("/parts", "multipart/form-data; boundary=" + B, body, false);
        assertEquals(400, reply.status());
        assertEquals("multipart part header section is larger than 16384 bytes", reply.text().strip());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void curlUploadsFilesAndFields(@TempDir Path tmp) throws Exception {
        assumeTrue(System.getenv("CI") != null || commandExists("curl"), "curl is not installed");
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        Path file = tmp.resolve("photo.bin");
        Files.write(file, data);
        String out = curl("-F", "title=Hello wörld", "-F", "file=@" + file + ";filename=../../etc/évil name.bin",
                "-F", "empty=@/dev/null;type=text/plain", server.uri("/parts").toString());
        assertEquals("title|null|null|text/plain|12|" + crc("Hello wörld".getBytes(StandardCharsets.UTF_8)) + "\n"
                + "file|../../etc/évil name.bin|évil name.bin|application/octet-stream|" + data.length + "|" + crc(data) + "\n"
                + "empty|null|null|text/plain|0|0\n", out);

        out = curl("-F", "a=1", "-F", "a=2", "-F", "file=@" + file + ";filename=.hidden", server.uri("/form").toString());
        assertEquals("{a=[1, 2]} hidden " + data.length + " true", out);
        try (Stream<Path> left = Files.list(uploads)) {
            assertEquals(List.of(), left.toList(), "the temporary file is gone");
        }
    }

    /** The README's upload example, as written there. */
    static Router uploads(Path library) {
        return new Router()
                .post("/photos", req -> {
                    // Closing the form deletes the temporary files that were not moved away.
                    try (MultipartForm form = req.multipart().readForm()) {
                        String title = form.field("title").orElse("untitled");
                        UploadedFile photo = form.file("photo").orElseThrow(() -> new HttpException(400, "no photo"));
                        Files.move(photo.path(), library.resolve(UUID.randomUUID() + ".jpg"));  // a name of yours
                        return Response.text(title + ": " + photo.size() + " bytes from " + photo.safeFilename());
                    }
                })
                .post("/logs", req -> {
                    Multipart parts = req.multipart(MultipartLimits.DEFAULTS.withMaxParts(10));
                    int saved = 0;
                    for (MultipartPart part = parts.next(); part != null; part = parts.next()) {
                        if (part.filename() != null) {
                            part.saveTo(library);       // streamed to a new file named weft-upload-*.part
                            saved++;
                        }                               // any other part is skipped by next()
                    }
                    return Response.text(saved + " files");
                });
    }

    @Test
    void readmeExample(@TempDir Path library) throws Exception {
        try (TestServer readme = TestServer.start(uploads(library))) {
            String photos = part("name=title", "Cat") + part("name=photo; filename=\"C:\\pics\\cat.jpg\"", "JPEG") + close();
            HttpResponse<String> r = readme.send("POST", "/photos", photos, "Content-Type", "multipart/form-data; boundary=" + B);
            assertEquals("Cat: 4 bytes from cat.jpg", r.body());
            String logs = part("name=a; filename=a.log", "1") + part("name=note", "x") + part("name=b; filename=b.log", "2") + close();
            r = readme.send("POST", "/logs", logs, "Content-Type", "multipart/form-data; boundary=" + B);
            assertEquals("2 files", r.body());
            try (Stream<Path> files = Files.list(library)) {
                assertEquals(3, files.count());
            }
            HttpResponse<String> none = readme.send("POST", "/photos", part("name=title", "Cat") + close(),
                    "Content-Type", "multipart/form-data; boundary=" + B);
            assertEquals(400, none.statusCode());
        }
    }

    /** Sends a POST with {@code body} (already chunked when {@code chunked}) from another thread, and reads the reply. */
    static RawClient.Reply raw(String path, String contentType, byte[] body, boolean chunked) throws Exception {
        try (RawClient client = new RawClient(port())) {
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\n"
                    + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length) + "\r\nConnection: close\r\n\r\n";
            client.send(head);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    client.send(body);
                } catch (IOException e) {
                    // the server answered and closed before reading it all: expected for hostile bodies
                }
            });
            RawClient.Reply reply = client.read();
            writer.join(10_000);
            return reply;
        }
    }

    static int port() {
        return server.uri("/").getPort();
    }

    static String crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return Long.toHexString(crc.getValue());
    }

    static boolean commandExists(String name) {
        try {
            return new ProcessBuilder(name, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(40, TimeUnit.SECONDS));
        return out.toString(StandardCharsets.UTF_8);
    }
}
