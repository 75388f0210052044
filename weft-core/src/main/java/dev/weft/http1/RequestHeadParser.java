package dev.weft.http1;

import dev.weft.http.Authority;
import dev.weft.http.Headers;
import dev.weft.http.HttpChars;
import dev.weft.http.RequestLimits;

/**
 * Parses a request head per RFC 9112: a pure function from bytes to a {@link RequestHead}.
 *
 * <p>No sockets, threads or clocks: {@link #findHeadEnd} says where a head ends (or that a
 * limit was crossed before it could), and {@link #parse} turns exactly those bytes into a
 * validated head or a {@link ProtocolException} carrying the status to answer with.
 *
 * <p>Strict on purpose, because every leniency is a way for two parsers to disagree about
 * where a message ends (request smuggling): line endings must be CRLF; obs-fold, whitespace
 * before a colon and control bytes are refused; {@code Host} must appear once in HTTP/1.1
 * (at most once in 1.0) and, like the authority of an absolute-form target, be a valid
 * {@code uri-host [":" port]} ({@link Authority#validate}); {@code Content-Length} must be
 * plain digits and appear once; {@code Transfer-Encoding} must be exactly {@code chunked} and may not meet
 * {@code Content-Length}.
 */
public final class RequestHeadParser {

    private RequestHeadParser() {
    }

