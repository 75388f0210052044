package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Authority;
import dev.weft.http.Headers;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.routing.Router;
import dev.weft.test.FakeRequest;
import dev.weft.test.TestServer;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The protocol-neutral request model over a real connection: {@code scheme()},
 * {@code authority()} and {@code trailers()}, as a routed handler sees them (so through
 * {@code ForwardingRequest}, which must pass each one on).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestModelTest {

    private TestServer server;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.start(new Router()
                .get("/where", RequestModelTest::where)
                .post("/trailers", RequestModelTest::trailers));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static Response where(Request request) {
        Authority a = Authority.parse(request.authority());
        return Response.text(request.scheme() + " [" + request.authority() + "] host=" + a.host() + " port=" + a.port());
    }

    private static Response trailers(Request request) throws IOException {
        int before = request.trailers().size();
        InputStream body = request.body();
        String text = new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        Headers after = request.trailers();
        return Response.text("before=" + before + " body=" + text + " trailers=" + after);
    }

    /** The body of the one response {@code raw} gets. */
    private String body(String raw) throws IOException {
        String response = server.raw(raw);
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "example.com|http [example.com] host=example.com port=-1",
        "example.com:8080|http [example.com:8080] host=example.com port=8080",
        "[::1]:8080|http [[::1]:8080] host=[::1] port=8080",
        "[2001:db8::1]|http [[2001:db8::1]] host=[2001:db8::1] port=-1",
        "127.0.0.1:9|http [127.0.0.1:9] host=127.0.0.1 port=9",
    })
    void theHandlerSeesSchemeAndAuthority(String host, String expected) throws IOException {
        assertEquals(expected, body("GET /where HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void anAbsoluteFormTargetNamesTheAuthority() throws IOException {
        assertEquals("http [origin.example:81] host=origin.example port=81",
                body("GET http://origin.example:81/where HTTP/1.1\r\nHost: proxy.example\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void anEmptyHostIsAnEmptyAuthority() throws IOException {
        assertEquals("http [] host= port=-1", body("GET /where HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n"));
        assertEquals("http [] host= port=-1", body("GET /where HTTP/1.0\r\n\r\n"));
    }

    @Test
    void anInvalidHostNeverReachesTheHandler() throws IOException {
        String response = server.raw("GET /where HTTP/1.1\r\nHost: a:99999\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
        assertTrue(response.endsWith("invalid Host header: port out of range\n"), response);
    }

    @Test
    void trailersAreReadableOnceTheBodyHasBeenRead() throws IOException {
        String chunked = "POST /trailers HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n"
                + "Connection: close\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 11\r\nX-Note: a, b\r\n\r\n";
        assertEquals("before=0 body=hello world trailers=Headers[X-Sum: 11, X-Note: a, b]", body(chunked));
    }

    @Test
    void aTrailerSectionMayBeEmptyAndAFixedLengthBodyHasNone() throws IOException {
        assertEquals("before=0 body=hi trailers=Headers[]", body("POST /trailers HTTP/1.1\r\nHost: a\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\nhi\r\n0\r\n\r\n"));
        assertEquals("before=0 body=hi trailers=Headers[]", body("POST /trailers HTTP/1.1\r\nHost: a\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\nhi"));
    }

    @Test
    void framingFieldsInATrailerAreReportedAndChangeNothing() throws IOException {
        // Two requests in one write: the trailer's Content-Length must not eat the second one.
        String response = server.raw("POST /trailers HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nhi\r\n0\r\nContent-Length: 40\r\n\r\n"
                + "GET /where HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n");
        assertTrue(response.contains("before=0 body=hi trailers=Headers[Content-Length: 40]"), response);
        assertTrue(response.endsWith("http [b] host=b port=-1"), response);
    }

    @Test
    void requestsThatComeFromNoTransportHaveDefaults() {
        Request fake = new FakeRequest("GET", "/").header("Host", "example.com:80");
        assertEquals("http", fake.scheme());
        assertEquals("example.com:80", fake.authority());
        assertTrue(fake.trailers().isEmpty());
        assertEquals("", new FakeRequest("GET", "/").authority());
    }
}
