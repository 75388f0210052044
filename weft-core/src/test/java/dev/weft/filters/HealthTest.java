package dev.weft.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Response;
import dev.weft.routing.Router;
import dev.weft.test.TestServer;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void liveAndReadyFollowStateAndChecks() throws Exception {
        AtomicBoolean database = new AtomicBoolean(true);
        Health health = new Health().addReadinessCheck("database", database::get)
                .addReadinessCheck("cache", () -> true);
        Router router = new Router().filter(health).get("/", r -> Response.text("app"));
        try (TestServer server = TestServer.start(router)) {
            HttpResponse<String> ready = server.get("/health/ready");
            assertEquals(200, ready.statusCode());
            assertEquals("{\"status\":\"UP\",\"checks\":{\"database\":\"UP\",\"cache\":\"UP\"}}", ready.body());
            assertEquals("no-store", ready.headers().firstValue("Cache-Control").orElseThrow());
            assertEquals("application/json", ready.headers().firstValue("Content-Type").orElseThrow());

            database.set(false);
            ready = server.get("/health/ready");
            assertEquals(503, ready.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"checks\":{\"database\":\"DOWN\",\"cache\":\"UP\"}}", ready.body());
            assertEquals(200, server.get("/health/live").statusCode(), "a dependency down does not fail liveness");

            database.set(true);
            health.markNotReady();
            assertTrue(health.draining());
            ready = server.get("/health/ready");
            assertEquals(503, ready.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"draining\":true,\"checks\":{\"database\":\"UP\",\"cache\":\"UP\"}}", ready.body());
            HttpResponse<String> live = server.get("/health/live");
            assertEquals(200, live.statusCode());
            assertEquals("{\"status\":\"UP\"}", live.body());
            assertEquals("app", server.get("/").body(), "other requests are still served");
            assertEquals(405, server.send("POST", "/health/live", "").statusCode());

            health.markNotLive();
            assertEquals(503, server.get("/health/live").statusCode());
        }
    }

    @Test
    void aThrowingCheckIsDownAndPathsAreConfigurable() throws Exception {
        Health health = new Health("/_/probe").addReadinessCheck("boom", () -> {
            throw new IllegalStateException("no");
        });
        Router router = new Router().get("/ready", health.ready()).filter(health);
        try (TestServer server = TestServer.start(router)) {
            assertEquals(503, server.get("/_/probe/ready").statusCode());
            assertEquals(503, server.get("/ready").statusCode());
            assertEquals(200, server.get("/_/probe/live").statusCode());
            assertEquals(404, server.get("/health/live").statusCode());
        }
        assertEquals("/live", new Health("/").livePath());
        assertThrows(IllegalArgumentException.class, () -> new Health("health"));
        assertThrows(IllegalArgumentException.class, () -> new Health("/health/"));
        assertThrows(IllegalArgumentException.class, () -> new Health().addReadinessCheck("a", () -> true)
                .addReadinessCheck("a", () -> true));
    }
}
