package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.RawClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A request body the handler did not read. The answer must not wait for a body that is not
 * coming: the server sends it at once, with {@code Connection: close} when it will not read
 * the rest, and keeps the connection only when the rest is already here (or follows at once).
 * The read and header timeouts are 30 s, so an answer held back until a timeout shows.
 */
class UnreadBodyTest {

    /** Well under the 30 s timeouts, and well over the server's short wait for the rest of a body. */
    private static final long PROMPT_MILLIS = 1000;

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @Nested
    class VirtualThreads extends Cases {
        @Override
        ServerConfig.Builder mode() {
            return ServerConfig.builder();
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @Nested
    class FixedWorkers extends Cases {
        @Override
        ServerConfig.Builder mode() {
            return ServerConfig.builder().workers(4);
        }
    }

    abstract class Cases {
        private Server server;

        abstract ServerConfig.Builder mode();

        @BeforeAll
        void startServer() throws IOException {
            server = Server.start(mode().port(0).readTimeout(Duration.ofSeconds(30))
                    .headerTimeout(Duration.ofSeconds(30)).build(), TestHandlers.all());
        }

        @AfterAll
        void stopServer() {
            server.shutdown(Duration.ofSeconds(5));
        }

        private RawClient client() throws IOException {
            RawClient c = new RawClient(server.port());
            c.setTimeout(5_000); // fail, rather than wait out the server's 30 s
            return c;
        }

        /**
         * The head of a body that stays missing, with none or some of its bytes: declared
         * beyond the drain limit (64 KiB) and within it.
         */
        @ParameterizedTest(name = "Content-Length {0}, {1} bytes sent")
        @CsvSource({"100000, 0", "100000, 10", "1000, 0", "1000, 10"})
        void aBodyThatDoesNotArriveIsAnsweredAtOnceWithClose(int declared, int sent) throws IOException {
            try (RawClient c = client()) {
                long start = System.nanoTime();
                c.send("POST /ignore-body HTTP/1.1\r\nHost: x\r\nContent-Length: " + declared + "\r\n\r\n"
                        + "x".repeat(sent));
                RawClient.Reply r = c.read();
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, r.status());
                assertEquals("ignored", r.text());
                assertTrue(millis < PROMPT_MILLIS, "answered after " + millis + " ms");
                assertEquals("close", r.header("connection"), "the rest of the body will not be read");
                assertTrue(c.closedByServer());
            }
        }

        @Test
        void aSmallUnreadBodySentWithTheHeadKeepsTheConnection() throws IOException {
            byte[] body = new byte[10_000];
            Arrays.fill(body, (byte) 'G');
            byte[] head = "POST /ignore-body HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1);
            byte[] request = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            try (RawClient c = client()) {
                for (int i = 0; i < 3; i++) {
                    RawClient.Reply r = c.send(request).read();
                    assertEquals("ignored", r.text());
                    assertNull(r.header("connection"), "request " + i);
                }
                assertEquals("hello", c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            }
        }

        @Test
        void aSmallUnreadChunkedBodySentWithTheHeadKeepsTheConnection() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("POST /ignore-body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n").read();
                assertEquals("ignored", r.text());
                assertNull(r.header("connection"));
                assertEquals("hello", c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            }
        }

        @Test
        void aChunkedBodyThatStopsIsAnsweredAtOnceWithClose() throws IOException {
            try (RawClient c = client()) {
                long start = System.nanoTime();
                RawClient.Reply r = c.send("POST /ignore-body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n").read();
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals("ignored", r.text());
                assertTrue(millis < PROMPT_MILLIS, "answered after " + millis + " ms");
                assertEquals("close", r.header("connection"));
                assertTrue(c.closedByServer());
            }
        }
    }
}
