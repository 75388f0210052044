package dev.weft.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.RequestLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The head parser as a pure function: bytes in, head or status out. */
class RequestHeadParserTest {

    private static final RequestLimits LIMITS = RequestLimits.DEFAULTS;

    static RequestHead parse(String head) throws ProtocolException {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        int end = RequestHeadParser.findHeadEnd(b, 0, b.length, LIMITS);
        if (end < 0) {
            throw new AssertionError("incomplete head");
        }
        return RequestHeadParser.parse(b, 0, end, LIMITS);
    }

    static int status(String head) {
        return assertThrows(ProtocolException.class, () -> parse(head)).status();
    }

    @Test
    void parsesRequestLineAndFields() throws ProtocolException {
        RequestHead h = parse("POST /a/b%20c?x=1&y HTTP/1.1\r\nHost: example.com\r\nContent-Length: 12\r\n"
                + "X-Padded:   spaced value \t\r\n\r\n");
        assertEquals("POST", h.method());
        assertEquals("/a/b%20c?x=1&y", h.target());
        assertEquals("/a/b%20c", h.rawPath());
        assertEquals("x=1&y", h.rawQuery());
        assertTrue(h.isHttp11());
        assertEquals(12, h.contentLength());
        assertEquals("spaced value", h.headers().first("x-padded"), "OWS trimmed, case-insensitive lookup");
        assertTrue(h.keepAlive());
        assertFalse(h.expectContinue());
    }

    @Test
    void findHeadEndWaitsForTheBlankLine() throws ProtocolException {
        byte[] partial = "GET / HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, RequestHeadParser.findHeadEnd(partial, 0, partial.length, LIMITS));
        byte[] whole = "GET / HTTP/1.1\r\nHost: a\r\n\r\nBODY".getBytes(StandardCharsets.US_ASCII);
        assertEquals(whole.length - 4, RequestHeadParser.findHeadEnd(whole, 0, whole.length, LIMITS));
    }

