package dev.weft.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Response;
import dev.weft.routing.Router;
import dev.weft.test.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class RequestIdFilterTest {

    @Test
    void idIsKeptWhenSaneGeneratedOtherwiseAndSeenByHandlerAndClient() throws Exception {
        Router router = new Router()
                .filter(new RequestIdFilter())
                .get("/", r -> Response.text(r.require(RequestId.class).value()));
        try (TestServer server = TestServer.start(router)) {
            HttpResponse<String> kept = server.get("/", "X-Request-Id", "abc-123");
            assertEquals("abc-123", kept.body());
            assertEquals("abc-123", kept.headers().firstValue("X-Request-Id").orElseThrow());

            HttpResponse<String> generated = server.get("/");
            String id = generated.headers().firstValue("X-Request-Id").orElseThrow();
            assertEquals(id, generated.body());
            assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
            assertNotEquals(id, server.get("/").body());

            HttpResponse<String> forged = server.get("/", "X-Request-Id", "evil id\" injected");
            assertNotEquals("evil id\" injected", forged.body());
            // 404s carry an id too: the filter wraps the whole router.
            assertTrue(server.get("/missing").headers().firstValue("X-Request-Id").isPresent());
        }
    }
}
