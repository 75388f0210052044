package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Handler;
import dev.weft.http.Response;
import dev.weft.http1.Http1Connection;
import dev.weft.routing.Router;
import dev.weft.test.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a failing handler leaves in the log. A handler that tries to put CR or LF into a
 * response header is refused (no response splitting); that is a known, named mistake, and a
 * client can trigger it on every request, so it is one line naming the request and the
 * reason, not a stack trace each time. Any other failure keeps its stack trace.
 *
 * <p>The server logs through {@link System.Logger}, which the JDK backs with
 * java.util.logging; the test listens on the loggers of the server and of the router.
 */
class HandlerFailureLogTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final java.util.logging.Handler capture = new java.util.logging.Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    // Held here: java.util.logging keeps loggers only weakly.
    private final Logger serverLog = Logger.getLogger(Http1Connection.class.getName());
    private final Logger routerLog = Logger.getLogger(Router.class.getName());

    @BeforeEach
    void listen() {
        serverLog.addHandler(capture);
        routerLog.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        serverLog.removeHandler(capture);
        routerLog.removeHandler(capture);
    }

    private static Response split(dev.weft.http.Request request) {
        return Response.text("never sent").header("X-Name", "a\r\nSet-Cookie: session=stolen");
    }

    private static Response fail(dev.weft.http.Request request) {
        throw new IllegalStateException("a bug");
    }

    /** Sends one GET and returns its answer; the connection stays usable. */
    private static RawClient.Reply get(Server server, String path) throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Reply r = c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("hello", c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text(), "connection survives");
            return r;
        }
    }

    private static Server start(Handler handler) throws IOException {
        return Server.start(ServerConfig.builder().port(0).shutdownTimeout(Duration.ofSeconds(2)).build(), handler);
    }

    private static Handler bare() {
        return request -> switch (request.path()) {
            case "/split" -> split(request);
            case "/fail" -> fail(request);
            default -> Response.text("hello");
        };
    }

    private static Handler routed() {
        return new Router().get("/split", HandlerFailureLogTest::split).get("/fail", HandlerFailureLogTest::fail)
                .get("/", r -> Response.text("hello"));
    }

    private void assertOneLineFor(String path) {
        assertEquals(1, records.size(), () -> "records: " + records.stream().map(LogRecord::getMessage).toList());
        LogRecord record = records.get(0);
        assertTrue(record.getLevel().intValue() >= Level.WARNING.intValue(), "level " + record.getLevel());
        assertNull(record.getThrown(), "no stack trace");
        String line = new SimpleFormatter().formatMessage(record);
        assertFalse(line.contains("\n") || line.contains("\r"), () -> "one line: " + line);
        assertTrue(line.contains("GET " + path), () -> "names the request: " + line);
        assertTrue(line.contains("invalid character in header value"), () -> "gives the reason: " + line);
        assertFalse(line.contains("session=stolen"), () -> "does not copy the value: " + line);
    }

    @Test
    void aRefusedHeaderIsOneLineAndA500() throws IOException {
        try (Server server = start(bare())) {
            RawClient.Reply r = get(server, "/split");
            assertEquals(500, r.status());
            assertNull(r.header("x-name"));
        }
        assertOneLineFor("/split");
    }

    @Test
    void aRefusedHeaderBehindARouterIsOneLineAndA500() throws IOException {
        try (Server server = start(routed())) {
            assertEquals(500, get(server, "/split").status());
        }
        assertOneLineFor("/split");
    }

    @Test
    void otherHandlerFailuresKeepTheirStackTrace() throws IOException {
        for (Handler handler : List.of(bare(), routed())) {
            records.clear();
            try (Server server = start(handler)) {
                assertEquals(500, get(server, "/fail").status());
            }
            assertEquals(1, records.size());
            LogRecord record = records.get(0);
            assertEquals(Level.SEVERE, record.getLevel());
            assertNotNull(record.getThrown());
            assertEquals("a bug", record.getThrown().getMessage());
        }
    }

    @Test
    void aHeaderNameWithALineBreakIsShownEscaped() throws IOException {
        Handler handler = request -> request.path().equals("/name")
                ? Response.text("never sent").header("X-A\r\nSet-Cookie", "v")
                : Response.text("hello");
        try (Server server = start(handler)) {
            assertEquals(500, get(server, "/name").status());
        }
        assertEquals(1, records.size());
        String line = new SimpleFormatter().formatMessage(records.get(0));
        assertFalse(line.contains("\n") || line.contains("\r"), () -> "one line: " + line);
        assertTrue(line.contains("X-A\\r\\nSet-Cookie"), () -> "the name, escaped: " + line);
    }
}
