package dev.weft.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Response;
import dev.weft.routing.Router;
import dev.weft.test.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BodyLimitFilterTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Router router = new Router()
                // Reads the raw stream itself, as a parser would, and wraps what it throws.
                .post("/small", BodyLimitFilter.of(8).wrap(r -> {
                    try {
                        return Response.text("read " + r.body().readAllBytes().length);
                    } catch (RuntimeException e) {
                        throw new UncheckedIOException(new IOException("parser failed", e));
                    }
                }))
                .post("/large", r -> Response.text("read " + r.body().readAllBytes().length));
        server = TestServer.start(router);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void declaredLengthOverTheLimitIsRefusedBeforeReading() throws Exception {
        assertEquals("read 8", server.send("POST", "/small", "12345678").body());
        assertEquals(413, server.send("POST", "/small", "123456789").statusCode());
        assertEquals("read 9", server.send("POST", "/large", "123456789").body()); // other routes unaffected
    }

    @Test
    void chunkedBodyOverTheLimitIs413AndClosesTheConnectionEvenWhenWrapped() throws Exception {
        String raw = server.raw("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n12345\r\n5\r\n67890\r\n0\r\n\r\n");
        assertTrue(raw.startsWith("HTTP/1.1 413 "), raw);
        assertTrue(raw.contains("\r\nConnection: close\r\n"), raw);
        assertTrue(raw.endsWith("request body is larger than 8 bytes\n"), raw);
    }
}
