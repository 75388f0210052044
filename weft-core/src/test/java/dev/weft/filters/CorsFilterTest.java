package dev.weft.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.http.Response;
import dev.weft.routing.Router;
import dev.weft.test.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CorsFilterTest {

    static TestServer server;
    static final AtomicInteger handled = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        Router router = new Router()
                .filter(CorsFilter.builder()
                        .allowOrigins("https://app.example")
                        .allowMethods("GET", "POST", "DELETE")
                        .allowHeaders("Content-Type", "X-Token")
                        .exposeHeaders("X-Request-Id")
                        .allowCredentials(true)
                        .maxAge(Duration.ofMinutes(10))
                        .build())
                .delete("/todos/{id}", r -> {
                    handled.incrementAndGet();
                    return Response.status(204);
                })
                .get("/todos", r -> Response.text("[]"));
        server = TestServer.start(router);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void allowedPreflightIsAnsweredWithoutReachingTheHandler() throws Exception {
        int before = handled.get();
        HttpResponse<String> response = server.send("OPTIONS", "/todos/1", null,
                "Origin", "https://app.example",
                "Access-Control-Request-Method", "DELETE",
                "Access-Control-Request-Headers", "content-type, x-token");
        assertEquals(204, response.statusCode());
        assertEquals("https://app.example", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("GET, POST, DELETE", response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow());
        assertEquals("content-type, x-token", response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow());
        assertEquals("true", response.headers().firstValue("Access-Control-Allow-Credentials").orElseThrow());
        assertEquals("600", response.headers().firstValue("Access-Control-Max-Age").orElseThrow());
        assertEquals(before, handled.get());
    }

    @Test
    void preflightFromOtherOriginOrForOtherMethodOrHeaderIsRefused() throws Exception {
        HttpResponse<String> origin = server.send("OPTIONS", "/todos/1", null,
                "Origin", "https://evil.example", "Access-Control-Request-Method", "DELETE");
        assertEquals(403, origin.statusCode());
        assertFalse(origin.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        assertEquals(403, server.send("OPTIONS", "/todos/1", null,
                "Origin", "https://app.example", "Access-Control-Request-Method", "PUT").statusCode());
        assertEquals(403, server.send("OPTIONS", "/todos/1", null,
                "Origin", "https://app.example", "Access-Control-Request-Method", "GET",
                "Access-Control-Request-Headers", "X-Other").statusCode());
    }

    @Test
    void actualRequestsGetAllowOriginOnlyForAllowedOrigins() throws Exception {
        HttpResponse<String> allowed = server.get("/todos", "Origin", "https://app.example");
        assertEquals("https://app.example", allowed.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("X-Request-Id", allowed.headers().firstValue("Access-Control-Expose-Headers").orElseThrow());
        assertEquals("Origin", allowed.headers().firstValue("Vary").orElseThrow());

        HttpResponse<String> other = server.get("/todos", "Origin", "https://evil.example");
        assertEquals(200, other.statusCode());
        assertFalse(other.headers().firstValue("Access-Control-Allow-Origin").isPresent());

        HttpResponse<String> sameOrigin = server.get("/todos");
        assertFalse(sameOrigin.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        assertEquals("Origin", sameOrigin.headers().firstValue("Vary").orElseThrow()); // caches must keep them apart
    }

    @Test
    void plainOptionsWithoutPreflightHeadersStillReachesTheRouter() throws Exception {
        HttpResponse<String> response = server.send("OPTIONS", "/todos/1", null, "Origin", "https://app.example");
        assertEquals(204, response.statusCode());
        assertEquals("DELETE, OPTIONS", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void anyOriginWithCredentialsIsRefusedAtConfiguration() {
        assertThrows(IllegalStateException.class,
                () -> CorsFilter.builder().allowOrigins("*").allowCredentials(true).build());
    }
}
