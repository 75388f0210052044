package dev.weft.filters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Body;
import dev.weft.http.Response;
import dev.weft.routing.Router;
import dev.weft.test.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CompressionFilterTest {

    static final String BIG = "{\"items\":[" + "\"weft weaves requests\",".repeat(200) + "\"end\"]}";
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Router router = new Router()
                .filter(new CompressionFilter())
                .get("/big", r -> Response.ok().json(BIG).header("ETag", "\"v1\""))
                .get("/tiny", r -> Response.text("hi"))
                .get("/png", r -> Response.ok().contentType("image/png").body(new byte[4096]))
                .get("/stream", r -> Response.ok().contentType("text/plain").body(Body.streaming(out -> {
                    for (int i = 0; i < 100; i++) {
                        out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                })))
                .get("/encoded", r -> Response.ok().contentType("text/plain").header("Content-Encoding", "br")
                        .body(new byte[2048]))
                .get("/range", r -> Response.status(206).contentType("text/plain")
                        .header("Content-Range", "bytes 0-2047/4096").body(BIG.substring(0, 2048).getBytes()));
        server = TestServer.start(router);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder b = server.request(path).GET();
        if (acceptEncoding != null) {
            b.header("Accept-Encoding", acceptEncoding);
        }
        return server.sendBytes(b.build());
    }

    private static String gunzip(byte[] bytes) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void largeJsonIsGzippedWithVaryAndWeakEtag() throws Exception {
        HttpResponse<byte[]> response = get("/big", "br;q=1, gzip;q=0.8");
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals("Accept-Encoding", response.headers().firstValue("Vary").orElseThrow());
        assertEquals("W/\"v1\"", response.headers().firstValue("ETag").orElseThrow());
        assertTrue(response.body().length < BIG.length() / 4, "compressed to " + response.body().length);
        assertEquals(Long.toString(response.body().length), response.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(BIG, gunzip(response.body()));
    }

    @Test
    void clientThatDoesNotAcceptGzipGetsIdentityButStillVary() throws Exception {
        for (String accept : new String[] {null, "identity", "gzip;q=0", "br", "*;q=0"}) {
            HttpResponse<byte[]> response = get("/big", accept);
            assertFalse(response.headers().firstValue("Content-Encoding").isPresent(), "Accept-Encoding: " + accept);
            assertEquals("Accept-Encoding", response.headers().firstValue("Vary").orElseThrow());
            assertArrayEquals(BIG.getBytes(StandardCharsets.UTF_8), response.body());
        }
        assertEquals("gzip", get("/big", "*").headers().firstValue("Content-Encoding").orElseThrow());
    }

    @Test
    void tinyIncompressibleEncodedAndRangeResponsesAreLeftAlone() throws Exception {
        assertEquals("hi", new String(get("/tiny", "gzip").body(), StandardCharsets.UTF_8));
        assertFalse(get("/tiny", "gzip").headers().firstValue("Content-Encoding").isPresent());
        HttpResponse<byte[]> png = get("/png", "gzip");
        assertFalse(png.headers().firstValue("Content-Encoding").isPresent());
        assertFalse(png.headers().firstValue("Vary").isPresent());
        assertEquals("br", get("/encoded", "gzip").headers().firstValue("Content-Encoding").orElseThrow());
        HttpResponse<byte[]> range = get("/range", "gzip");
        assertEquals(206, range.statusCode());
        assertFalse(range.headers().firstValue("Content-Encoding").isPresent());
        assertEquals(2048, range.body().length);
    }

    @Test
    void streamedBodiesAreCompressedAsTheyGo() throws Exception {
        HttpResponse<byte[]> response = get("/stream", "gzip");
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElseThrow());
        assertFalse(response.headers().firstValue("Content-Length").isPresent());
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            expected.append("line ").append(i).append('\n');
        }
        assertEquals(expected.toString(), gunzip(response.body()));
    }
}
