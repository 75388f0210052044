package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Response;
import dev.weft.test.RawClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A server that is full says so at once: 503, Retry-After, close. */
class OverloadTest {

    @Test
    void fullQueueGets503WithRetryAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        Server server = Server.start(ServerConfig.builder().port(0).workers(1).queueCapacity(1).build(), request -> {
            busy.countDown();
            release.await();
            return Response.text("served");
        });
        try (RawClient first = new RawClient(server.port());
             RawClient queued = new RawClient(server.port())) {
            first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(busy.await(5, TimeUnit.SECONDS), "the only worker is busy");
            queued.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"); // waits in the queue of 1
            waitFor(() -> server.acceptedConnections() == 2);

            try (RawClient refused = new RawClient(server.port())) {
                RawClient.Reply r = refused.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(503, r.status());
                assertNotNull(r.header("retry-after"));
                assertEquals("close", r.header("connection"));
                assertTrue(refused.closedByServer());
            }
            assertEquals(1, server.rejectedConnections());

            release.countDown();
            assertEquals("served", first.read().text());
            assertEquals("served", queued.read().text(), "the queued connection was served, not dropped");
        } finally {
            release.countDown();
            server.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void maxConnectionsGets503InVirtualThreadMode() throws Exception {
        Server server = Server.start(ServerConfig.builder().port(0).maxConnections(2).build(), r -> Response.text("ok"));
        try (RawClient a = new RawClient(server.port()); RawClient b = new RawClient(server.port())) {
            assertEquals(200, a.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            assertEquals(200, b.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Reply r = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(503, r.status());
                assertEquals("1", r.header("retry-after"));
            }
        }
        // Both keep-alive connections closed: capacity comes back.
        waitFor(() -> server.openConnections() == 0);
        try (RawClient d = new RawClient(server.port())) {
            assertEquals(200, d.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
        } finally {
            server.shutdown(Duration.ofSeconds(5));
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
