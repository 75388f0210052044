package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.RawClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/1.1 on the wire, one rule per test, checked with raw bytes. Every test runs twice:
 * against a server on virtual threads and against one with fixed platform workers.
 */
class Http1ProtocolTest {

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

    /** The cases, run by each nested mode. */
    abstract class Cases {
        private Server server;

        abstract ServerConfig.Builder mode();

        @BeforeAll
        void startServer() throws IOException {
            server = Server.start(mode().port(0).maxBodyBytes(1024 * 1024).build(), TestHandlers.all());
        }

        @AfterAll
        void stopServer() {
            server.shutdown(java.time.Duration.ofSeconds(5));
        }

        private RawClient client() throws IOException {
            return new RawClient(server.port());
        }

        /** After a bad request, a fresh connection must still be served. */
        private void assertStillServing() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(200, r.status());
                assertEquals("hello", r.text());
            }
        }

        private static String abbreviate(String request) {
            String shown = request.replace("\r\n", "\\r\\n");
            return shown.length() > 120 ? shown.substring(0, 120) + "..." : shown;
        }

        private RawClient.Reply rejected(String request, int status) throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send(request).read();
                assertEquals(status, r.status(), () -> "for " + abbreviate(request));
                assertEquals("close", r.header("connection"));
                assertTrue(c.closedByServer(), "connection must be closed after a framing error");
                assertStillServing();
                return r;
            }
        }

        @Test
        void getHasDateAndContentLengthButNoServer() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals("HTTP/1.1 200 OK", r.statusLine());
                assertEquals("5", r.header("content-length"));
                assertNull(r.header("server"), "no Server field unless the handler sets one");
                assertNotNull(r.header("date"));
                assertTrue(r.header("date").matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"),
                        r.header("date"));
                assertNull(r.header("connection"), "1.1 keeps alive without saying so");
            }
        }

        @Test
        void aServerFieldSetByTheHandlerIsSentOnce() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("GET /server-header HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(200, r.status());
                assertEquals(1, r.count("server"));
                assertEquals("example/1.0", r.header("server"));
                assertNotNull(r.header("date"));
            }
        }

        @Test
        void keepAliveServesManyRequestsOnOneConnection() throws IOException {
            try (RawClient c = client()) {
                for (int i = 0; i < 5; i++) {
                    RawClient.Reply r = c.send("GET /info?i=" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
                    assertEquals(200, r.status());
                    assertTrue(r.text().contains("q={i=[" + i + "]}"), r.text());
                }
            }
        }

        @Test
        void pipelinedRequestsAreAnsweredInOrder() throws IOException {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                batch.append("GET /info?n=").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            batch.append("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody");
            batch.append("GET /info?n=last HTTP/1.1\r\nHost: x\r\n\r\n");
            try (RawClient c = client()) {
                c.send(batch.toString());
                for (int i = 0; i < 20; i++) {
                    assertTrue(c.read().text().contains("q={n=[" + i + "]}"));
                }
                assertEquals("body", c.read().text());
                assertTrue(c.read().text().contains("n=[last]"));
            }
        }

        @Test
        void http10ClosesByDefault() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("GET / HTTP/1.0\r\n\r\n").read();
                assertEquals(200, r.status());
                assertEquals("HTTP/1.1 200 OK", r.statusLine(), "server answers with its own version");
                assertEquals("close", r.header("connection"));
                assertTrue(c.closedByServer());
            }
        }

        @Test
        void http10KeepAliveWhenAsked() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
                assertEquals("keep-alive", r.header("connection"));
                assertEquals(200, c.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().status());
            }
        }

        @Test
        void connectionCloseIsHonoured() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
                assertEquals(200, r.status());
                assertEquals("close", r.header("connection"));
                assertTrue(c.closedByServer());
            }
        }

        @Test
        void headHasTheHeadersOfGetButNoBody() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
                assertEquals(200, r.status());
                assertEquals("5", r.header("content-length"));
                // If a body had been sent, it would be parsed as the start of this response.
                RawClient.Reply next = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals("hello", next.text());
            }
        }

        @Test
        void noContentHasNoBodyAndNoLength() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("GET /no-content HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(204, r.status());
                assertNull(r.header("content-length"));
                assertEquals("hello", c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            }
        }

        @Test
        void chunkedRequestBodyIsDecoded() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n1;ext=1\r\n \r\n6\r\nworld!\r\n0\r\nX-Trailer: t\r\n\r\n").read();
                assertEquals(200, r.status());
                assertEquals("hello world!", r.text());
                assertEquals("hello", c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            }
        }

        @Test
        void unknownLengthResponseIsChunked() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals("chunked", r.header("transfer-encoding"));
                assertNull(r.header("content-length"));
                assertEquals("part0\npart1\npart2\n", r.text());
                assertEquals("hello", c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            }
        }

        @Test
        void unknownLengthResponseToHttp10IsDelimitedByClose() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
                assertNull(r.header("transfer-encoding"));
                assertEquals("close", r.header("connection"));
                assertEquals("part0\npart1\npart2\n", r.text());
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"size=100", "size=300000", "size=300000&offset=12345"})
        void fileBodiesArriveWhole(String query) throws IOException {
            try (RawClient c = client()) {
                // twice on one connection: the zero-copy path must leave the framing intact
                for (int round = 0; round < 2; round++) {
                    RawClient.Reply r = c.send("GET /file?" + query + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
                    assertEquals(200, r.status());
                    int size = Integer.parseInt(query.replaceAll("size=(\\d+).*", "$1"));
                    int offset = query.contains("offset=") ? Integer.parseInt(query.replaceAll(".*offset=(\\d+)", "$1")) : 0;
                    assertEquals(size - offset, r.body().length);
                    for (int i = 0; i < r.body().length; i += 997) {
                        assertEquals((byte) ((i + offset) % 251), r.body()[i], "byte " + i);
                    }
                }
            }
        }

        @Test
        void expectContinueGets100BeforeTheBody() throws IOException {
            try (RawClient c = client()) {
                c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
                RawClient.Reply interim = c.read();
                assertEquals(100, interim.status());
                RawClient.Reply r = c.send("hello").read();
                assertEquals(200, r.status());
                assertEquals("hello", r.text());
            }
        }

        @Test
        void expectContinueNotSentWhenHandlerIgnoresBody() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("POST /ignore-body HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                        + "Expect: 100-continue\r\n\r\n").read();
                assertEquals(200, r.status(), "final answer without 100: the client need not send the body");
                assertEquals("close", r.header("connection"));
                assertTrue(c.closedByServer());
            }
        }

        @Test
        void unsupportedExpectationGets417() throws IOException {
            rejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nExpect: teapot\r\n\r\nx", 417);
        }

        @Test
        void unreadBodyIsDrainedSoTheNextRequestParses() throws IOException {
            try (RawClient c = client()) {
                byte[] body = new byte[10_000];
                Arrays.fill(body, (byte) 'G'); // looks like the start of a request if misread
                c.send("POST /ignore-body HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n");
                c.send(body);
                RawClient.Reply r = c.read();
                assertEquals("ignored", r.text());
                assertNull(r.header("connection"));
                c.send("POST /ignore-body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nGET \r\n0\r\n\r\n");
                assertEquals("ignored", c.read().text());
                assertEquals("hello", c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            }
        }

        @Test
        void unreadBodyBeyondTheDrainLimitClosesTheConnection() throws IOException {
            try (RawClient c = client()) {
                c.send("POST /ignore-body HTTP/1.1\r\nHost: x\r\nContent-Length: 500000\r\n\r\n");
                c.send(new byte[200_000]);
                RawClient.Reply r = c.read();
                assertEquals(200, r.status());
                assertEquals("close", r.header("connection"));
            }
            assertStillServing();
        }

        @Test
        void handlerExceptionIs500WithoutTheStackTrace() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("GET /throw HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(500, r.status());
                assertFalse(r.text().contains("secret"), r.text());
                assertFalse(r.text().contains("Exception"), r.text());
                assertEquals("hello", c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text(), "connection survives");
            }
        }

        @Test
        void httpExceptionGivesItsStatus() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("GET /http-error HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(409, r.status());
                assertEquals("that name is taken\n", r.text());
            }
        }

        @Test
        void queryAndPathAreDecoded() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("GET /info?a=1&b=x+y&a=%C3%A9 HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertTrue(r.text().contains("q={a=[1, é], b=[x y]}"), r.text());
            }
        }

        @Test
        void absoluteFormTargetIsAccepted() throws IOException {
            try (RawClient c = client()) {
                RawClient.Reply r = c.send("GET http://example.com/info?z=1 HTTP/1.1\r\nHost: example.com\r\n\r\n").read();
                assertEquals(200, r.status());
                assertTrue(r.text().startsWith("GET /info /info q={z=[1]}"), r.text());
            }
        }

        @Test
        void leadingEmptyLineIsIgnored() throws IOException {
            try (RawClient c = client()) {
                assertEquals("hello", c.send("\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            }
        }

        // ---- limits ----

        @Test
        void requestLineTooLongIs414() throws IOException {
            rejected("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
        }

        @Test
        void headerSectionTooLargeIs431() throws IOException {
            rejected("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(17_000) + "\r\n\r\n", 431);
        }

        @Test
        void tooManyHeaderFieldsIs431() throws IOException {
            StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; i < 101; i++) {
                sb.append("X-H").append(i).append(": v\r\n");
            }
            rejected(sb.append("\r\n").toString(), 431);
        }

        @Test
        void declaredBodyOverTheLimitIs413() throws IOException {
            rejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n", 413);
        }

        @Test
        void chunkedBodyOverTheLimitIs413() throws IOException {
            try (RawClient c = client()) {
                c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
                byte[] chunk = new byte[64 * 1024];
                String size = Integer.toHexString(chunk.length) + "\r\n";
                RawClient.Reply r = null;
                try {
                    for (int i = 0; i < 20; i++) {
                        c.send(size).send(chunk).send("\r\n");
                    }
                } catch (IOException closedEarly) {
                    // the server may stop reading once it has decided
                }
                r = c.read();
                assertEquals(413, r.status());
                assertEquals("close", r.header("connection"));
            }
            assertStillServing();
        }

        // ---- malformed input and smuggling ----

        @ParameterizedTest
        @ValueSource(strings = {
            "GET / HTTP/1.1\r\n\r\n",                                            // no Host
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",                      // two Hosts
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc",
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc",
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "GET / HTTP/1.1\nHost: a\n\n",                                       // bare LF
            "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n",                      // bare CR
            "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n",                   // obs-fold
            "GET / HTTP/1.1\r\nHost: a\r\nX : a\r\n\r\n",                        // space before colon
            "GET / HTTP/1.1\r\nHost: a\r\nX: a\u0000b\r\n\r\n",                  // NUL
            "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",                                // double space
            "GET / HTTP/1.1 \r\nHost: a\r\n\r\n",
            "GET / HTTP/11\r\nHost: a\r\n\r\n",
            "GET / http/1.1\r\nHost: a\r\n\r\n",
            "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
            "G@T / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET * HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",    // chunked not last
        })
        void malformedOrAmbiguousRequestsAre400AndClose(String request) throws IOException {
            rejected(request, 400);
        }

        @ParameterizedTest
        @ValueSource(strings = {"gzip, chunked", "identity, chunked"})
        void transferCodingsOtherThanChunkedAre501(String coding) throws IOException {
            rejected("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + coding + "\r\n\r\n", 501);
        }

        @ParameterizedTest
        @ValueSource(strings = {"gzip", "xchunked", "identity"})
        void transferCodingsWithoutChunkedLastAre400(String coding) throws IOException {
            // RFC 9112 6.3 item 4: the length cannot be determined, so 400 and close.
            rejected("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + coding + "\r\n\r\n", 400);
        }

        @Test
        void http2VersionIs505() throws IOException {
            rejected("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505);
        }

        @Test
        void smuggledRequestInsideABodyIsNeverExecuted() throws IOException {
            // CL.TE: a front end honouring Content-Length would forward the whole thing as one request.
            String smuggle = "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /http-error HTTP/1.1\r\nHost: a\r\n\r\n";
            try (RawClient c = client()) {
                RawClient.Reply r = c.send(smuggle).read();
                assertEquals(400, r.status());
                assertTrue(c.closedByServer(), "nothing after the rejected head may be parsed");
            }
        }

        @Test
        void bodyBytesArriveIntactAcrossManyWrites() throws IOException {
            byte[] body = new byte[300_000];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) (i * 31);
            }
            try (RawClient c = client()) {
                c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n");
                for (int off = 0; off < body.length; off += 7000) {
                    c.send(Arrays.copyOfRange(body, off, Math.min(body.length, off + 7000)));
                }
                RawClient.Reply r = c.read();
                assertArrayEquals(body, r.body());
            }
        }

        @Test
        void headerValuesKeepTheirBytes() throws IOException {
            try (RawClient c = client()) {
                byte[] req = "GET /info HTTP/1.1\r\nHost: h\u00e9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
                RawClient.Reply r = c.send(req).read();
                // Host with a non-ASCII byte is not a valid host name
                assertEquals(400, r.status());
            }
        }
    }
}
