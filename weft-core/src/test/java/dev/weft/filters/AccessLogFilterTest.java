package dev.weft.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.HttpException;
import dev.weft.http.Response;
import dev.weft.routing.Router;
import dev.weft.test.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AccessLogFilterTest {

    @Test
    void recordsMethodTargetFinalStatusAndRequestId() throws Exception {
        List<AccessLogFilter.Entry> entries = new CopyOnWriteArrayList<>();
        Router router = new Router()
                .filter(new RequestIdFilter())
                .filter(new AccessLogFilter(entries::add))
                .get("/ok", r -> Response.text("fine"))
                .get("/teapot", r -> {
                    throw new HttpException(418, "no coffee");
                });
        try (TestServer server = TestServer.start(router)) {
            HttpResponse<String> ok = server.get("/ok?x=1", "X-Request-Id", "req-1");
            assertTrue(ok.headers().firstValue("Server-Timing").orElseThrow().matches("app;dur=\\d+\\.\\d{3}"));
            server.get("/teapot", "X-Request-Id", "req-2");
            server.get("/missing", "X-Request-Id", "req-3");
        }
        assertEquals(3, entries.size());
        AccessLogFilter.Entry first = entries.get(0);
        assertEquals("GET", first.method());
        assertEquals("/ok?x=1", first.target());
        assertEquals(200, first.status());
        assertEquals("req-1", first.requestId());
        assertFalse(first.duration().isNegative());
        // Exceptions are mapped inside the filters, so the log sees the status the client got.
        assertEquals(418, entries.get(1).status());
        assertEquals(404, entries.get(2).status());
        assertTrue(first.toString().startsWith("GET /ok?x=1 200 "), first.toString());
    }
}
