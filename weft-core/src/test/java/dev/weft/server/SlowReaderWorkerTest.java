package dev.weft.server;

import static dev.weft.test.ResponseHeads.contentLength;
import static dev.weft.test.ResponseHeads.readHead;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.http.Body;
import dev.weft.http.Response;
import dev.weft.test.RawClient;
import dev.weft.test.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients that download large answers and read them slowly, or not at all, must not hold a
 * fixed worker while the answer waits for room in the socket: with two workers and six
 * clients that pipeline 4 MiB answers and never read, a client with a small request is
 * answered at once; the non-readers are dropped one write timeout after they stopped
 * reading, with their files closed; a client that reads slowly but steadily gets every byte,
 * and its second (pipelined) answer after the first. The same with virtual threads.
 */
class SlowReaderWorkerTest {

    private static final int SIZE = 4 << 20;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final int NON_READERS = 6;
    private static final long PROMPT_MILLIS = 1000;

    @TempDir
    Path root;

    @ParameterizedTest(name = "workers={0} (0 = virtual threads)")
    @ValueSource(ints = {2, 0})
    void slowAndNonReadingDownloadersHoldNoWorker(int workers) throws Exception {
        byte[] content = new byte[SIZE];
        new Random(7).nextBytes(content);
        Path file = root.resolve("big.bin");
        Files.write(file, content);
        byte[] inMemory = new byte[SIZE];
        new Random(8).nextBytes(inMemory);

        try (Server server = Server.start(TestServer.config(workers).port(0)
                        .writeTimeout(WRITE_TIMEOUT).shutdownTimeout(Duration.ofSeconds(1)).build(),
                request -> switch (request.path()) {
                    case "/file" -> Response.ok().body(Body.ofFile(file));
                    case "/open" -> Response.ok().body(openFile(file));
                    case "/bytes" -> Response.ok().body(inMemory);
                    default -> Response.text("hello");
                });
             NonReaders nonReaders = new NonReaders()) {
            // A client that reads slowly but steadily: each write makes progress well within
            // the write timeout, so it must get everything.
            CompletableFuture<Void> slowReader = CompletableFuture.runAsync(() -> {
                try {
                    readSlowly(server.port(), inMemory, content);
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });

            String pipeline = "GET /file HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2)
                    + "GET /bytes HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2)
                    + "GET /open HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2);
            long stalledFrom = System.nanoTime();
            for (int i = 0; i < NON_READERS; i++) {
                nonReaders.open(server.port()).write(pipeline.getBytes(StandardCharsets.US_ASCII));
            }
            Thread.sleep(500); // their answers have filled their sockets
            assertAnsweredPromptly(server, "while " + NON_READERS + " clients do not read");

            slowReader.get(60, TimeUnit.SECONDS);

            waitFor(() -> server.openConnections() == 0, 30);
            long droppedAfter = (System.nanoTime() - stalledFrom) / 1_000_000;
            assertTrue(droppedAfter < WRITE_TIMEOUT.toMillis() + 5000,
                    "clients that never read were dropped after " + droppedAfter + " ms");
            waitFor(() -> openDescriptors(file) == 0, 5);
            assertAnsweredPromptly(server, "after the non-readers were dropped");
        }
    }

    private static Body openFile(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            return Body.ofChannel(channel, 0, channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Requests the in-memory body and the file, pipelined, and reads both slowly. */
    private static void readSlowly(int port, byte[] first, byte[] second) throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(32 << 10);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /bytes HTTP/1.1\r\nHost: x\r\n\r\nGET /file HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertArrayEquals(first, readBodySlowly(in), "the first answer");
            assertArrayEquals(second, readBodySlowly(in), "the second answer");
        }
    }

    private static byte[] readBodySlowly(InputStream in) throws IOException, InterruptedException {
        String head = readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 200 "), head);
        int length = contentLength(head);
        assertEquals(SIZE, length, head);
        byte[] body = new byte[length];
        int at = 0;
        int reads = 0;
        while (at < length) {
            int n = in.read(body, at, Math.min(16 << 10, length - at));
            if (n < 0) {
                fail("connection ended " + (length - at) + " bytes short");
            }
            at += n;
            if (++reads % 4 == 0) {
                Thread.sleep(10); // about 4 MiB/s at most: the server's send buffer stays full
            }
        }
        return body;
    }

    private static void assertAnsweredPromptly(Server server, String when) throws IOException {
        long t0 = System.nanoTime();
        try (RawClient c = new RawClient(server.port())) {
            c.setTimeout(15_000);
            RawClient.Reply reply = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("hello", reply.text());
            assertTrue(millis < PROMPT_MILLIS, "a small request was answered after " + millis + " ms " + when
                    + " (" + server.mode() + ")");
        } catch (SocketTimeoutException e) {
            fail("a small request was not answered within 15 s " + when + " (" + server.mode() + ")");
        }
    }

    /** How many descriptors of this process are open on {@code file} (Linux); 0 where that cannot be seen. */
    private static long openDescriptors(Path file) {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return 0;
        }
        long n = 0;
        try (var entries = Files.newDirectoryStream(fds)) {
            for (Path fd : entries) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file)) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return n;
    }

    /** Sockets with a small receive buffer that are never read. */
    private static final class NonReaders implements AutoCloseable {
        private final List<Socket> open = new ArrayList<>();

        OutputStream open(int port) throws IOException {
            Socket s = new Socket();
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", port));
            open.add(s);
            return s.getOutputStream();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }
}
