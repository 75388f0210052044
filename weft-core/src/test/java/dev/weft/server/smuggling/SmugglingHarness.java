package dev.weft.server.smuggling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Body;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import dev.weft.test.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What every smuggling family shares: a real server whose handler counts what it is asked for,
 * and the two outcomes a vector may have.
 *
 * <p>A vector is always sent in the same write as {@link #SMUGGLED}, a second request for a
 * path nobody may ever see. If a parser ever lost its place in the byte stream, that request
 * would reach the handler; {@link #smuggledHits} counts it and every test checks it stayed 0.
 * The outcomes:
 * <ul>
 *   <li>{@link #assertRejected}: the server answers with the given status and
 *       {@code Connection: close}, then closes, and has read nothing after the bad head;</li>
 *   <li>{@link #assertServedAsIntended}: the RFC gives the bytes one meaning, and the server
 *       serves exactly the requests that meaning contains, no more.</li>
 * </ul>
 * Either way a fresh connection is then served ({@link #assertStillServing}).
 *
 * <p>The codec is the same in both execution modes, so one mode (virtual threads) is enough
 * here; {@code Http1ProtocolTest} runs its malformed-input table against both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SmugglingHarness {

    /** The request that must never be executed. */
    static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
    /** A request that comes after a vector and must be executed, when the RFC says so. */
    static final String NEXT = "GET /next HTTP/1.1\r\nHost: a\r\n\r\n";

    private Server server;
    final AtomicInteger smuggledHits = new AtomicInteger();
    /** Paths the handler saw, in order, since the current test started. */
    final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void startServer() throws IOException {
        server = Server.start(ServerConfig.builder().port(0).maxBodyBytes(64 * 1024)
                .shutdownTimeout(Duration.ofSeconds(2)).build(), this::handle);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @AfterEach
    void nothingWasSmuggled() {
        seen.clear();
        // Reset, so that one smuggled request fails its own test and not every later one.
        assertEquals(0, smuggledHits.getAndSet(0), "the handler saw /smuggled: a parser lost its place");
    }

    private Response handle(Request request) throws IOException {
        seen.add(request.path());
        if (request.path().equals("/smuggled")) {
            smuggledHits.incrementAndGet();
        }
        // Every handler reads the whole body, so the framing is exercised to its end.
        byte[] body = request.body().readAllBytes();
        return Response.ok().contentType("application/octet-stream").body(Body.of(body))
                .header("X-Path", request.path());
    }

    RawClient client() throws IOException {
        return new RawClient(server.port(), Duration.ofSeconds(15));
    }

    /**
     * Sends {@code vector} and {@link #SMUGGLED} in one write and expects {@code status},
     * {@code Connection: close} and a closed connection, with nothing read after the vector.
     */
    RawClient.Reply assertRejected(String vector, int status) throws IOException {
        RawClient.Reply r;
        try (RawClient c = client()) {
            c.send(vector + SMUGGLED);
            r = c.readOrNull();
            assertNotNull(r, () -> "no answer to " + shown(vector));
            assertEquals(status, r.status(), () -> "status for " + shown(vector));
            assertEquals("close", r.header("connection"), () -> "Connection for " + shown(vector));
            assertTrue(c.closedByServer(), () -> "connection left open after " + shown(vector));
        }
        assertEquals(0, smuggledHits.get(), () -> "smuggled through " + shown(vector));
        assertStillServing();
        return r;
    }

    /**
     * Sends {@code bytes} followed by {@link #NEXT} in one write, then half-closes; expects
     * exactly the responses for {@code expectedPaths} (whose bodies echo what the server read
     * as each request's body) and then {@code /next}.
     */
    List<RawClient.Reply> assertServedAsIntended(String bytes, String... expectedPaths) throws IOException {
        List<RawClient.Reply> replies = new ArrayList<>();
        seen.clear();
        try (RawClient c = client()) {
            c.send(bytes + NEXT + "GET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            for (RawClient.Reply r; (r = c.readOrNull()) != null; ) {
                replies.add(r);
            }
        }
        List<String> paths = new ArrayList<>();
        for (RawClient.Reply r : replies) {
            assertEquals(200, r.status(), () -> "status for " + shown(bytes));
            paths.add(r.header("x-path"));
        }
        List<String> expected = new ArrayList<>(List.of(expectedPaths));
        expected.add("/next");
        expected.add("/last");
        assertEquals(expected, paths, () -> "requests served for " + shown(bytes));
        assertEquals(expected, seen, "what the handler saw");
        assertStillServing();
        return replies;
    }

    /**
     * Sends an incomplete {@code vector} (a body or head that never finishes) and half-closes:
     * the server must answer nothing for {@link #SMUGGLED}, which sits inside what it is still
     * waiting for, and close.
     */
    void assertSwallowedThenClosed(String vector) throws IOException {
        try (RawClient c = client()) {
            c.send(vector + SMUGGLED);
            c.shutdownOutput();
            for (RawClient.Reply r = c.readOrNull(); r != null; r = c.readOrNull()) {
                int status = r.status();
                assertTrue(status >= 400, () -> "unexpected " + status + " for " + shown(vector));
            }
        }
        assertEquals(0, smuggledHits.get(), () -> "smuggled through " + shown(vector));
        assertStillServing();
    }

    void assertStillServing() throws IOException {
        try (RawClient c = client()) {
            RawClient.Reply r = c.send("GET /fresh HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").read();
            assertNotNull(r, "a fresh connection got no answer");
            assertEquals(200, r.status());
            assertEquals("/fresh", r.header("x-path"));
        }
        seen.remove("/fresh");
    }

    static String shown(String wire) {
        StringBuilder sb = new StringBuilder();
        for (char ch : wire.toCharArray()) {
            if (ch == '\r') {
                sb.append("\\r");
            } else if (ch == '\n') {
                sb.append("\\n");
            } else if (ch < 0x20 || ch >= 0x7f) {
                sb.append(String.format("\\x%02x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.length() > 160 ? sb.substring(0, 160) + "..." : sb.toString();
    }
}
