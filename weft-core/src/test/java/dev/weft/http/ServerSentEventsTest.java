package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.routing.Router;
import dev.weft.test.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Server-sent events arrive one by one, while the producer is still running. */
class ServerSentEventsTest {

    @Test
    void eachEventIsFlushedBeforeTheNextIsProduced() throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        Router router = new Router().get("/events", r -> ServerSentEvents.response(events -> {
            events.send("greeting", "1", "hello\nworld");
            try {
                // The second event waits until the client has read the first: proves the flush.
                if (!firstRead.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("client never read the first event");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            events.comment("keep-alive");
            events.send("bye");
        }));
        try (TestServer server = TestServer.start(router); Socket socket = server.connect()) {
            socket.getOutputStream().write("GET /events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder head = new StringBuilder();
            for (String line; !(line = in.readLine()).isEmpty(); ) {
                head.append(line).append('\n');
            }
            assertTrue(head.toString().contains("Content-Type: text/event-stream; charset=utf-8"), head.toString());
            assertTrue(head.toString().contains("Transfer-Encoding: chunked"), head.toString());
            assertTrue(head.toString().contains("Cache-Control: no-cache"), head.toString());
            StringBuilder first = new StringBuilder();
            in.readLine(); // chunk size
            for (String line; !(line = in.readLine()).isEmpty(); ) {
                first.append(line).append('\n');
            }
            assertEquals("event: greeting\nid: 1\ndata: hello\ndata: world\n", first.toString());
            firstRead.countDown();
            StringBuilder rest = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                rest.append(line).append('\n');
            }
            assertTrue(rest.toString().contains(": keep-alive\n"), rest.toString());
            assertTrue(rest.toString().contains("data: bye\n"), rest.toString());
        }
    }

    @Test
    void eventNamesMustBeSingleLines() {
        ServerSentEvents.Emitter emitter = new ServerSentEvents.Emitter(java.io.OutputStream.nullOutputStream());
        assertThrows(IllegalArgumentException.class, () -> emitter.send("a\nb", "x"));
    }
}
