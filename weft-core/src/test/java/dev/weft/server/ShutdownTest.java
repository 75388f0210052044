package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Response;
import dev.weft.test.RawClient;
import dev.weft.test.TestServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Graceful shutdown: what is in flight finishes, what is idle closes, nothing new gets in. */
class ShutdownTest {

    @ParameterizedTest(name = "workers={0} (0 = virtual threads)")
    @ValueSource(ints = {0, 64})
    void fiftyInFlightRequestsAllCompleteAndNewConnectionsAreRefused(int workers) throws Exception {
        CountDownLatch inHandler = new CountDownLatch(50);
        Server server = Server.start(TestServer.config(workers).port(0).build(), request -> {
            inHandler.countDown();
            Thread.sleep(1500);
            return Response.text("done " + request.path());
        });
        int port = server.port();
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<RawClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String path = "/r" + i;
                replies.add(clients.submit(() -> {
                    try (RawClient c = new RawClient(port)) {
                        return c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
                    }
                }));
            }
            // An idle keep-alive connection: served once, then waiting.
            RawClient idle = new RawClient(port);
            assertTrue(inHandler.await(10, TimeUnit.SECONDS), "all 50 requests reached the handler");

            long t0 = System.nanoTime();
            ShutdownReport report = server.shutdown(Duration.ofSeconds(30));
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;

            for (int i = 0; i < 50; i++) {
                RawClient.Reply r = replies.get(i).get(10, TimeUnit.SECONDS);
                assertEquals(200, r.status());
                assertEquals("done /r" + i, r.text());
                assertEquals("close", r.header("connection"), "answers during shutdown close the connection");
            }
            assertTrue(tookMillis < 10_000, "close() returned well before the 30 s deadline: " + tookMillis + " ms");
            assertEquals(0, report.cutOff());
            assertTrue(report.inFlight() >= 50, report.toString());
            assertTrue(report.clean());
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(),
                    "the listener is closed");
            idle.setTimeout(2000);
            assertTrue(idle.closedByServer(), "the idle connection was closed");
            idle.close();
        } finally {
            clients.shutdownNow();
            server.shutdown(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest(name = "workers={0} (0 = virtual threads)")
    @ValueSource(ints = {0, 4})
    void idleKeepAliveConnectionsAreClosedAtOnce(int workers) throws IOException {
        Server server = Server.start(TestServer.config(workers).port(0).build(), r -> Response.text("hi"));
        List<RawClient> idle = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawClient c = new RawClient(server.port());
            assertEquals(200, c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            idle.add(c);
        }
        ShutdownReport report = server.shutdown(Duration.ofSeconds(30));
        assertEquals(3, report.idleClosed(), report.toString());
        assertTrue(report.elapsed().toMillis() < 5000, report.toString());
        for (RawClient c : idle) {
            assertTrue(c.closedByServer());
            c.close();
        }
    }

    @ParameterizedTest(name = "workers={0} (0 = virtual threads)")
    @ValueSource(ints = {0, 4})
    void requestsPastTheDeadlineAreCutOffAndReported(int workers) throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        Server server = Server.start(TestServer.config(workers).port(0).build(), request -> {
            inHandler.countDown();
            Thread.sleep(60_000);
            return Response.text("too late");
        });
        RawClient c = new RawClient(server.port());
        c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(inHandler.await(5, TimeUnit.SECONDS));
        ShutdownReport report = server.shutdown(Duration.ofMillis(300));
        assertEquals(1, report.cutOff(), report.toString());
        assertTrue(report.elapsed().toMillis() < 8000, report.toString());
        assertTrue(c.closedByServer());
        c.close();
    }

    @ParameterizedTest(name = "workers={0} (0 = virtual threads)")
    @ValueSource(ints = {0, 4})
    void shutdownIsIdempotent(int workers) throws IOException {
        Server server = Server.start(TestServer.config(workers).port(0).build(), r -> Response.text("hi"));
        ShutdownReport first = server.shutdown(Duration.ofSeconds(1));
        server.close();
        assertEquals(first, server.shutdown(Duration.ofSeconds(1)));
    }
}
