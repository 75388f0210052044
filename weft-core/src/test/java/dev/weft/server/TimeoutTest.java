package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Body;
import dev.weft.http.Handler;
import dev.weft.http.Response;
import dev.weft.test.RawClient;
import dev.weft.test.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Slow and idle clients: each timeout ends a connection that would otherwise hold a thread
 * forever. Bounds are generous; what is asserted is that the connection ends, with the
 * right answer, and that the server goes on serving.
 */
class TimeoutTest {

    private static Server start(int workers) throws IOException {
        return Server.start(TestServer.config(workers).port(0)
                .headerTimeout(Duration.ofMillis(800))
                .idleTimeout(Duration.ofMillis(800))
                .minBodyRate(1000)
                .writeTimeout(Duration.ofMillis(800))
                .build(), TestHandlers.all());
    }

    private static void assertStillServing(Server server) throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            assertEquals("hello", c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
        }
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 2})
    void headTrickledByteByByteGets408(int workers) throws Exception {
        try (Server server = start(workers); RawClient c = new RawClient(server.port())) {
            String head = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(200) + "\r\n\r\n";
            long t0 = System.nanoTime();
            RawClient.Reply reply = null;
            try {
                for (int i = 0; i < head.length(); i++) {
                    c.send(head.substring(i, i + 1)); // each byte well within the read timeout
                    Thread.sleep(20);
                }
            } catch (IOException closed) {
                // expected: the server gave up on us
            }
            reply = c.read();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(408, reply.status());
            assertEquals("close", reply.header("connection"));
            assertTrue(millis < 4000, "closed after about the header timeout, took " + millis + " ms");
            assertStillServing(server);
        }
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 2})
    void silentNewConnectionIsClosed(int workers) throws Exception {
        try (Server server = start(workers); RawClient c = new RawClient(server.port())) {
            c.setTimeout(5000);
            assertTrue(c.closedByServer(), "a connection that never sends is closed");
            assertStillServing(server);
        }
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 2})
    void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout(int workers) throws Exception {
        try (Server server = start(workers); RawClient c = new RawClient(server.port())) {
            assertEquals(200, c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            long t0 = System.nanoTime();
            c.setTimeout(5000);
            assertTrue(c.closedByServer());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis >= 500 && millis < 4000, "idle close after ~800 ms, took " + millis + " ms");
            waitFor(() -> server.openConnections() == 0);
        }
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 2})
    void bodyBelowTheMinimumRateGets408(int workers) throws Exception {
        try (Server server = start(workers); RawClient c = new RawClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
            try {
                for (int i = 0; i < 200; i++) { // 10 bytes every 100 ms: 100 B/s, a tenth of the minimum
                    c.send("0123456789");
                    Thread.sleep(100);
                }
            } catch (IOException closed) {
                // expected
            }
            RawClient.Reply reply = c.read();
            assertEquals(408, reply.status());
            assertEquals("close", reply.header("connection"));
            assertStillServing(server);
        }
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 2})
    void clientThatStopsReadingIsDropped(int workers) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        assertNonReaderDropped(workers, request -> Response.ok().body(Body.streaming(out -> {
            for (int i = 0; i < 100_000; i++) { // 6 GB: far more than any socket buffer holds
                out.write(chunk);
            }
        })));
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 2})
    void clientThatStopsReadingAFileIsDropped(int workers) throws Exception {
        // Files go to the socket with transferTo, which waits for room its own way: that wait
        // must be timed as well.
        Path file = Files.createTempFile("weft-stall", ".bin");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(1L << 30); // 1 GiB of holes: far more than any socket buffer holds
        }
        try {
            assertNonReaderDropped(workers, request -> Response.ok().body(Body.ofFile(file)));
        } finally {
            Files.delete(file);
        }
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {4})
    void idleKeepAliveConnectionsDoNotHoldFixedWorkersHostage(int workers) throws Exception {
        try (Server server = Server.start(TestServer.config(workers).port(0).build(), TestHandlers.all())) {
            List<RawClient> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    RawClient c = new RawClient(server.port());
                    assertEquals(200, c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
                    idle.add(c); // keep-alive, now idle: 100 of them against 4 workers
                }
                long t0 = System.nanoTime();
                assertStillServing(server);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(millis < 2000, "a new client was served in " + millis + " ms");
                // and the idle ones are still alive and served on their next request
                for (RawClient c : idle.subList(0, 10)) {
                    assertEquals(200, c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
                }
            } finally {
                for (RawClient c : idle) {
                    c.close();
                }
            }
        }
    }

    /**
     * Asks a server with an 800 ms write timeout for an answer larger than any socket buffer,
     * reads its start, so the server is known to be writing, then reads no more: the write
     * timeout must end the connection.
     */
    private static void assertNonReaderDropped(int workers, Handler handler) throws Exception {
        try (Server server = Server.start(TestServer.config(workers).port(0)
                .writeTimeout(Duration.ofMillis(800)).build(), handler);
                Socket lazy = new Socket("127.0.0.1", server.port())) {
            lazy.setReceiveBufferSize(4096);
            OutputStream out = lazy.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            out.flush();
            byte[] start = new byte[12];
            int n = lazy.getInputStream().readNBytes(start, 0, start.length);
            assertEquals("HTTP/1.1 200", new String(start, 0, n, StandardCharsets.US_ASCII));
            assertEquals(1, server.openConnections());
            long t0 = System.nanoTime();
            waitFor(() -> server.openConnections() == 0);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis >= 300, "dropped after " + millis + " ms, long before the 800 ms write timeout");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