    /**
     * Finds the end of a head that starts at {@code from}: the index just past the blank line
     * that closes it, or {@code -1} if the bytes so far do not hold a whole head yet.
     *
     * @throws ProtocolException 414 if the request line outgrows its limit, 431 if the head does
     */
    public static int findHeadEnd(byte[] b, int from, int to, RequestLimits limits) throws ProtocolException {
        int lineEnd = -1; // the LF that ends the request line
        for (int i = from; i < to; i++) {
            if (b[i] != '\n') {
                continue;
            }
            if (lineEnd < 0) {
                if (i - from > limits.maxRequestLineBytes() + 1) {
                    throw new ProtocolException(414, "request line too long");
                }
                lineEnd = i;
            }
            // A blank line: LF followed by CRLF (or by a bare LF, which parse() then refuses).
            int end = -1;
            if (i + 1 < to && b[i + 1] == '\n') {
                end = i + 2;
            } else if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') {
                end = i + 3;
            }
            if (end >= 0) {
                checkFields(end - lineEnd - 1, limits);
                return end;
            }
        }
        if (lineEnd < 0) {
            if (to - from > limits.maxRequestLineBytes() + 1) {
                throw new ProtocolException(414, "request line too long");
            }
        } else {
            checkFields(to - lineEnd - 1, limits);
        }
        return -1;
    }

    private static void checkFields(int fieldBytes, RequestLimits limits) throws ProtocolException {
        if (fieldBytes > limits.maxHeaderBytes() + 2) {
            throw new ProtocolException(431, "request header section too large");
        }
    }

    /**
     * Parses the head held in {@code b[from, to)}, which must end with the blank line
     * found by {@link #findHeadEnd}.
     */
    public static RequestHead parse(byte[] b, int from, int to, RequestLimits limits) throws ProtocolException {
        Cursor c = new Cursor(b, from, to);

        // request-line = method SP request-target SP HTTP-version CRLF
        int lineEnd = c.lineEnd();
        if (lineEnd - from > limits.maxRequestLineBytes()) {
            throw new ProtocolException(414, "request line too long");
        }
        int sp1 = indexOf(b, from, lineEnd, (byte) ' ');
        if (sp1 <= from) {
            throw bad("malformed request line");
        }
        for (int i = from; i < sp1; i++) {
            if (!HttpChars.isTokenChar(b[i] & 0xff)) {
                throw bad("invalid character in method");
            }
        }
        int sp2 = indexOf(b, sp1 + 1, lineEnd, (byte) ' ');
        if (sp2 < 0 || sp2 == sp1 + 1) {
            throw bad("malformed request line");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            int ch = b[i] & 0xff;
            if (ch <= 0x20 || ch >= 0x7f) {
                throw bad("invalid character in request target");
            }
        }
        int minor = parseVersion(b, sp2 + 1, lineEnd);
        String method = method(b, from, sp1);
        String target = RepeatedStrings.string(b, sp1 + 1, sp2);
        c.pos = lineEnd + 2;

        Headers headers = parseFields(c, limits);
        return interpret(method, target, minor, headers, limits);
    }

    /** Parses field lines up to and including the blank line; also used for chunked trailers. */
    static Headers parseFields(Cursor c, RequestLimits limits) throws ProtocolException {
        byte[] b = c.b;
        int lines = 0; // field lines, plus the blank line: the exact size, so nothing grows
        for (int i = c.pos; i < c.end; i++) {
            if (b[i] == '\n') {
                lines++;
            }
        }
        Headers headers = new Headers(lines - 1);
        while (true) {
            int lineStart = c.pos;
            int lineEnd = c.lineEnd();
            if (lineEnd == lineStart) {
                c.pos = lineEnd + 2;
                return headers;
            }
            int first = b[lineStart];
            if (first == ' ' || first == '\t') {
                throw bad("obsolete line folding is not allowed");
            }
            if (headers.size() == limits.maxHeaderCount()) {
                throw new ProtocolException(431, "too many header fields");
            }
            int colon = lineStart;
            while (colon < lineEnd && b[colon] != ':') {
                if (!HttpChars.isTokenChar(b[colon] & 0xff)) {
                    throw bad(b[colon] == ' ' || b[colon] == '\t'
                            ? "whitespace before colon in header field"
                            : "invalid character in header field name");
                }
                colon++;
            }
            if (colon == lineEnd || colon == lineStart) {
                throw bad("malformed header field");
            }
            int vs = colon + 1;
            int ve = lineEnd;
            while (vs < ve && (b[vs] == ' ' || b[vs] == '\t')) {
                vs++;
            }
            while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
                ve--;
            }
            for (int i = vs; i < ve; i++) {
                int ch = b[i] & 0xff;
                if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                    throw bad("invalid character in header field value");
                }
            }
            String name = RepeatedStrings.name(b, lineStart, colon);
            headers.add(name, isSecret(name) ? latin1(b, vs, ve) : RepeatedStrings.string(b, vs, ve));
            c.pos = lineEnd + 2;
        }
    }

    /** Credentials are never kept in the cache that {@link RepeatedStrings} shares between connections. */
    private static boolean isSecret(String name) {
        return name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Cookie")
                || name.equalsIgnoreCase("Proxy-Authorization");
    }

    private static RequestHead interpret(String method, String target, int minor, Headers headers, RequestLimits limits)
            throws ProtocolException {
        boolean http11 = minor >= 1;

        // Host: RFC 9112 3.2 — exactly one in HTTP/1.1, at most one in HTTP/1.0.
        int hosts = headers.count("Host");
        if (hosts > 1) {
            throw bad("more than one Host header");
        }
        if (hosts == 0 && http11) {
            throw bad("missing Host header");
        }
        String host = hosts == 1 ? headers.first("Host") : "";
        checkAuthority(host, "Host header");

        // The request-target: origin-form, absolute-form, or * for OPTIONS.
        String authority = host;
        String rawPath;
        String rawQuery = null;
        if (target.indexOf('#') >= 0) {
            throw bad("fragment in request target");
        }
        String pathAndQuery;
        if (target.charAt(0) == '/') {
            pathAndQuery = target;
        } else if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw bad("asterisk target is only allowed with OPTIONS");
            }
            pathAndQuery = "*";
        } else if (startsWithIgnoreCase(target, "http://") || startsWithIgnoreCase(target, "https://")) {
            int authorityStart = target.indexOf("//") + 2;
            int slash = target.indexOf('/', authorityStart);
            int question = target.indexOf('?', authorityStart);
            int pathStart = slash < 0 ? question : (question < 0 ? slash : Math.min(slash, question));
            // RFC 9112 3.2.2: the target's authority wins over Host; RFC 9110 4.2.1: an http(s)
            // URI with an empty host is invalid.
            authority = target.substring(authorityStart, pathStart < 0 ? target.length() : pathStart);
            if (authority.isEmpty()) {
                throw bad("invalid authority in request target: empty host");
            }
            checkAuthority(authority, "authority in request target");
            pathAndQuery = pathStart < 0 ? "/" : (target.charAt(pathStart) == '?' ? "/" + target.substring(pathStart) : target.substring(pathStart));
        } else if (method.equals("CONNECT")) {
            throw new ProtocolException(501, "CONNECT is not supported");
        } else {
            throw bad("malformed request target");
        }
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            rawPath = pathAndQuery.substring(0, q);
            rawQuery = pathAndQuery.substring(q + 1);
        } else {
            rawPath = pathAndQuery;
        }

        long contentLength = framing(headers, http11, limits);

        boolean keepAlive = http11
                ? !headers.containsToken("Connection", "close")
                : headers.containsToken("Connection", "keep-alive") && !headers.containsToken("Connection", "close");

        boolean expectContinue = false;
        String expect = headers.first("Expect");
        if (expect != null) {
            if (headers.count("Expect") > 1 || !expect.equalsIgnoreCase("100-continue")) {
                throw new ProtocolException(417, "unsupported expectation");
            }
            // RFC 9110 10.1.1: a 100-continue expectation in an HTTP/1.0 request is ignored.
            expectContinue = http11 && contentLength != 0;
        }
        return new RequestHead(method, target, authority, rawPath, rawQuery, minor, headers, contentLength, keepAlive, expectContinue);
    }

    /** RFC 9112 6: decides how the body is delimited, refusing every ambiguous combination. */
    private static long framing(Headers headers, boolean http11, RequestLimits limits) throws ProtocolException {
        int teCount = headers.count("Transfer-Encoding");
        int clCount = headers.count("Content-Length");
        if (teCount > 0) {
            if (clCount > 0) {
                throw bad("both Transfer-Encoding and Content-Length");
            }
            if (!http11) {
                throw bad("Transfer-Encoding in an HTTP/1.0 request");
            }
            boolean chunkedLast = false;
            int codings = 0;
            for (String value : headers.all("Transfer-Encoding")) {
                for (String coding : value.split(",", -1)) {
                    String c = coding.strip();
                    if (c.isEmpty()) {
                        throw bad("empty transfer coding");
                    }
                    if (chunkedLast) {
                        throw bad("chunked must be the final transfer coding, and only once");
                    }
                    codings++;
                    if (c.equalsIgnoreCase("chunked")) {
                        chunkedLast = true;
                    } else if (!HttpChars.isToken(c)) {
                        throw bad("malformed transfer coding");
                    }
                }
            }
            if (!chunkedLast) {
                // RFC 9112 6.3 item 4: without chunked last the length cannot be determined.
                throw bad("chunked must be the final transfer coding");
            }
            if (codings > 1) {
                // RFC 9112 6.1: a coding the server does not understand.
                throw new ProtocolException(501, "only the chunked transfer coding is supported");
            }
            return RequestHead.CHUNKED;
        }
        if (clCount == 0) {
            return 0;
        }
        if (clCount > 1) {
            throw bad("more than one Content-Length header");
        }
        String value = headers.first("Content-Length");
        if (value.isEmpty() || value.length() > 18) {
            throw bad("invalid Content-Length");
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < '0' || ch > '9') {
                throw bad("invalid Content-Length");
            }
            length = length * 10 + (ch - '0');
        }
        if (length > limits.maxBodyBytes()) {
            throw new ProtocolException(413, "request body larger than " + limits.maxBodyBytes() + " bytes");
        }
        return length;
    }

    private static int parseVersion(byte[] b, int from, int to) throws ProtocolException {
        // HTTP-version = "HTTP/" DIGIT "." DIGIT, exactly
        if (to - from != 8 || b[from] != 'H' || b[from + 1] != 'T' || b[from + 2] != 'T' || b[from + 3] != 'P'
                || b[from + 4] != '/' || !isDigit(b[from + 5]) || b[from + 6] != '.' || !isDigit(b[from + 7])) {
            throw bad("malformed HTTP version");
        }
        if (b[from + 5] != '1') {
            throw new ProtocolException(505, "only HTTP/1.x is supported on this connection");
        }
        return b[from + 7] - '0';
    }

    /** RFC 9112 3.2 and RFC 3986 3.2: a {@code Host} or target authority that is not {@code uri-host [":" port]} is a 400. */
    private static void checkAuthority(String authority, String what) throws ProtocolException {
        try {
            Authority.validate(authority);
        } catch (IllegalArgumentException e) {
            throw bad("invalid " + what + ": " + e.getMessage());
        }
    }

    private static boolean isDigit(byte ch) {
        return ch >= '0' && ch <= '9';
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static String method(byte[] b, int from, int to) {
        // The common methods come back as constants, sparing a String per request.
        int n = to - from;
        if (n == 3 && b[from] == 'G' && b[from + 1] == 'E' && b[from + 2] == 'T') {
            return "GET";
        }
        if (n == 4 && b[from] == 'P' && b[from + 1] == 'O' && b[from + 2] == 'S' && b[from + 3] == 'T') {
            return "POST";
        }
        if (n == 4 && b[from] == 'H' && b[from + 1] == 'E' && b[from + 2] == 'A' && b[from + 3] == 'D') {
            return "HEAD";
        }
        return RepeatedStrings.string(b, from, to);
    }

    private static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static ProtocolException bad(String message) {
        return new ProtocolException(400, message);
    }

    /** A read position over a head; lines must end in CRLF. */
    static final class Cursor {
        final byte[] b;
        int pos;
        final int end;

        Cursor(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        /** The index of the CR that ends the line at {@link #pos}; refuses bare CR and bare LF. */
        int lineEnd() throws ProtocolException {
            for (int i = pos; i < end; i++) {
                byte ch = b[i];
                if (ch == '\r') {
                    if (i + 1 < end && b[i + 1] == '\n') {
                        return i;
                    }
                    throw bad("bare CR in request head");
                }
                if (ch == '\n') {
                    throw bad("bare LF in request head: lines must end with CRLF");
                }
                if (ch == 0) {
                    throw bad("NUL byte in request head");
                }
            }
            throw bad("incomplete request head");
        }
    }
}
