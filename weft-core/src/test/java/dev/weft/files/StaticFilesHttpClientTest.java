package dev.weft.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same rules through the JDK's HttpClient: a real client agrees with what the server sends. */
class StaticFilesHttpClientTest {

    @TempDir
    static Path root;
    static Server server;
    static HttpClient client;
    static byte[] data;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        data = new byte[300_000]; // above the writer's small-file threshold: goes zero-copy
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + i / 7);
        }
        Files.write(root.resolve("data.bin"), data);
        Files.writeString(root.resolve("page.html"), "<p>hello</p>\n".repeat(500));
        Files.createDirectories(root.resolve("Ünï cödé"));
        Files.writeString(root.resolve("Ünï cödé/ä b.txt"), "unicode");
        server = Server.start(ServerConfig.builder().port(0).build(), new StaticFiles(root));
        client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        client.close();
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    @Test
    void aLargeFileArrivesWhole() throws Exception {
        HttpResponse<byte[]> r = send(get("/data.bin"));
        assertEquals(200, r.statusCode());
        assertArrayEquals(data, r.body());
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void rangesOfALargeFile() throws Exception {
        HttpResponse<byte[]> r = send(get("/data.bin").header("Range", "bytes=100000-199999"));
        assertEquals(206, r.statusCode());
        assertEquals("bytes 100000-199999/300000", r.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 100000, 200000), r.body());

        HttpResponse<byte[]> multi = send(get("/data.bin").header("Range", "bytes=0-99,-100"));
        assertEquals(206, multi.statusCode());
        String body = new String(multi.body(), StandardCharsets.ISO_8859_1);
        assertTrue(body.contains("Content-Range: bytes 0-99/300000"), body);
        assertTrue(body.contains("Content-Range: bytes 299900-299999/300000"), body);
    }

    @Test
    void conditionalRequests() throws Exception {
        HttpResponse<byte[]> first = send(get("/data.bin"));
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
        assertEquals(304, send(get("/data.bin").header("If-None-Match", etag)).statusCode());
        assertEquals(304, send(get("/data.bin").header("If-Modified-Since", lastModified)).statusCode());
        assertEquals(412, send(get("/data.bin").header("If-Match", "\"stale\"")).statusCode());
    }

    @Test
    void gzipOnTheFlyDecodes() throws Exception {
        HttpResponse<byte[]> r = send(get("/page.html").header("Accept-Encoding", "gzip"));
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElseThrow());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertEquals("<p>hello</p>\n".repeat(500), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void headAndMethodNotAllowed() throws Exception {
        HttpResponse<byte[]> head = send(get("/data.bin").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("300000", head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, head.body().length);
        HttpResponse<byte[]> post = send(get("/data.bin").POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void unicodeNamesRoundTripThroughTheListing() throws Exception {
        String listing = new String(send(get("/")).body(), StandardCharsets.UTF_8);
        String href = "%C3%9Cn%C3%AF%20c%C3%B6d%C3%A9/";
        assertTrue(listing.contains("href=\"" + href + "\""), listing);
        assertEquals(301, send(get("/" + href.substring(0, href.length() - 1))).statusCode());
        String inner = new String(send(get("/" + href)).body(), StandardCharsets.UTF_8);
        assertTrue(inner.contains("href=\"%C3%A4%20b.txt\""), inner);
        // HttpClient encodes the URI itself from a multi-argument URI constructor
        URI uri = new URI("http", null, "127.0.0.1", server.port(), "/Ünï cödé/ä b.txt", null, null);
        HttpResponse<String> file = client.send(HttpRequest.newBuilder(URI.create(uri.toASCIIString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("unicode", file.body());
    }
}
