package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.http.Body;
import dev.weft.http.Response;
import dev.weft.http1.Http1Connection;
import dev.weft.test.RawClient;
import dev.weft.test.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
 * Clients that hold connections without finishing a request, or without reading their
 * answers, must not keep anyone else waiting: with two fixed workers as with virtual threads.
 * The header timeout is long (10 s) on purpose, so that a server that lets these clients
 * hold its workers answers the legitimate client only after it, far beyond the second the
 * tests allow.
 */
class WorkerStarvationTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    /** Many more hostile connections than workers, few enough for a small test machine. */
    private static final int HOSTILE = 20;
    private static final long PROMPT_MILLIS = 1000;

    private static Server start(int workers) throws IOException {
        return Server.start(TestServer.config(workers).port(0)
                .headerTimeout(Duration.ofSeconds(10))
                .idleTimeout(Duration.ofSeconds(10))
                .shutdownTimeout(Duration.ofSeconds(1))
                .build(), TestHandlers.all());
    }

    @ParameterizedTest(name = "workers={0} (0 = virtual threads)")
    @ValueSource(ints = {0, 2})
    void silentConnectionsDoNotDelayAClientThatSendsItsRequest(int workers) throws Exception {
        try (Server server = start(workers); Hostile silent = new Hostile()) {
            for (int i = 0; i < HOSTILE; i++) {
                silent.open(server.port());
            }
            waitFor(() -> server.acceptedConnections() == HOSTILE);
            assertAnsweredPromptly(server);
        }
    }

    @ParameterizedTest(name = "workers={0} (0 = virtual threads)")
    @ValueSource(ints = {0, 2})
    void halfSentRequestLinesDoNotDelayAClientThatSendsItsRequest(int workers) throws Exception {
        try (Server server = start(workers); Hostile halfway = new Hostile()) {
            for (int i = 0; i < HOSTILE; i++) {
                halfway.open(server.port()).send("GET /index.ht");
            }
            waitFor(() -> server.acceptedConnections() == HOSTILE);
            Thread.sleep(100); // their bytes have arrived
            assertAnsweredPromptly(server);
        }
    }

    @ParameterizedTest(name = "workers={0} (0 = virtual threads)")
    @ValueSource(ints = {0, 2})
    void keepAliveClientsThatSendHalfTheirNextHeadDoNotDelayOthers(int workers) throws Exception {
        try (Server server = start(workers); Hostile halfway = new Hostile()) {
            for (int i = 0; i < HOSTILE; i++) {
                RawClient c = halfway.open(server.port());
                c.setTimeout(3000);
                try {
                    assertEquals(200, c.send(GET).read().status());
                } catch (SocketTimeoutException e) {
                    fail("client " + i + " was not answered within 3 s: the clients before it hold the workers");
                }
                // At once, while the worker may still wait for the next request, or later,
                // once the connection is parked: either way half a head, then nothing.
                if (i % 2 == 1) {
                    Thread.sleep(Http1Connection.RELEASE_AFTER_MILLIS + 30);
                }
                c.send("GET / HTTP/1.1\r\nHost");
            }
            Thread.sleep(100);
            assertAnsweredPromptly(server);
        }
    }

    @ParameterizedTest(name = "workers={0} (0 = virtual threads)")
    @ValueSource(ints = {0, 2})
    void reopenedHalfSentRequestsDoNotKeepTheServerDown(int workers) throws Exception {
        try (Server server = start(workers); Hostile halfway = new Hostile()) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < HOSTILE; i++) {
                    halfway.open(server.port()).send("GET / HTTP/1.1\r\n");
                }
                halfway.closeAll(); // and open as many again, as a slowloris client does
            }
            for (int i = 0; i < HOSTILE; i++) {
                halfway.open(server.port()).send("GET / HTTP/1.1\r\n");
            }
            Thread.sleep(100);
            assertAnsweredPromptly(server);
        }
    }

    /**
     * Clients that pipeline downloads much larger than any socket buffer and never read: each
     * may hold a worker (fixed workers), but only for the write timeout once, not once per
     * pipelined request, after which others are served.
     */
    @ParameterizedTest(name = "workers={0} (0 = virtual threads)")
    @ValueSource(ints = {0, 2})
    void pipelinedDownloadsNeverReadAreDroppedAfterOneWriteTimeout(int workers) throws Exception {
        Path file = Files.createTempFile("weft-starve", ".bin");
        Files.write(file, new byte[4 << 20]);
        byte[] big = new byte[4 << 20];
        long writeTimeoutMillis = 1000;
        try (Server server = Server.start(TestServer.config(workers).port(0)
                .writeTimeout(Duration.ofMillis(writeTimeoutMillis)).build(),
                request -> switch (request.path()) {
                    case "/file" -> Response.ok().body(Body.ofFile(file));
                    case "/bytes" -> Response.ok().body(big);
                    default -> Response.text("hello");
                });
                Hostile readers = new Hostile()) {
            String pipeline = ("GET /file HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /bytes HTTP/1.1\r\nHost: x\r\n\r\n").repeat(5);
            int clients = 2 * Math.max(workers, 1);
            long t0 = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                readers.openNonReading(server.port()).write(pipeline.getBytes(StandardCharsets.US_ASCII));
            }
            waitFor(() -> server.acceptedConnections() == clients);
            waitFor(() -> server.openConnections() == 0);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            // Fixed workers serve the non-readers two at a time: two rounds of one write timeout
            // each (once per pipelined request would be five times as long).
            long rounds = workers == 0 ? 1 : clients / workers;
            assertTrue(millis < rounds * writeTimeoutMillis + 1500,
                    "clients that never read were dropped after " + millis + " ms; the write timeout is "
                            + writeTimeoutMillis + " ms");
            assertAnsweredPromptly(server);
        } finally {
            Files.delete(file);
        }
    }

    private static void assertAnsweredPromptly(Server server) throws IOException {
        long t0 = System.nanoTime();
        try (RawClient c = new RawClient(server.port())) {
            c.setTimeout(5000);
            RawClient.Reply reply = c.send(GET).read();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("hello", reply.text());
            assertTrue(millis < PROMPT_MILLIS, "the legitimate client was answered after " + millis + " ms");
        } catch (SocketTimeoutException e) {
            fail("the legitimate client was not answered within 5 s (" + server.mode() + ")");
        }
    }

    /** The hostile side's sockets, closed at the end of a test. */
    private static final class Hostile implements AutoCloseable {
        private final List<AutoCloseable> open = new ArrayList<>();

        RawClient open(int port) throws IOException {
            RawClient c = new RawClient(port);
            open.add(c);
            return c;
        }

        /** A socket with a small receive buffer, never read. */
        OutputStream openNonReading(int port) throws IOException {
            Socket s = new Socket();
            s.setReceiveBufferSize(4096);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            open.add(s);
            return s.getOutputStream();
        }

        void closeAll() throws Exception {
            for (AutoCloseable c : open) {
                c.close();
            }
            open.clear();
        }

        @Override
        public void close() throws Exception {
            closeAll();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(10);
        }
    }
}
