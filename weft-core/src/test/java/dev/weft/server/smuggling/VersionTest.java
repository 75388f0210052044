package dev.weft.server.smuggling;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP-version of the request line (RFC 9112 2.3: {@code "HTTP/" DIGIT "." DIGIT},
 * case-sensitive). Anything else is not an HTTP/1.x request line, so the head cannot be
 * trusted: {@code 400} and close. A well-formed version with another major number is
 * {@code 505} and close (RFC 9110 15.6.6); a later 1.x minor is served as HTTP/1.1
 * (RFC 9110 2.5).
 */
class VersionTest extends SmugglingHarness {

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.10", "HTTP/1", "HTTP/1.", "HTTP/1.1.1", "HTTP/01.1", "HTTP/ 1.1", "HTTPS/1.1",
        "http/1.1", "Http/1.1", "HTTP\\1.1", "HTTP/1,1", "HTTP/1.1 ", "HTTP/1.1\t", "HTTP/a.b", "HTTP/-1.1",
        "HTTP/11.1", "HTTP/1.1x", "HTTP/1.\u00b9", "HTTP/\u0661.1", "", "HTTP/1.1 HTTP/1.1"})
    void malformedVersionsAre400AndClose(String version) throws IOException {
        String line = version.isEmpty() ? "GET /a" : "GET /a " + version;
        assertRejected(line + "\r\nHost: a\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/3.0", "HTTP/0.9", "HTTP/9.9"})
    void otherMajorVersionsAre505AndClose(String version) throws IOException {
        assertRejected("GET /a " + version + "\r\nHost: a\r\n\r\n", 505);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /a HTTP/1.1\r\nHost: a\r\n\r\n", "GET /a HTTP/1.9\r\nHost: a\r\n\r\n",
        "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "GET /a HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\n"})
    void http1VersionsAreServed(String request) throws IOException {
        assertServedAsIntended(request, "/a");
    }
}
