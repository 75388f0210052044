package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.routing.Router;
import dev.weft.test.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Typed access to forms, cookies, bodies and application state, with their 400/413/415 answers. */
class RequestReadersTest {

    static TestServer server;

    /** Application state: handed to handlers through the router, no static singleton. */
    record Counter(AtomicInteger hits) {
    }

    @BeforeAll
    static void start() throws Exception {
        Router router = new Router()
                .post("/form", r -> {
                    Map<String, List<String>> form = r.form(64);
                    return Response.text(form.toString());
                })
                .post("/text", r -> Response.text("got " + r.bodyString(10)))
                .post("/bytes", r -> Response.text("len " + r.bodyBytes(10).length))
                .get("/cookies", r -> Response.text(r.cookies() + " sid=" + r.cookie("sid").orElse("-")))
                .get("/set-cookie", r -> Response.text("ok")
                        .cookie(SetCookie.of("sid", "abc123").path("/").httpOnly().sameSite("Lax"))
                        .cookie(SetCookie.of("theme", "dark")))
                .get("/state", r -> Response.text("hits " + r.require(Counter.class).hits().incrementAndGet()))
                .get("/no-state", r -> Response.text(r.require(String.class)))
                .state(Counter.class, new Counter(new AtomicInteger()));
        server = TestServer.start(router);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void formIsDecodedWithRepeatedFields() throws Exception {
        HttpResponse<String> response = server.send("POST", "/form", "a=1&b=x+y&a=%C3%A9",
                "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
        assertEquals(200, response.statusCode());
        assertEquals("{a=[1, é], b=[x y]}", response.body());
    }

    @Test
    void formWithOtherContentTypeIs415() throws Exception {
        HttpResponse<String> response = server.send("POST", "/form", "{}", "Content-Type", "application/json");
        assertEquals(415, response.statusCode());
        assertEquals("expected Content-Type application/x-www-form-urlencoded", response.body().strip());
    }

    @Test
    void malformedFormIs400() throws Exception {
        HttpResponse<String> response = server.send("POST", "/form", "a=%zz",
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("malformed form body"), response.body());
    }

    @Test
    void formOverItsLimitIs413() throws Exception {
        HttpResponse<String> response = server.send("POST", "/form", "a=" + "x".repeat(100),
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(413, response.statusCode());
    }

    @Test
    void bodyLimitsApplyToDeclaredAndChunkedBodies() throws Exception {
        assertEquals("got 0123456789", server.send("POST", "/text", "0123456789").body());
        assertEquals(413, server.send("POST", "/text", "0123456789X").statusCode());
        // Chunked: no Content-Length to refuse up front, so the limit is found while reading.
        String raw = server.raw("POST /bytes HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "6\r\n012345\r\n6\r\n678901\r\n0\r\n\r\n");
        assertTrue(raw.startsWith("HTTP/1.1 413 "), raw);
        String ok = server.raw("POST /bytes HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n");
        assertTrue(ok.startsWith("HTTP/1.1 200 ") && ok.endsWith("len 10"), ok);
    }

    @Test
    void invalidUtf8BodyIs400() throws Exception {
        HttpResponse<String> response = server.send(server.request("/text")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'a', (byte) 0xC3, '('})).build());
        assertEquals(400, response.statusCode());
        assertEquals("request body is not valid UTF-8", response.body().strip());
    }

    @Test
    void cookiesAreParsed() throws Exception {
        HttpResponse<String> response = server.get("/cookies", "Cookie", "sid=abc; theme=\"dark\"; sid=older; junk");
        assertEquals("{sid=abc, theme=dark} sid=abc", response.body());
        assertEquals("{} sid=-", server.get("/cookies").body());
    }

    @Test
    void setCookieHeadersAreAddedNotReplaced() throws Exception {
        HttpResponse<String> response = server.get("/set-cookie");
        assertEquals(List.of("sid=abc123; Path=/; HttpOnly; SameSite=Lax", "theme=dark"),
                response.headers().allValues("Set-Cookie"));
    }

    @Test
    void stateReachesHandlersThroughTheRequest() throws Exception {
        String first = server.get("/state").body();
        String second = server.get("/state").body();
        int a = Integer.parseInt(first.substring(5));
        assertEquals("hits " + (a + 1), second);
        assertEquals(500, server.get("/no-state").statusCode()); // a wiring mistake, not the client's
    }
}
