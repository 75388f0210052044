package dev.weft.http1;

import dev.weft.http.Headers;

/**
 * A parsed and validated request head: the request line, the header fields and what they
 * mean for the message's framing and the connection.
 *
 * @param method        the method token, e.g. {@code GET}
 * @param target        the request-target as sent
 * @param authority     the authority the request is for, validated: the absolute-form
 *                      target's if it has one, else the {@code Host} field's; empty for an
 *                      empty {@code Host}, or none in HTTP/1.0
 * @param rawPath       the path part of the target (still percent-encoded); {@code *} for
 *                      the asterisk form
 * @param rawQuery      the query part without {@code ?}, or {@code null}
 * @param minorVersion  0 for HTTP/1.0, 1 for HTTP/1.1 (and later 1.x, answered as 1.1)
 * @param headers       the header fields in order
 * @param contentLength the body length, {@link #CHUNKED} for a chunked body, 0 for none
 * @param keepAlive     whether the client allows the connection to stay open afterwards
 * @param expectContinue whether the client waits for {@code 100 Continue} before the body
 */
public record RequestHead(
        String method,
        String target,
        String authority,
        String rawPath,
        String rawQuery,
        int minorVersion,
        Headers headers,
        long contentLength,
        boolean keepAlive,
        boolean expectContinue) {

    /** {@link #contentLength()} of a chunked body. */
    public static final long CHUNKED = -1;

    /** Whether the request is HTTP/1.1 (or a later 1.x). */
    public boolean isHttp11() {
        return minorVersion >= 1;
    }

    /** {@code HTTP/1.0} or {@code HTTP/1.1}. */
    public String protocol() {
        return isHttp11() ? "HTTP/1.1" : "HTTP/1.0";
    }

    /** Whether this is a {@code HEAD} request, whose response carries no body. */
    public boolean isHead() {
        return "HEAD".equals(method);
    }
}
