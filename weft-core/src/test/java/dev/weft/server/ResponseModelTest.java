package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Body;
import dev.weft.http.InvalidHeaderException;
import dev.weft.http.Response;
import dev.weft.routing.Router;
import dev.weft.test.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The protocol-neutral response model on HTTP/1.1: trailer fields (sent after a chunked body,
 * RFC 9112 7.1.2) and {@code closeAfter()} (rendered as {@code Connection: close}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseModelTest {

    /** What the streamed body writes, and so what its checksum trailer must say. */
    private static final byte[] STREAMED = "0123456789".repeat(1000).getBytes(StandardCharsets.US_ASCII);

    private TestServer server;
    /** How many times a trailer value was computed since the test began. */
    private final AtomicInteger evaluated = new AtomicInteger();

    @BeforeAll
    void start() throws IOException {
        server = TestServer.start(new Router()
                .get("/checksum", r -> {
                    CRC32 crc = new CRC32();
                    return Response.ok().contentType("application/octet-stream")
                            .body(Body.streaming(out -> {
                                for (int i = 0; i < STREAMED.length; i += 1000) {
                                    out.write(STREAMED, i, 1000);
                                    crc.update(STREAMED, i, 1000);
                                }
                            }))
                            .trailer("X-Checksum", () -> {
                                evaluated.incrementAndGet();
                                return Long.toHexString(crc.getValue());
                            });
                })
                .get("/known", r -> Response.text("hello").trailer("X-Done", () -> {
                    evaluated.incrementAndGet();
                    return "yes";
                }).trailer("X-Skipped", () -> null))
                .get("/failing", r -> Response.text("hello").trailer("X-Broken", () -> {
                    throw new IllegalStateException("no value");
                }))
                .get("/fake-trailer", r -> Response.text("x").header("Trailer", "X-Fake"))
                .get("/close-after", r -> Response.text("bye").closeAfter())
                .get("/close-header", r -> Response.text("bye").header("Connection", "close"))
                .get("/plain", r -> Response.text("hi")));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        evaluated.set(0);
    }

    private static String head(String response) {
        return response.substring(0, response.indexOf("\r\n\r\n") + 2);
    }

    @Test
    void aStreamedBodyEndsWithTheTrailerComputedWhileItWasWritten() throws IOException {
        String response = server.raw("GET /checksum HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        CRC32 crc = new CRC32();
        crc.update(STREAMED);
        String head = head(response);
        assertTrue(head.contains("\r\nTrailer: X-Checksum\r\n"), head);
        assertTrue(head.contains("\r\nTransfer-Encoding: chunked\r\n"), head);
        assertTrue(response.endsWith("\r\n0\r\nX-Checksum: " + Long.toHexString(crc.getValue()) + "\r\n\r\n"), response);
        assertEquals(1, evaluated.get());
    }

    @Test
    void aBodyOfKnownLengthIsSentChunkedToCarryItsTrailers() throws IOException {
        String response = server.raw("GET /known HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        String head = head(response);
        assertTrue(head.contains("\r\nTrailer: X-Done, X-Skipped\r\n"), head);
        assertTrue(head.contains("\r\nTransfer-Encoding: chunked\r\n"), head);
        assertFalse(head.contains("Content-Length"), head);
        // A null value leaves its field out.
        assertTrue(response.endsWith("\r\n\r\n5\r\nhello\r\n0\r\nX-Done: yes\r\n\r\n"), response);
    }

    @Test
    void http10CannotCarryTrailersSoTheyAreDroppedUncomputed() throws IOException {
        String response = server.raw("GET /known HTTP/1.0\r\n\r\n");
        String head = head(response);
        assertTrue(head.contains("\r\nContent-Length: 5\r\n"), head);
        assertFalse(head.contains("Trailer"), head);
        assertFalse(head.contains("chunked"), head);
        assertTrue(response.endsWith("\r\n\r\nhello"), response);
        assertEquals(0, evaluated.get());
    }

    @Test
    void headAnnouncesTrailersButComputesNone() throws IOException {
        String response = server.raw("HEAD /known HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertTrue(response.contains("\r\nTrailer: X-Done, X-Skipped\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\n"), "no body: " + response);
        assertEquals(0, evaluated.get());
    }

    @Test
    void aFailingTrailerCutsTheResponseShort() throws Exception {
        String response = server.raw("GET /failing HTTP/1.1\r\nHost: a\r\n\r\n");
        assertFalse(response.contains("\r\n0\r\n"), "no last chunk, so the client sees it unfinished: " + response);
        assertEquals("hi", server.get("/plain").body(), "the server carries on");
    }

    @Test
    void aTrailerFieldSetByTheHandlerIsNotSent() throws IOException {
        String response = server.raw("GET /fake-trailer HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertFalse(response.contains("Trailer"), response);
        assertTrue(response.contains("\r\nContent-Length: 1\r\n"), response);
    }

    @Test
    void theJdkClientReadsAResponseWithTrailers() throws Exception {
        HttpResponse<byte[]> response = server.sendBytes(server.request("/checksum").GET().build());
        assertEquals(200, response.statusCode());
        assertEquals(new String(STREAMED, StandardCharsets.US_ASCII), new String(response.body(), StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length", "transfer-encoding", "Trailer", "Host", "Connection", "TE",
        "Authorization", "Set-Cookie", "Content-Type", "Content-Encoding", "Cache-Control", "Location"})
    void fieldsThatMustComeBeforeTheBodyAreRefusedWhenDeclared(String name) {
        Response response = Response.ok();
        InvalidHeaderException e = assertThrows(InvalidHeaderException.class, () -> response.trailer(name, "1"));
        assertEquals("field " + name + " may not be sent as a trailer", e.getMessage());
        assertTrue(response.trailers().isEmpty());
    }

    @Test
    void aTrailerNameMustBeAToken() {
        assertThrows(InvalidHeaderException.class, () -> Response.ok().trailer("X Bad", "1"));
        assertThrows(InvalidHeaderException.class, () -> Response.ok().trailer("X-Ok", "a\r\nInjected: 1")
                .trailers().evaluate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/close-after", "/close-header"})
    void closeAfterEndsTheConnectionAfterTheResponse(String path) throws IOException {
        // Two requests in one write on a keep-alive connection: only the first is answered.
        String response = server.raw("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /plain HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(head(response).contains("\r\nConnection: close\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\nbye"), "nothing after the first response: " + response);
        assertEquals(1, response.split("HTTP/1.1 ", -1).length - 1, response);
    }

    @Test
    void closesAfterReportsBothWays() {
        assertFalse(Response.ok().closesAfter());
        assertTrue(Response.ok().closeAfter().closesAfter());
        assertTrue(Response.ok().header("Connection", "close").closesAfter());
    }
}
