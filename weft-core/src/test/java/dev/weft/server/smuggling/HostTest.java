package dev.weft.server.smuggling;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code Host} field (RFC 9112 3.2): exactly one in HTTP/1.1, at most one in HTTP/1.0,
 * and a valid RFC 3986 {@code uri-host [ ":" port ]}. A server and a proxy in front of it
 * that read one request's host differently route, cache or authorize it differently, so
 * anything but a valid host is {@code 400} and close, before any handler sees it.
 */
class HostTest extends SmugglingHarness {

    @ParameterizedTest
    @ValueSource(strings = {
        "a:abc", "a:99999", "a:-1", "a:65536", "a:8080:1", "a: 80",  // bad ports
        "a b", "\"a\"", "<a>", "a\\b", "{a}", "a/b", "b\u00fccher.example", "a%2", // bad characters
        "a@b", "user:pw@a",                                            // userinfo
        "[::1", "[::1]x", "[1::2::3]", "[127.0.0.1]", "[fe80::1%25eth0]", ":80", // bad literals, empty host
    })
    void anInvalidHostIs400AndClose(String host) throws IOException {
        assertRejected("GET /a HTTP/1.1\r\nHost: " + host + "\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /a HTTP/1.1\r\n\r\n",                                    // none in HTTP/1.1
        "GET /a HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n",              // two, even alike
        "GET /a HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n",
        "GET /a HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n",              // two in HTTP/1.0
        "GET http://a@b/a HTTP/1.1\r\nHost: b\r\n\r\n",              // userinfo in the target
        "GET http://b:99999/a HTTP/1.1\r\nHost: b\r\n\r\n",
        "GET http://b/a HTTP/1.1\r\nHost: a b\r\n\r\n",               // the target does not excuse Host
    })
    void aMissingRepeatedOrInvalidAuthorityIs400AndClose(String head) throws IOException {
        assertRejected(head, 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com:8080", "127.0.0.1", "[::1]", "[::1]:8080", "[2001:db8::1]",
        "xn--bcher-kva.example", "a_b.example", "caf%C3%A9.example", "example.com:", ""})
    void aValidHostIsServed(String host) throws IOException {
        assertServedAsIntended("GET /a HTTP/1.1\r\nHost: " + host + "\r\n\r\n", "/a");
    }
}
