package dev.weft.server;

import static dev.weft.test.ResponseHeads.contentLength;
import static dev.weft.test.ResponseHeads.readHead;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Response;
import dev.weft.http1.Http1Connection;
import dev.weft.test.RawClient;
import dev.weft.test.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Connections that wait: for their next request (quickly, or long enough to be parked), for a
 * slow client to read, and for the end. With virtual threads every such wait goes through the
 * server's own poller ({@code SocketPoller}); these tests fail if a wake-up is lost (a hang),
 * if a parked connection is not resumed, if a wait for a full send buffer loses bytes or
 * leaves the connection out of step, or if closed sockets keep their descriptors.
 */
class WaitingConnectionsTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    /** Answers with the id of the thread that served the request. */
    private static Server threadNamingServer(int workers, Duration idle) throws IOException {
        return Server.start(TestServer.config(workers).port(0).idleTimeout(idle).build(),
                request -> Response.text(Long.toString(Thread.currentThread().threadId())));
    }

    @Test
    void virtualThreadConnectionsParkAfterTheirFirstAnswerAndAfterASecondOfSilence() throws Exception {
        try (Server server = threadNamingServer(0, Duration.ofSeconds(30));
                RawClient c = new RawClient(server.port())) {
            String first = c.send(GET).read().text();
            // Parked as soon as its first answer was sent: the thread ended, and the poller
            // started a new one for this request.
            String second = c.send(GET).read().text();
            assertNotEquals(first, second, "parked after the first answer, resumed on a new thread");
            Thread.sleep(300);
            String slow = c.send(GET).read().text();
            assertEquals(second, slow, "after a later answer the thread waits for a while");
            // Past the time a virtual thread waits before the connection is parked.
            Thread.sleep(Http1Connection.VIRTUAL_RELEASE_AFTER_MILLIS + 500);
            String afterPause = c.send(GET).read().text();
            assertNotEquals(slow, afterPause, "parked after a second of silence, resumed on a new thread");
            String quick = c.send(GET).read().text();
            assertEquals(afterPause, quick, "a request right after the answer finds its thread waiting");
            // And the resumed connection goes on as usual, pipelining included.
            c.send(GET + GET);
            assertEquals(200, c.read().status());
            assertEquals(200, c.read().status());
            assertEquals(1, server.openConnections());
        }
    }

    @Test
    void requestsPipelinedBehindTheFirstAreAnsweredWithoutParking() throws Exception {
        try (Server server = threadNamingServer(0, Duration.ofSeconds(30));
                RawClient c = new RawClient(server.port())) {
            c.send(GET + GET + GET);
            String first = c.read().text();
            assertEquals(first, c.read().text(), "bytes already buffered: the thread goes on");
            assertEquals(first, c.read().text());
        }
    }

    /**
     * Heads that arrive in pieces, with pauses longer than a fixed worker waits: the pieces
     * collected while the connection is parked, and those a worker had read before it parked
     * it, reach the parser in order, and what follows the head (a body, a pipelined request)
     * is read after them.
     */
    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 2})
    void headsSentInPiecesAreServedWithWhatFollowsThem(int workers) throws Exception {
        try (Server server = Server.start(TestServer.config(workers).port(0).build(), TestHandlers.all());
                RawClient c = new RawClient(server.port())) {
            int pause = Http1Connection.RELEASE_AFTER_MILLIS + 70;
            c.send("POST /echo HTTP/1.1\r\nHo");
            Thread.sleep(pause);
            c.send("st: x\r\nContent-Length: 5\r\n");
            Thread.sleep(pause);
            c.send("\r\nhelloGET / HTTP/1.1\r\nHost: x\r\n\r\nGET /info HTTP/1.1\r\n");
            assertEquals("hello", c.read().text());
            assertEquals("hello", c.read().text());
            Thread.sleep(pause); // a keep-alive head cut in two: the worker parks it half-read
            c.send("Host: y\r\n\r\n");
            assertTrue(c.read().text().startsWith("GET /info /info"), "the second half completed the first");
            c.send("\r\n");
            Thread.sleep(pause);
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("hello", c.read().text(), "an empty line before a request line is allowed");
        }
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 2})
    void aParkedConnectionIsClosedAtItsIdleDeadline(int workers) throws Exception {
        try (Server server = threadNamingServer(workers, Duration.ofMillis(1800));
                RawClient c = new RawClient(server.port())) {
            assertEquals(200, c.send(GET).read().status());
            long t0 = System.nanoTime();
            c.setTimeout(8000);
            assertTrue(c.closedByServer());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis >= 1300 && millis < 6000, "idle close after ~1800 ms, took " + millis + " ms");
            waitFor(() -> server.openConnections() == 0);
        }
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 2})
    void aLargeAnswerReadSlowlyArrivesWholeAndThePipelinedRequestAfterItIsAnswered(int workers) throws Exception {
        byte[] big = new byte[6 << 20];
        new Random(7).nextBytes(big);
        try (Server server = Server.start(TestServer.config(workers).port(0).build(),
                request -> request.path().equals("/big") ? Response.ok().body(big) : Response.text("next"));
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /big HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int length = contentLength(readHead(in));
            assertEquals(big.length, length);
            ByteArrayOutputStream body = new ByteArrayOutputStream(length);
            byte[] chunk = new byte[32 * 1024];
            int slowly = 48; // the first 1.5 MiB with pauses: the server's writes wait many times
            while (body.size() < length) {
                int n = in.read(chunk, 0, Math.min(chunk.length, length - body.size()));
                assertTrue(n > 0, "the answer ended after " + body.size() + " bytes");
                body.write(chunk, 0, n);
                if (slowly-- > 0) {
                    Thread.sleep(5);
                }
            }
            assertArrayEquals(big, body.toByteArray());
            String next = readHead(in);
            assertTrue(next.startsWith("HTTP/1.1 200"), next);
            assertEquals("next", new String(in.readNBytes(contentLength(next)), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 4})
    void closedConnectionsGiveTheirDescriptorsBack(int workers) throws Exception {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc");
        try (Server server = threadNamingServer(workers, Duration.ofMillis(600))) {
            assertEquals(200, request(server.port(), false)); // warm up: thread pools, selectors
            waitFor(() -> server.openConnections() == 0);
            long before = count(fds);
            List<RawClient> clients = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                RawClient c = new RawClient(server.port());
                assertEquals(200, c.send(GET).read().status());
                clients.add(c); // waiting for a next request that will not come
            }
            for (int i = 0; i < 50; i++) {
                clients.get(i).close(); // the server sees the end of the stream and closes its side
            }
            for (int i = 0; i < 100; i++) {
                assertEquals(200, request(server.port(), true)); // the server closes these after answering
            }
            // The other 100 reach their idle deadline and the server closes them while nothing
            // else happens: a socket still registered with a selector keeps its descriptor until
            // the selector goes round again, so the close must make it go round.
            waitFor(() -> server.openConnections() == 0);
            List<RawClient> idle = clients.subList(50, clients.size());
            for (RawClient c : idle) {
                c.setTimeout(5000);
                assertTrue(c.closedByServer());
            }
            // Checked while those clients keep their ends open (their sockets are counted
            // here too): their closing would wake the selector and hide a missing wake-up.
            long allowed = before + idle.size();
            waitFor(() -> count(fds) <= allowed);
            assertTrue(count(fds) <= allowed, "descriptors before: " + before + " and " + idle.size()
                    + " client sockets, after: " + count(fds));
            for (RawClient c : idle) {
                c.close();
            }
        }
    }

    private static int request(int port, boolean close) throws IOException {
        try (RawClient c = new RawClient(port)) {
            RawClient.Reply reply = c.send("GET / HTTP/1.1\r\nHost: x\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n").read();
            if (close) {
                assertTrue(c.closedByServer(), "closed after Connection: close");
            }
            return reply.status();
        }
    }

    private static long count(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }
}
