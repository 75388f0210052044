package dev.weft.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.HttpException;
import dev.weft.http.Response;
import dev.weft.routing.Router;
import dev.weft.test.FakeRequest;
import dev.weft.test.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimeoutFilterTest {

    @Test
    void overrunningHandlerGets503AndIsInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Router router = new Router()
                .filter(TimeoutFilter.of(Duration.ofMillis(200)))
                .get("/slow", r -> {
                    try {
                        never.await(); // blocks until interrupted
                        return Response.text("finished?");
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                })
                .get("/fast", r -> Response.text("quick on " + Thread.currentThread().getName()))
                .get("/fails", r -> {
                    throw new HttpException(409, "nope");
                });
        try (TestServer server = TestServer.start(router)) {
            HttpResponse<String> slow = server.get("/slow");
            assertEquals(503, slow.statusCode());
            assertTrue(slow.body().startsWith("the request took longer than 200 ms"), slow.body());
            assertTrue(interrupted.await(20, TimeUnit.SECONDS), "the handler thread was not interrupted");

            assertEquals("quick on weft-deadline", server.get("/fast").body()); // runs on a thread of its own
            HttpResponse<String> fails = server.get("/fails");
            assertEquals(409, fails.statusCode()); // exceptions pass through unchanged
            assertEquals("nope", fails.body().strip());
        }
    }

    @Test
    void theTimeoutAnswerClosesTheConnectionAfterIt() throws Exception {
        // The handler may have left the body unread: the 503 must end the exchange and the connection.
        CountDownLatch never = new CountDownLatch(1);
        Response late = TimeoutFilter.of(Duration.ofMillis(50)).filter(new FakeRequest("POST", "/slow"), r -> {
            never.await();
            return Response.ok();
        });
        assertEquals(503, late.status());
        assertTrue(late.closesAfter());
        Response quick = TimeoutFilter.of(Duration.ofSeconds(10)).filter(new FakeRequest("GET", "/"), r -> Response.ok());
        assertFalse(quick.closesAfter(), "a response in time keeps the connection");
    }
}