    @Test
    void chunkedFraming() throws ProtocolException {
        assertEquals(RequestHead.CHUNKED, parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n").contentLength());
    }

    @Test
    void http10KeepAliveOnlyWhenAsked() throws ProtocolException {
        assertFalse(parse("GET / HTTP/1.0\r\n\r\n").keepAlive());
        assertTrue(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, close\r\n\r\n").keepAlive());
    }

    @Test
    void laterMinorVersionIsServedAsHttp11() throws ProtocolException {
        assertTrue(parse("GET / HTTP/1.7\r\nHost: a\r\n\r\n").isHttp11());
    }

    @Test
    void expectContinueOnlyMattersWithABody() throws ProtocolException {
        assertTrue(parse("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-Continue\r\n\r\n").expectContinue());
        assertFalse(parse("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n").expectContinue());
        assertFalse(parse("PUT / HTTP/1.0\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n").expectContinue(),
                "ignored in HTTP/1.0");
    }

    @Test
    void absoluteAndAsteriskForms() throws ProtocolException {
        RequestHead abs = parse("GET HTTP://example.com:8080?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertEquals("/", abs.rawPath());
        assertEquals("q=1", abs.rawQuery());
        RequestHead star = parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals("*", star.rawPath());
        assertNull(star.rawQuery());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "00", "123", "999999999999999999"})
    void goodContentLengths(String value) throws ProtocolException {
        RequestLimits unlimited = new RequestLimits(8192, 16384, 100, Long.MAX_VALUE, 0);
        byte[] b = ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + value + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(Long.parseLong(value), RequestHeadParser.parse(b, 0, b.length, unlimited).contentLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-10", "+10", "1,0", "10A", "1 0", "0x10", "1e3", "", "9999999999999999999", "١٢"})
    void badContentLengths(String value) {
        assertEquals(400, status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + value + "\r\n\r\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "chunked, chunked|400",
        "chunked, gzip|400",
        "gzip|400",                 // RFC 9112 6.3: chunked not final
        "gzip, chunked|501",
        "xchunked|400",
        "chunked;q=1|400",
        "' '|400",
        "chunked , |400",
    })
    void transferEncodings(String value, int expected) {
        assertEquals(expected, status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + value + "\r\n\r\n"));
    }

    @Test
    void teAndClTogetherAreRefusedWhateverTheOrder() {
        assertEquals(400, status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertEquals(400, status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding\t: chunked\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n Transfer-Encoding: chunked\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX-\u00e9: 1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: \u0001\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: \u007f\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n: empty name\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n",
        "GET /\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n\n",
        "GET / HTTP/1.1\rHost: a\r\n\r\n",
        "GET /#frag HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET example.com HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a@b\r\n\r\n",
        "GET / HTTP/1.\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/01.1\r\nHost: a\r\n\r\n",
        " GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /\tHTTP/1.1\r\nHost: a\r\n\r\n",
    })
    void malformedHeads(String head) {
        assertEquals(400, status(head));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/0.9", "HTTP/3.0"})
    void otherMajorVersionsAre505(String version) {
        assertEquals(505, status("GET / " + version + "\r\nHost: a\r\n\r\n"));
    }

    @Test
    void connectIs501() {
        assertEquals(501, status("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"));
    }

    @Test
    void limitsHaveTheirStatuses() {
        RequestLimits small = new RequestLimits(64, 256, 3, 10, 0);
        byte[] longLine = ("GET /" + "a".repeat(100) + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(414, assertThrows(ProtocolException.class,
                () -> RequestHeadParser.findHeadEnd(longLine, 0, longLine.length, small)).status(),
                "detected before the line is even complete");
        byte[] bigFields = ("GET / HTTP/1.1\r\nX: " + "v".repeat(300)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(431, assertThrows(ProtocolException.class,
                () -> RequestHeadParser.findHeadEnd(bigFields, 0, bigFields.length, small)).status());
        byte[] many = "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(431, assertThrows(ProtocolException.class,
                () -> RequestHeadParser.parse(many, 0, many.length, small)).status());
        byte[] big = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(413, assertThrows(ProtocolException.class,
                () -> RequestHeadParser.parse(big, 0, big.length, small)).status());
    }

    @Test
    void hostRules() {
        assertEquals(400, status("GET / HTTP/1.1\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com:8080", "127.0.0.1", "[::1]", "[::1]:8080", "[2001:db8::1]",
        "xn--bcher-kva.example", "a_b.example", "caf%C3%A9.example", "example.com:"})
    void theAuthorityIsTheValidatedHost(String host) throws ProtocolException {
        assertEquals(host, parse("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").authority());
    }

    @Test
    void theAbsoluteFormTargetsAuthorityWinsOverHost() throws ProtocolException {
        RequestHead h = parse("GET http://[::1]:8080/a?b HTTP/1.1\r\nHost: proxy.example\r\n\r\n");
        assertEquals("[::1]:8080", h.authority());
        assertEquals("/a", h.rawPath());
        assertEquals("example.com", parse("GET https://example.com HTTP/1.1\r\nHost: x\r\n\r\n").authority());
    }

    @Test
    void anEmptyOrAbsentHostIsAnEmptyAuthority() throws ProtocolException {
        assertEquals("", parse("GET / HTTP/1.1\r\nHost:\r\n\r\n").authority(), "RFC 9112 3.2: allowed, empty");
        assertEquals("", parse("GET / HTTP/1.0\r\n\r\n").authority(), "HTTP/1.0 needs no Host");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Host: a:abc|invalid Host header: port is not a number",
        "Host: a:99999|invalid Host header: port out of range",
        "Host: a:-1|invalid Host header: port is not a number",
        "Host: a@b|invalid Host header: userinfo is not allowed",
        "Host: a b|invalid Host header: invalid character in host",
        "Host: <a>|invalid Host header: invalid character in host",
        "Host: [::1|invalid Host header: IP literal without its closing bracket",
        "Host: [1::2::3]|invalid Host header: malformed IP literal",
        "Host: :80|invalid Host header: empty host before a port",
    })
    void anInvalidHostIs400AndSaysWhy(String field, String message) {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> parse("GET / HTTP/1.1\r\n" + field + "\r\n\r\n"));
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://user@example.com/|invalid authority in request target: userinfo is not allowed",
        "http://example.com:99999/|invalid authority in request target: port out of range",
        "http:///path|invalid authority in request target: empty host",
        "http://:80/|invalid authority in request target: empty host before a port",
        "http://[::g]/|invalid authority in request target: malformed IP literal",
    })
    void anInvalidTargetAuthorityIs400(String target, String message) {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> parse("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage());
    }

    @Test
    void aValidTargetAuthorityDoesNotExcuseAnInvalidHost() {
        // RFC 9112 3.2: a Host field with an invalid value is a 400, whatever the target says.
        assertEquals(400, status("GET http://example.com/ HTTP/1.1\r\nHost: a@b\r\n\r\n"));
        assertEquals(400, status("GET http://example.com/ HTTP/1.1\r\n\r\n"), "and HTTP/1.1 still needs one");
    }
}
