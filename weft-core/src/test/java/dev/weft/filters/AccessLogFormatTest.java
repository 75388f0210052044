package dev.weft.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Body;
import dev.weft.http.Response;
import dev.weft.routing.Router;
import dev.weft.test.TestServer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {

    private static final Instant T = Instant.parse("2026-11-29T12:00:00.123456Z");

    private static AccessLogFilter.Entry entry(String referer, String userAgent) {
        return new AccessLogFilter.Entry(T, "198.51.100.7", null, "GET", "/todos/42?x=1", "HTTP/1.1", 200, 1234,
                Duration.ofNanos(1_234_567), referer, userAgent, "/todos/{id}", "req-1",
                "4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void combinedIsNginxByteForByte() {
        assertEquals("198.51.100.7 - - [29/Nov/2026:12:00:00 +0000] \"GET /todos/42?x=1 HTTP/1.1\" 200 1234 "
                        + "\"https://a.example/\" \"curl/8.5.0\"",
                entry("https://a.example/", "curl/8.5.0").combined(ZoneOffset.UTC));
        assertEquals("198.51.100.7 - - [29/Nov/2026:13:00:00 +0100] \"GET /todos/42?x=1 HTTP/1.1\" 200 1234 \"-\" \"-\"",
                entry(null, "").combined(ZoneId.of("Europe/Paris")));
    }

    @Test
    void combinedEscapesAsNginxDoes() {
        // nginx (escape=default): " \ control characters and bytes from 0x7f as \xHH, upper-case hex.
        String line = entry(null, "a\"b\\c\td\u007f\u00e9").combined(ZoneOffset.UTC);
        assertTrue(line.endsWith(" \"-\" \"a\\x22b\\x5Cc\\x09d\\x7F\\xE9\""), line);
        String utf8 = entry(null, "\u20ac").combined(ZoneOffset.UTC);
        assertTrue(utf8.endsWith("\"\\xE2\\x82\\xAC\""), utf8);
        AccessLogFilter.Entry user = new AccessLogFilter.Entry(T, "::1", "al\"ice", "POST", "/", "HTTP/1.0", 201, 0,
                Duration.ZERO, null, null, null, null, null);
        assertEquals("::1 - al\\x22ice [29/Nov/2026:12:00:00 +0000] \"POST / HTTP/1.0\" 201 0 \"-\" \"-\"",
                user.combined(ZoneOffset.UTC));
    }

    @Test
    void jsonHasTheDocumentedFieldsAndParses() {
        String json = entry("https://a.example/", "evil\"\n\u0001</script>").json();
        Map<String, Object> parsed = StrictJson.parseObject(json);
        assertEquals(List.of("time", "remote_addr", "remote_user", "method", "target", "protocol", "status",
                "bytes_sent", "duration_ms", "user_agent", "referer", "route", "request_id", "trace_id"),
                new ArrayList<>(parsed.keySet()));
        assertEquals("2026-11-29T12:00:00.123Z", parsed.get("time"));
        assertEquals("198.51.100.7", parsed.get("remote_addr"));
        assertNull(parsed.get("remote_user"));
        assertEquals("evil\"\n\u0001</script>", parsed.get("user_agent"));
        assertEquals(200.0, parsed.get("status"));
        assertEquals(1234.0, parsed.get("bytes_sent"));
        assertEquals(1.235, (Double) parsed.get("duration_ms"), 0.0005);
        assertEquals("/todos/{id}", parsed.get("route"));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", parsed.get("trace_id"));
        assertTrue(json.indexOf('\n') < 0);
    }

    @Test
    void traceIdOnlyFromAValidTraceparent() {
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736",
                AccessLogFilter.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736",
                AccessLogFilter.traceId("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future"));
        for (String bad : new String[] {"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",
                "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", "", "garbage"}) {
            assertNull(AccessLogFilter.traceId(bad), bad);
        }
    }

    @Test
    void basicUserName() {
        assertEquals("alice", AccessLogFilter.basicUser("Basic " + java.util.Base64.getEncoder()
                .encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8))));
        assertNull(AccessLogFilter.basicUser("Bearer abc"));
        assertNull(AccessLogFilter.basicUser("Basic !!!"));
    }

    @Test
    void theFilterFillsEveryFieldFromARealRequest() throws Exception {
        List<AccessLogFilter.Entry> entries = new CopyOnWriteArrayList<>();
        Router api = new Router().get("/todos/{id}", r -> Response.text("todo " + r.pathParam("id")));
        Router router = new Router()
                .filter(ForwardedFilter.trusting("127.0.0.1"))
                .filter(new RequestIdFilter())
                .filter(new AccessLogFilter(entries::add))
                .nest("/api", api)
                .get("/stream", r -> Response.ok().body(Body.streaming(out -> {
                    out.write(new byte[1000]);
                    out.flush();
                    out.write(new byte[234]);
                })));
        try (TestServer server = TestServer.start(router)) {
            server.get("/api/todos/7", "User-Agent", "probe/1", "Referer", "https://r.example/",
                    "X-Forwarded-For", "203.0.113.5", "X-Request-Id", "abc",
                    "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            server.get("/stream");
            server.get("/nowhere");
            server.send(server.request("/api/todos/8").method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (entries.size() < 4 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
        }
        assertEquals(4, entries.size(), entries.toString());
        AccessLogFilter.Entry e = entries.get(0);
        assertEquals("203.0.113.5", e.remoteAddress());
        assertEquals("/api/todos/{id}", e.route());
        assertEquals("abc", e.requestId());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", e.traceId());
        assertEquals("probe/1", e.userAgent());
        assertEquals("https://r.example/", e.referer());
        assertEquals("HTTP/1.1", e.protocol());
        assertEquals(6, e.bytesSent());
        AccessLogFilter.Entry stream = entries.stream().filter(x -> x.target().equals("/stream")).findFirst().orElseThrow();
        assertEquals(1234, stream.bytesSent(), "a streamed body is counted as written");
        assertEquals("/stream", stream.route());
        AccessLogFilter.Entry missing = entries.stream().filter(x -> x.target().equals("/nowhere")).findFirst().orElseThrow();
        assertNull(missing.route());
        assertEquals(404, missing.status());
        assertEquals("127.0.0.1", missing.remoteAddress());
        AccessLogFilter.Entry head = entries.stream().filter(x -> x.method().equals("HEAD")).findFirst().orElseThrow();
        assertEquals(0, head.bytesSent());
    }

    @Test
    void writerWritesLinesAndDrainsOnClose() throws Exception {
        StringWriter out = new StringWriter();
        AccessLogWriter log = AccessLogWriter.toWriter(out, AccessLogWriter.Format.COMBINED, ZoneOffset.UTC, 16);
        log.accept(entry(null, "a"));
        log.accept(entry(null, "b"));
        log.close();
        assertEquals(entry(null, "a").combined(ZoneOffset.UTC) + "\n" + entry(null, "b").combined(ZoneOffset.UTC) + "\n",
                out.toString());
        assertEquals(2, log.written());
        log.accept(entry(null, "c"));
        assertEquals(1, log.dropped(), "after close, lines are dropped and counted");
    }

    @Test
    void aSinkThatBlocksNeverSlowsRequestsAndDropsAreCounted() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Writer blocked = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        AccessLogWriter log = AccessLogWriter.toWriter(blocked, AccessLogWriter.Format.JSON, ZoneOffset.UTC, 64);
        Router router = new Router().filter(new AccessLogFilter(log)).get("/", r -> Response.text("hi"));
        try (TestServer server = TestServer.start(router)) {
            long start = System.nanoTime();
            for (int i = 0; i < 300; i++) {
                assertEquals(200, server.get("/").statusCode());
            }
            long perRequest = (System.nanoTime() - start) / 300;
            assertTrue(perRequest < TimeUnit.MILLISECONDS.toNanos(200), "requests took " + perRequest + " ns each");
        }
        // The writer thread holds one batch, the queue 64 more: the rest were dropped, not buffered.
        assertTrue(log.dropped() >= 300 - 64 - 256, "dropped " + log.dropped());
        long before = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            log.accept(entry(null, "x"));
        }
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(5));
        assertTrue(log.dropped() >= 100_000, "dropped " + log.dropped());
        log.close(); // gives up on the blocked writer after its wait instead of hanging
        never.countDown();
    }

    @Test
    void aFailingSinkIsSurvived() throws Exception {
        int[] calls = new int[1];
        StringWriter good = new StringWriter();
        Writer flaky = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                if (calls[0]++ < 1) {
                    throw new IOException("disk full");
                }
                good.write(buf, off, len);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        AccessLogWriter log = AccessLogWriter.toWriter(flaky, AccessLogWriter.Format.COMBINED, ZoneOffset.UTC, 16);
        log.accept(entry(null, "lost"));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (log.dropped() == 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        log.accept(entry(null, "kept"));
        log.close();
        assertEquals(1, log.dropped());
        assertTrue(good.toString().contains("\"kept\""), good.toString());
    }

    /** A strict RFC 8259 reader for the tests: objects, strings, numbers, literals. */
    static final class StrictJson {
        private final String s;
        private int i;

        private StrictJson(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> parseObject(String text) {
            StrictJson p = new StrictJson(text);
            Object value = p.value();
            if (p.i != text.length()) {
                throw new IllegalArgumentException("trailing text at " + p.i);
            }
            return (Map<String, Object>) value;
        }

        private Object value() {
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                i++;
                if (s.charAt(i) == '}') {
                    i++;
                    return map;
                }
                while (true) {
                    String key = string();
                    expect(':');
                    if (map.put(key, value()) != null || map.containsKey(null)) {
                        throw new IllegalArgumentException("duplicate key " + key);
                    }
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect('}');
                    return map;
                }
            }
            if (c == '"') {
                return string();
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            if (s.charAt(i) == '-') {
                i++;
            }
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("unexpected " + c + " at " + i);
            }
            return Double.parseDouble(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("raw control character in a string");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape \\" + e);
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i + " in " + s);
            }
            i++;
        }
    }
}
